import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { createPhysical, kit, type PhysicalFixture } from './virtual-fixtures.ts';

let p: TestPlatform;
let noc: LoggedIn;
let phys: PhysicalFixture;
beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  phys = await createPhysical(p, { ports: { 'xe-0/0/1': 100_000 } });
});
afterAll(async () => p?.close());
const { mgmt, auditOf, tenantWithNet } = kit(() => p);

interface Pool {
  id: string;
  family: number;
  prefix: string;
  assignLength: number;
  assigned: number;
  blocks: number;
  owner: string;
}
interface Conn {
  id: string;
  addressing: { ipv4: { prefix: string } | null; ipv6: { prefix: string } | null; customerSubnets: string[] };
}

const conn = (vnetId: string, serviceId: string, extra: Record<string, unknown> = {}) =>
  mgmt(noc, 'POST', `/api/v1/virtual-networks/${vnetId}/connections`, {
    serviceId,
    name: 'site',
    portId: phys.ports['xe-0/0/1'],
    bandwidthMbps: 10,
    ipsec: { peerAddress: '203.0.113.20', auth: 'psk' },
    ...extra,
  });

describe(`address pools (${engineName})`, () => {
  it('adds IPv4 and IPv6 pools with default assignment lengths, lists usage, deletes an unused one', async () => {
    const t = await createTenant(p.db.database);
    const v4 = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, { prefix: '10.20.0.0/24' });
    expect(v4.statusCode, v4.body).toBe(201);
    expect(v4.json<Pool>()).toMatchObject({
      family: 4,
      prefix: '10.20.0.0/24',
      assignLength: 30,
      assigned: 0,
      blocks: 64,
      owner: 'provider',
    });
    const v6 = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, {
      prefix: '2001:db8:20::/64',
      assignLength: 127,
    });
    expect(v6.statusCode).toBe(400);
    const v6ok = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, { prefix: '2001:DB8:20::/64' });
    expect(v6ok.json<Pool>()).toMatchObject({ family: 6, prefix: '2001:db8:20::/64', assignLength: 126 });
    const list = await mgmt(noc, 'GET', `/api/v1/tenants/${t.id}/pools`);
    expect(list.json<Pool[]>().map((x) => x.prefix)).toEqual(['10.20.0.0/24', '2001:db8:20::/64']);
    const del = await mgmt(noc, 'DELETE', `/api/v1/pools/${v6ok.json<Pool>().id}`);
    expect(del.statusCode).toBe(204);
    expect((await auditOf(v6ok.json<Pool>().id)).map((a) => [a.action, a.summary])).toEqual([
      ['pool.create', { prefix: '2001:db8:20::/64', assignLength: 126 }],
      ['pool.delete', { prefix: '2001:db8:20::/64' }],
    ]);
  });

  it('refuses host bits, an assignment length outside the pool, overlapping pools and management networks', async () => {
    const t = await createTenant(p.db.database);
    const host = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, { prefix: '10.30.0.1/24' });
    expect(host.statusCode).toBe(400);
    expect(host.json()).toMatchObject({ errors: [{ field: '/body/prefix', code: 'prefix_host_bits' }] });
    expect(host.json<{ errors: { message: string }[] }>().errors[0]!.message).toContain('10.30.0.0/24');
    const junk = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, { prefix: 'ten/8' });
    expect(junk.json()).toMatchObject({ errors: [{ field: '/body/prefix', code: 'prefix_format' }] });
    const wide = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, {
      prefix: '10.30.0.0/29',
      assignLength: 28,
    });
    expect(wide.json()).toMatchObject({ errors: [{ field: '/body/assignLength', code: 'out_of_range' }] });
    expect(
      (await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, { prefix: '10.30.0.0/24' })).statusCode,
    ).toBe(201);
    const overlap = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, { prefix: '10.30.0.128/25' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'address_overlap', overlapsWith: '10.30.0.0/24' });
    // another tenant may use the same private range: its virtual networks are separate
    const other = await createTenant(p.db.database);
    expect(
      (await mgmt(noc, 'POST', `/api/v1/tenants/${other.id}/pools`, { prefix: '10.30.0.0/24' })).statusCode,
    ).toBe(201);
    const mgmtNet = await mgmt(
      noc,
      'POST',
      `/api/v1/tenants/${t.id}/pools`,
      { prefix: phys.mgmtPrefix.replace('/24', '/25') },
      'ja',
    );
    expect(mgmtNet.statusCode).toBe(409);
    expect(mgmtNet.json()).toMatchObject({ code: 'mgmt_network_overlap', mgmtPrefix: phys.mgmtPrefix });
    expect(mgmtNet.json<{ title: string }>().title).toBe(
      '管理ネットワークと重複するアドレスは使用できません。',
    );
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(
      (await mgmt(noc, 'POST', `/api/v1/tenants/${missing}/pools`, { prefix: '10.0.0.0/24' })).statusCode,
    ).toBe(404);
    expect((await mgmt(noc, 'GET', `/api/v1/tenants/${missing}/pools`)).statusCode).toBe(404);
    expect((await mgmt(noc, 'DELETE', `/api/v1/pools/${missing}`)).statusCode).toBe(404);
  });

  it('runs out: a /29 pool gives two /30s, the third connection is refused with pool_exhausted', async () => {
    const { t, vnetId } = await tenantWithNet(noc, { services: 3, pool4: '10.40.0.0/29', pool6: null });
    const a = await conn(vnetId, t.serviceIds[0]!);
    const b = await conn(vnetId, t.serviceIds[1]!);
    expect([a.json<Conn>().addressing.ipv4?.prefix, b.json<Conn>().addressing.ipv4?.prefix]).toEqual([
      '10.40.0.0/30',
      '10.40.0.4/30',
    ]);
    expect(a.json<Conn>().addressing.ipv6).toBeNull();
    const c = await conn(vnetId, t.serviceIds[2]!);
    expect(c.statusCode).toBe(409);
    expect(c.json()).toMatchObject({ code: 'pool_exhausted', family: 4, pools: '10.40.0.0/29' });
    // a pool holding assignments cannot be deleted; the listing counts them
    const pools = (await mgmt(noc, 'GET', `/api/v1/tenants/${t.id}/pools`)).json<Pool[]>();
    expect(pools[0]).toMatchObject({ assigned: 2, blocks: 2 });
    const del = await mgmt(noc, 'DELETE', `/api/v1/pools/${pools[0]!.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ code: 'in_use' });
    // deleting a connection frees its block for the next one
    expect((await mgmt(noc, 'DELETE', `/api/v1/connections/${a.json<Conn>().id}`)).statusCode).toBe(204);
    const again = await conn(vnetId, t.serviceIds[2]!);
    expect(again.json<Conn>().addressing.ipv4?.prefix).toBe('10.40.0.0/30');
  });

  it('without any pool and without explicit prefixes the connection is refused; explicit prefixes need no pool', async () => {
    const { t, vnetId } = await tenantWithNet(noc, { services: 2, pool4: null, pool6: null });
    const none = await conn(vnetId, t.serviceIds[0]!);
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ code: 'pool_exhausted' });
    const explicit = await conn(vnetId, t.serviceIds[0]!, {
      ipv4Prefix: '100.64.9.0/30',
      ipv6Prefix: '2001:db8:9::/126',
    });
    expect(explicit.statusCode, explicit.body).toBe(201);
    expect(explicit.json<Conn>().addressing).toMatchObject({
      ipv4: { prefix: '100.64.9.0/30' },
      ipv6: { prefix: '2001:db8:9::/126' },
    });
  });

  it('keeps addresses apart inside a virtual network: transfer prefixes, subnets and management networks', async () => {
    const { t, vnetId } = await tenantWithNet(noc, { services: 4, pool4: '10.60.0.0/24', pool6: null });
    const first = await conn(vnetId, t.serviceIds[0]!, { customerSubnets: ['192.168.1.0/24'] });
    expect(first.statusCode, first.body).toBe(201);
    // an explicit prefix taken by the first connection
    const taken = await conn(vnetId, t.serviceIds[1]!, { ipv4Prefix: '10.60.0.0/30' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({
      code: 'address_overlap',
      prefix: '10.60.0.0/30',
      overlapsWith: '10.60.0.0/30',
    });
    // a subnet overlapping the first connection's LAN, and one containing the pool's first block
    const lan = await conn(vnetId, t.serviceIds[1]!, { customerSubnets: ['192.168.0.0/16'] });
    expect(lan.json()).toMatchObject({
      code: 'address_overlap',
      field: '/body/customerSubnets/0',
      overlapsWith: '192.168.1.0/24',
    });
    expect(lan.json<{ detail: string }>().detail).toContain('connection "site"');
    // own subnets overlapping each other
    const self = await conn(vnetId, t.serviceIds[1]!, {
      customerSubnets: ['172.31.0.0/24', '172.31.0.128/25'],
    });
    expect(self.json()).toMatchObject({ code: 'address_overlap' });
    const mgmtLan = await conn(vnetId, t.serviceIds[1]!, { customerSubnets: [phys.mgmtPrefix] });
    expect(mgmtLan.json()).toMatchObject({ code: 'mgmt_network_overlap' });
    const wrongFamily = await conn(vnetId, t.serviceIds[1]!, { ipv4Prefix: '2001:db8::/126' });
    expect(wrongFamily.json()).toMatchObject({ errors: [{ field: '/body/ipv4Prefix', code: 'family' }] });
    const tooSmall = await conn(vnetId, t.serviceIds[1]!, { ipv4Prefix: '10.99.0.0/31' });
    expect(tooSmall.json()).toMatchObject({ errors: [{ field: '/body/ipv4Prefix', code: 'too_small' }] });
    // a LAN that happens to cover the pool's next block: allocation skips past it
    const skip = await conn(vnetId, t.serviceIds[1]!, { customerSubnets: ['10.60.0.4/30'] });
    expect(skip.statusCode, skip.body).toBe(201);
    expect(skip.json<Conn>().addressing.ipv4?.prefix).toBe('10.60.0.8/30');
    // the same LAN in another virtual network of the same tenant is fine
    const v2 = (
      await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: 'second' })
    ).json<{ id: string }>();
    const elsewhere = await conn(v2.id, t.serviceIds[2]!, { customerSubnets: ['192.168.1.0/24'] });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
  });
});
