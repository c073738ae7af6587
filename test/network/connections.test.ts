import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { openSecret } from '../../src/modules/tenancy/keys.ts';
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
  // limit = capacity × 1: easy arithmetic
  phys = await createPhysical(p, { ports: { 'xe-0/0/1': 1000, 'xe-0/0/2': 1000 }, oversubscription: 1 });
});
afterAll(async () => p?.close());
const { sys, mgmt, auditOf, personal, tenantWithNet, addService } = kit(() => p);

interface Conn {
  id: string;
  name: string;
  kind: string;
  status: string;
  bandwidthMbps: number;
  addressing: {
    ipv4: { prefix: string; peAddress: string; customerAddress: string } | null;
    ipv6: { prefix: string; peAddress: string; customerAddress: string } | null;
    customerSubnets: string[];
  };
  ipsec: Record<string, unknown> | null;
  handoffId: number | null;
  pskSet: boolean;
  pskGenerated?: boolean;
  placement: { port: { id: string; name: string }; device: { hostname: string } } | null;
  placementOverride: { reason: string; totalMbps: number; limitMbps: number; staffId: string } | null;
}

const ipsec = (serviceId: string, portId: string, extra: Record<string, unknown> = {}) => ({
  serviceId,
  name: 'hq',
  portId,
  bandwidthMbps: 50,
  ipsec: { peerAddress: '203.0.113.10', auth: 'psk' },
  ...extra,
});
const create = (vnetId: string, body: Record<string, unknown>, lang = 'en') =>
  mgmt(noc, 'POST', `/api/v1/virtual-networks/${vnetId}/connections`, body, lang);
const port1 = () => phys.ports['xe-0/0/1']!;
const port2 = () => phys.ports['xe-0/0/2']!;

/** Frees both ports between tests: each test sets up the load it needs. */
async function clearPorts() {
  await sys(() =>
    db().deleteFrom('customer.connection').where('port_id', 'in', [port1(), port2()]).execute(),
  );
}

describe(`placing connections (${engineName})`, () => {
  it('places an IPsec connection with a generated PSK, addresses from the pools; the PSK is stored sealed and never read back', async () => {
    await clearPorts();
    const { t, vnetId } = await tenantWithNet(noc, { pool4: '10.51.0.0/24', pool6: '2001:db8:51::/120' });
    const r = await create(
      vnetId,
      ipsec(t.serviceIds[0]!, port1(), { customerSubnets: ['192.168.10.0/24'] }),
    );
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json<Conn>();
    expect(c).toMatchObject({
      kind: 'ipsec',
      status: 'planned',
      bandwidthMbps: 50,
      pskSet: true,
      pskGenerated: true,
      handoffId: null,
      addressing: {
        ipv4: { prefix: '10.51.0.0/30', peAddress: '10.51.0.1', customerAddress: '10.51.0.2' },
        ipv6: { prefix: '2001:db8:51::/126', peAddress: '2001:db8:51::1', customerAddress: '2001:db8:51::2' },
        customerSubnets: ['192.168.10.0/24'],
      },
      ipsec: {
        peerAddress: '203.0.113.10',
        auth: 'psk',
        ikeProposals: ['aes256gcm16-prfsha256-ecp256'],
        espProposals: ['aes256gcm16-ecp256'],
        localId: phys.underlay,
        remoteId: '203.0.113.10',
        remoteCa: null,
      },
      placement: { port: { id: port1(), name: 'xe-0/0/1' }, device: { hostname: phys.hostname } },
      placementOverride: null,
    });
    const row = await sys(() =>
      db()
        .selectFrom('customer.connection')
        .select(['psk_sealed'])
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow(),
    );
    const psk = await sys(() => openSecret(p.config, t.id, `psk:${c.id}`, row.psk_sealed!));
    expect(psk).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(row.psk_sealed!).includes(Buffer.from(psk))).toBe(false);
    // sealed for this connection: another purpose does not open it
    await expect(sys(() => openSecret(p.config, t.id, 'psk:other', row.psk_sealed!))).rejects.toThrow();
    for (const url of [`/api/v1/connections/${c.id}`, `/api/v1/tenants/${t.id}/connections`]) {
      const read = await mgmt(noc, 'GET', url);
      expect(read.statusCode).toBe(200);
      expect(read.body).not.toContain(psk);
    }
    expect(r.body).not.toContain(psk);
    const audit = await auditOf(c.id);
    expect(audit.map((a) => a.action)).toEqual(['connection.create']);
    expect(JSON.stringify(audit)).not.toContain(psk);
    expect(audit[0]!.summary).toMatchObject({ port: port1(), bandwidthMbps: 50, ipv4Prefix: '10.51.0.0/30' });
  });

  it('seals a given PSK: the stored bytes do not contain it', async () => {
    await clearPorts();
    const { t, vnetId } = await tenantWithNet(noc);
    const given = 'Kx9-given-pre-shared-key-2026!';
    const r = await create(
      vnetId,
      ipsec(t.serviceIds[0]!, port1(), { ipsec: { peerAddress: '203.0.113.11', auth: 'psk', psk: given } }),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json<Conn>().pskGenerated).toBe(false);
    expect(r.body).not.toContain(given);
    const row = await sys(() =>
      db()
        .selectFrom('customer.connection')
        .select('psk_sealed')
        .where('id', '=', r.json<Conn>().id)
        .executeTakeFirstOrThrow(),
    );
    expect(Buffer.from(row.psk_sealed!).includes(Buffer.from(given))).toBe(false);
    expect(Buffer.from(row.psk_sealed!).toString('latin1')).not.toContain('given-pre-shared');
    expect(await sys(() => openSecret(p.config, t.id, `psk:${r.json<Conn>().id}`, row.psk_sealed!))).toBe(
      given,
    );
  });

  it('refuses a placement over the limit with problem+json naming port, capacity and requested total (ja and en)', async () => {
    await clearPorts();
    const { t, vnetId } = await tenantWithNet(noc, { services: 0 });
    const big = await addService(t, 'ipsec', 1000);
    const other = await addService(t, 'ipsec', 1000);
    expect((await create(vnetId, ipsec(big, port1(), { bandwidthMbps: 800 }))).statusCode).toBe(201);
    const body = ipsec(other, port1(), {
      name: 'branch',
      bandwidthMbps: 300,
      ipsec: { peerAddress: '203.0.113.12', auth: 'psk' },
    });
    const en = await create(vnetId, body);
    expect(en.statusCode).toBe(409);
    expect(en.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(en.json()).toMatchObject({
      code: 'capacity_exceeded',
      status: 409,
      portId: port1(),
      port: `${phys.hostname} xe-0/0/1`,
      capacityMbps: 1000,
      limitMbps: 1000,
      contractedMbps: 800,
      requestedTotalMbps: 1100,
    });
    expect(en.json<{ detail: string }>().detail).toMatch(/xe-0\/0\/1.*capacity 1000 Mbit\/s.*1100 Mbit\/s/);
    const ja = await create(vnetId, body, 'ja');
    expect(ja.json<{ detail: string; title: string }>().detail).toMatch(/容量 1000 Mbit\/s.*1100 Mbit\/s/);
    // nothing was written
    const count = await sys(() =>
      db().selectFrom('customer.connection').select('id').where('service_id', '=', other).execute(),
    );
    expect(count).toEqual([]);
    // exactly at the limit is fine
    expect((await create(vnetId, { ...body, bandwidthMbps: 200 })).statusCode).toBe(201);
  });

  it('allows an over-limit placement with an override reason: recorded on the connection and audited', async () => {
    await clearPorts();
    const { t, vnetId } = await tenantWithNet(noc, { services: 0 });
    const a = await addService(t, 'ipsec', 1000);
    const b = await addService(t, 'ipsec', 1000);
    await create(vnetId, ipsec(a, port1(), { bandwidthMbps: 900 }));
    const blank = await create(
      vnetId,
      ipsec(b, port1(), { name: 'x', bandwidthMbps: 200, placementOverride: { reason: '   ' } }),
    );
    expect(blank.statusCode).toBe(400);
    const r = await create(
      vnetId,
      ipsec(b, port1(), {
        name: 'burst',
        bandwidthMbps: 200,
        ipsec: { peerAddress: '203.0.113.13', auth: 'psk' },
        placementOverride: { reason: 'Augmentation to 10G on 2026-12-01 (plan #12)' },
      }),
    );
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json<Conn>();
    expect(c.placementOverride).toMatchObject({
      reason: 'Augmentation to 10G on 2026-12-01 (plan #12)',
      totalMbps: 1100,
      limitMbps: 1000,
    });
    const audit = await auditOf(c.id);
    expect(audit.map((x) => x.action)).toEqual(['connection.placement_override', 'connection.create']);
    expect(audit[0]!.summary).toMatchObject({
      portId: port1(),
      port: `${phys.hostname} xe-0/0/1`,
      capacityMbps: 1000,
      limitMbps: 1000,
      requestedTotalMbps: 1100,
    });
    expect(audit[0]!.actor_kind).toBe('staff');
    expect((await personal(audit[0]!.personal_ref!)).data).toMatchObject({
      data: { reason: 'Augmentation to 10G on 2026-12-01 (plan #12)' },
    });
    expect(audit[1]!.summary).toMatchObject({ placementOverride: true });
    // the port is now over its threshold: the capacity check is queued instead of waiting an hour
    const queued = await sys(() =>
      db()
        .selectFrom('ops.job')
        .select('singleton_key')
        .where('name', '=', 'capacity.alerts')
        .where('singleton_key', 'like', 'capacity.alerts:%')
        .execute(),
    );
    expect(queued.length).toBeGreaterThanOrEqual(1);
    // an override that is not needed records nothing
    await clearPorts();
    const c2 = await create(vnetId, ipsec(a, port1(), { placementOverride: { reason: 'just in case' } }));
    expect(c2.json<Conn>().placementOverride).toBeNull();
    expect((await auditOf(c2.json<Conn>().id)).map((x) => x.action)).toEqual(['connection.create']);
  });

  it("checks the service: the tenant's own, ipsec or direct, bandwidth within the contract, active contract", async () => {
    await clearPorts();
    const { t, vnetId } = await tenantWithNet(noc);
    const stranger = await createTenant(p.db.database);
    const foreign = await create(vnetId, ipsec(stranger.serviceIds[0]!, port1()));
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ errors: [{ field: '/body/serviceId', code: 'unknown_service' }] });
    const option = await create(vnetId, ipsec(await addService(t, 'option', null), port1()));
    expect(option.json()).toMatchObject({ errors: [{ field: '/body/serviceId', code: 'not_a_line' }] });
    const over = await create(vnetId, ipsec(t.serviceIds[0]!, port1(), { bandwidthMbps: 101 }), 'ja');
    expect(over.statusCode).toBe(400);
    expect(over.json()).toMatchObject({ errors: [{ field: '/body/bandwidthMbps', code: 'over_contract' }] });
    expect(over.json<{ errors: { message: string }[] }>().errors[0]!.message).toMatch(
      /契約帯域（100 Mbit\/s）/,
    );
    const noIpsec = await create(vnetId, { ...ipsec(t.serviceIds[0]!, port1()), ipsec: undefined });
    expect(noIpsec.json()).toMatchObject({ errors: [{ field: '/body/ipsec', code: 'required' }] });
    const handoff = await create(vnetId, ipsec(t.serviceIds[0]!, port1(), { handoffId: 5 }));
    expect(handoff.json()).toMatchObject({ errors: [{ field: '/body/handoffId', code: 'not_allowed' }] });
    const backbone = await create(vnetId, ipsec(t.serviceIds[0]!, phys.backbonePortId));
    expect(backbone.json()).toMatchObject({ errors: [{ field: '/body/portId', code: 'not_access_port' }] });
    const noPort = await create(vnetId, ipsec(t.serviceIds[0]!, '00000000-0000-4000-8000-000000000001'));
    expect(noPort.json()).toMatchObject({ errors: [{ field: '/body/portId', code: 'unknown_port' }] });
    const noVnet = await create('00000000-0000-4000-8000-000000000002', ipsec(t.serviceIds[0]!, port1()));
    expect(noVnet.statusCode).toBe(404);
    await sys(() =>
      db()
        .updateTable('customer.contract')
        .set({ status: 'terminating' })
        .where('id', '=', t.contractId)
        .execute(),
    );
    const ending = await create(vnetId, ipsec(t.serviceIds[0]!, port1()));
    expect(ending.statusCode).toBe(409);
  });

  it('checks IPsec settings: allowed proposals, PSK length, peer address, certificate authentication', async () => {
    await clearPorts();
    const { t, vnetId } = await tenantWithNet(noc);
    const svc = t.serviceIds[0]!;
    const weak = await create(
      vnetId,
      ipsec(svc, port1(), {
        ipsec: { peerAddress: '203.0.113.1', auth: 'psk', ikeProposals: ['3des-md5-modp1024'] },
      }),
    );
    expect(weak.statusCode).toBe(400);
    expect(JSON.stringify(weak.json())).toContain('/body/ipsec/ikeProposals/0');
    const short = await create(
      vnetId,
      ipsec(svc, port1(), { ipsec: { peerAddress: '203.0.113.1', auth: 'psk', psk: 'short-key-123' } }),
    );
    expect(short.json()).toMatchObject({ errors: [{ field: '/body/ipsec/psk', code: 'length' }] });
    const simple = await create(
      vnetId,
      ipsec(svc, port1(), { ipsec: { peerAddress: '203.0.113.1', auth: 'psk', psk: 'a'.repeat(30) } }),
    );
    expect(simple.json()).toMatchObject({ errors: [{ field: '/body/ipsec/psk', code: 'weak' }] });
    const loop = await create(
      vnetId,
      ipsec(svc, port1(), { ipsec: { peerAddress: '127.0.0.1', auth: 'psk' } }),
    );
    expect(loop.json()).toMatchObject({ errors: [{ field: '/body/ipsec/peerAddress', code: 'range' }] });
    const bad = await create(
      vnetId,
      ipsec(svc, port1(), { ipsec: { peerAddress: 'gw.example', auth: 'psk' } }),
    );
    expect(bad.json()).toMatchObject({ errors: [{ field: '/body/ipsec/peerAddress', code: 'format' }] });
    const inMgmt = await create(
      vnetId,
      ipsec(svc, port1(), { ipsec: { peerAddress: phys.mgmtPrefix.replace(/0\/24$/, '99'), auth: 'psk' } }),
    );
    expect(inMgmt.statusCode).toBe(409);
    expect(inMgmt.json()).toMatchObject({ code: 'mgmt_network_overlap' });

    const ca = await generate([{ name: 'commonName', value: 'Minato Root CA' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'basicConstraints', cA: true }],
    });
    const leaf = await generate([{ name: 'commonName', value: 'gw.minato.example' }], {
      keySize: 2048,
      algorithm: 'sha256',
    });
    const noRemote = await create(
      vnetId,
      ipsec(svc, port1(), { ipsec: { peerAddress: '203.0.113.1', auth: 'cert', remoteCaPem: ca.cert } }),
    );
    expect(noRemote.json()).toMatchObject({ errors: [{ field: '/body/ipsec/remoteId', code: 'required' }] });
    const notCa = await create(
      vnetId,
      ipsec(svc, port1(), {
        ipsec: {
          peerAddress: '203.0.113.1',
          auth: 'cert',
          remoteId: 'gw.minato.example',
          remoteCaPem: leaf.cert,
        },
      }),
    );
    expect(notCa.json()).toMatchObject({ errors: [{ field: '/body/ipsec/remoteCaPem', code: 'not_ca' }] });
    const garbage = await create(
      vnetId,
      ipsec(svc, port1(), {
        ipsec: { peerAddress: '203.0.113.1', auth: 'cert', remoteId: 'gw', remoteCaPem: 'not a pem' },
      }),
    );
    expect(garbage.json()).toMatchObject({ errors: [{ field: '/body/ipsec/remoteCaPem', code: 'format' }] });
    const cert = await create(
      vnetId,
      ipsec(svc, port1(), {
        ipsec: {
          peerAddress: '2001:db8:ffff::10',
          auth: 'cert',
          remoteId: 'gw.minato.example',
          remoteCaPem: ca.cert,
          ikeProposals: ['aes256gcm16-prfsha384-ecp384', 'aes256gcm16-prfsha256-ecp256'],
          espProposals: ['aes256gcm16-ecp384'],
        },
      }),
    );
    expect(cert.statusCode, cert.body).toBe(201);
    const c = cert.json<Conn>();
    expect(c.pskSet).toBe(false);
    expect(c.ipsec).toMatchObject({
      auth: 'cert',
      remoteId: 'gw.minato.example',
      peerAddress: '2001:db8:ffff::10',
    });
    expect((c.ipsec!.remoteCa as { subject: string }).subject).toContain('Minato Root CA');
  });

  it('places a direct connection with the next free handoff id, unique per PE', async () => {
    await clearPorts();
    const { t, vnetId } = await tenantWithNet(noc, { services: 0 });
    const d1 = await addService(t, 'direct', 500);
    const d2 = await addService(t, 'direct', 500);
    const d3 = await addService(t, 'direct', 500);
    const direct = (serviceId: string, extra: Record<string, unknown> = {}) => ({
      serviceId,
      name: 'rack',
      portId: port2(),
      bandwidthMbps: 100,
      ...extra,
    });
    const first = await create(vnetId, direct(d1));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<Conn>()).toMatchObject({ kind: 'direct', handoffId: 1001, ipsec: null, pskSet: false });
    const second = await create(vnetId, direct(d2, { handoffId: 3000 }));
    expect(second.json<Conn>().handoffId).toBe(3000);
    const clash = await create(vnetId, direct(d3, { handoffId: 3000 }));
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({
      code: 'conflict',
      errors: [{ field: '/body/handoffId', code: 'taken' }],
    });
    const withIpsec = await create(
      vnetId,
      direct(d3, { ipsec: { peerAddress: '203.0.113.1', auth: 'psk' } }),
    );
    expect(withIpsec.json()).toMatchObject({ errors: [{ field: '/body/ipsec', code: 'not_allowed' }] });
    expect((await create(vnetId, direct(d3))).json<Conn>().handoffId).toBe(1002);
  });
});
