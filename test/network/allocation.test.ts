import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import {
  firstFreeBlock,
  parsePrefix,
  prefixOf,
  prefixText,
  transferEnds,
} from '../../src/modules/network/addressing.ts';
import { createVirtualNetwork } from '../../src/modules/network/virtual-service.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { createPhysical, kit } from './virtual-fixtures.ts';

let p: TestPlatform;
let noc: LoggedIn;
beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
});
afterAll(async () => p?.close());
const { sys, mgmt } = kit(() => p);

const unique = (xs: unknown[]) => new Set(xs).size;

describe(`isolation id allocation under concurrency (${engineName})`, () => {
  it('50 concurrent virtual-network creations (50 requests, 50 transactions) never share a VNI, RD, RT or namespace', async () => {
    const tenants = await Promise.all(
      Array.from({ length: 5 }, () => createTenant(p.db.database, { services: 0 })),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        mgmt(noc, 'POST', `/api/v1/tenants/${tenants[i % 5]!.id}/virtual-networks`, { name: `net-${i}` }),
      ),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const vnets = results.map((r) =>
      r.json<{ vni: number; routeDistinguisher: string; routeTarget: string; namespace: string }>(),
    );
    expect(unique(vnets.map((v) => v.vni))).toBe(50);
    expect(unique(vnets.map((v) => v.routeDistinguisher))).toBe(50);
    expect(unique(vnets.map((v) => v.routeTarget))).toBe(50);
    expect(unique(vnets.map((v) => v.namespace))).toBe(50);
    // and the database agrees: one isolation row per VNI, each held by the tenant that got it
    const rows = await sys(() =>
      db()
        .selectFrom('customer.virtual_network as v')
        .innerJoin('ops.isolation_id as i', 'i.vni', 'v.vni')
        .select(['v.tenant_id', 'i.tenant_id as holder', 'i.state'])
        .where(
          'v.tenant_id',
          'in',
          tenants.map((t) => t.id),
        )
        .execute(),
    );
    expect(rows).toHaveLength(50);
    for (const r of rows) expect(r).toMatchObject({ holder: r.tenant_id, state: 'allocated' });
  });

  it('50 concurrent allocations in separate service-level transactions, reusing quarantined ids, never collide', async () => {
    const t = await createTenant(p.db.database, { services: 0 });
    // five identifiers whose quarantine has passed: concurrent transactions compete for them
    const old = await createTenant(p.db.database, { services: 0 });
    await sys(async () => {
      for (let i = 0; i < 5; i++) {
        await db()
          .insertInto('ops.isolation_id')
          .values({
            vni: 9_000_000 + Math.floor(Math.random() * 1_000_000),
            tenant_id: old.id,
            state: 'quarantined',
            quarantine_until: new Date(Date.now() - 86_400_000),
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    });
    const made = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        inTransaction(p.db.database, systemScope(), () =>
          createVirtualNetwork(t.id, `svc-${i}`, 64512, 'en'),
        ),
      ),
    );
    expect(unique(made.map((m) => m.ids.vni))).toBe(50);
    expect(unique(made.map((m) => m.ids.namespace))).toBe(50);
    const reused = made.filter((m) => m.ids.vni >= 9_000_000).length;
    expect(reused).toBeGreaterThan(0);
  });
});

describe(`address allocation under concurrency (${engineName})`, () => {
  it('concurrent connections in one virtual network get distinct transfer prefixes from the pool', async () => {
    const phys = await createPhysical(p, { ports: { 'xe-0/0/1': 100_000 } });
    const t = await createTenant(p.db.database, { services: 12 });
    const v = (await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: 'busy' })).json<{
      id: string;
    }>();
    expect(
      (await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, { prefix: '10.77.0.0/26' })).statusCode,
    ).toBe(201);
    expect(
      (await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/pools`, { prefix: '2001:db8:77::/120' })).statusCode,
    ).toBe(201);
    const results = await Promise.all(
      t.serviceIds.map((serviceId, i) =>
        mgmt(noc, 'POST', `/api/v1/virtual-networks/${v.id}/connections`, {
          serviceId,
          name: `site-${i}`,
          portId: phys.ports['xe-0/0/1'],
          bandwidthMbps: 10,
          ipsec: { peerAddress: `203.0.113.${i + 1}`, auth: 'psk' },
        }),
      ),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const got = results.map((r) =>
      r.json<{ addressing: { ipv4: { prefix: string }; ipv6: { prefix: string } } }>(),
    );
    const v4 = got.map((g) => g.addressing.ipv4.prefix);
    const v6 = got.map((g) => g.addressing.ipv6.prefix);
    expect(unique(v4)).toBe(12);
    expect(unique(v6)).toBe(12);
    // the first free blocks, in order: 10.77.0.0/30 … 10.77.0.44/30
    expect([...v4].sort((a, b) => (prefixOf(a).start < prefixOf(b).start ? -1 : 1))).toEqual(
      Array.from({ length: 12 }, (_, i) => `10.77.0.${i * 4}/30`),
    );
  });
});

describe('prefix arithmetic', () => {
  const P = (s: string) => prefixOf(s);
  it('finds the first free aligned block, skipping used ranges of any size', () => {
    const pool = P('10.0.0.0/28');
    expect(prefixText(firstFreeBlock(pool, 30, [])!)).toBe('10.0.0.0/30');
    expect(prefixText(firstFreeBlock(pool, 30, [P('10.0.0.0/30')])!)).toBe('10.0.0.4/30');
    // a single used address inside the second block pushes past it
    expect(prefixText(firstFreeBlock(pool, 30, [P('10.0.0.0/30'), P('10.0.0.6/32')])!)).toBe('10.0.0.8/30');
    // a larger range covering the start; another family is ignored
    expect(prefixText(firstFreeBlock(pool, 30, [P('10.0.0.0/29'), P('2001:db8::/32')])!)).toBe('10.0.0.8/30');
    // a hole between used blocks is found
    expect(prefixText(firstFreeBlock(pool, 30, [P('10.0.0.0/30'), P('10.0.0.8/29')])!)).toBe('10.0.0.4/30');
    // full, and a supernet covering it all
    expect(firstFreeBlock(pool, 30, [P('10.0.0.0/29'), P('10.0.0.8/29')])).toBeNull();
    expect(firstFreeBlock(pool, 30, [P('10.0.0.0/8')])).toBeNull();
    expect(prefixText(firstFreeBlock(P('2001:db8::/64'), 126, [P('2001:db8::/126')])!)).toBe(
      '2001:db8::4/126',
    );
  });

  it('puts the PE on the first usable host and the customer on the second', () => {
    expect(transferEnds('10.0.0.4/30')).toEqual({ pe: '10.0.0.5', customer: '10.0.0.6' });
    expect(transferEnds('2001:db8::4/126')).toEqual({ pe: '2001:db8::5', customer: '2001:db8::6' });
  });

  it('refuses malformed prefixes and suggests the network when host bits are set', () => {
    expect(parsePrefix('10.0.0.1/30')).toEqual({ problem: 'host_bits', suggestion: '10.0.0.0/30' });
    for (const bad of ['10.0.0.0', '10.0.0.0/33', 'x/8', '2001:db8::/129', '::ffff:10.0.0.0/120', ''])
      expect(parsePrefix(bad)).toMatchObject({ problem: 'format' });
  });
});
