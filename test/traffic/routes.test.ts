import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { seedSeries } from '../../src/modules/traffic/demo.ts';
import { computeConnectionMonths } from '../../src/modules/traffic/repository.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { addConnection, addPort, createNet, sys, type NetFixture } from './support.ts';

let p: TestPlatform;
let net: NetFixture;
let other: NetFixture;
let portId: string;
let conn: string;
let foreign: string;
let customer: LoggedIn;
let noc: LoggedIn;
const END = new Date('2026-11-20T00:00:00Z');

beforeAll(async () => {
  p = await createTestPlatform();
  net = await createNet(p.db.database);
  other = await createNet(p.db.database);
  portId = await addPort(p.db.database, net, 1000);
  conn = await addConnection(p.db.database, net, portId, 100);
  foreign = await addConnection(p.db.database, other, await addPort(p.db.database, other, 1000), 100);
  await sys(p.db.database, async () => {
    await seedSeries(conn, END, 3, { baseBps: 10e6, growth: 0, outRatio: 2 });
    await seedSeries(foreign, END, 3, { baseBps: 10e6, growth: 0, outRatio: 2 });
    await computeConnectionMonths('2026-11-01');
  });
  customer = await login(
    p.portal,
    p.db.database,
    await createUser(p.db.database, net.tenant.id, { role: 'viewer' }),
  );
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
});
afterAll(() => p?.close());

/** The fields of the answers these tests read. */
interface J {
  owner: string;
  resolution: string;
  points: { at: string; inBps: number; outBps: number }[];
  months: { month: string; samples: number }[];
  capacityMbps: number;
  code: string;
  title?: string;
  detail?: string;
}

const range = 'from=2026-11-18T09:00:00%2B09:00&to=2026-11-19T09:00:00%2B09:00&resolution=5m';

describe('portal traffic of own connections', () => {
  it('returns the 5-minute series in JST and the monthly 95th percentile', async () => {
    const r = await p.portal.inject({
      method: 'GET',
      url: `/api/v1/connections/${conn}/traffic?${range}`,
      headers: customer.headers,
    });
    expect(r.statusCode).toBe(200);
    const b = r.json<J>();
    expect(b.owner).toBe('provider');
    expect(b.resolution).toBe('5m');
    expect(b.points).toHaveLength(288);
    expect(b.points[0]!.at).toBe('2026-11-18T09:00:00+09:00');
    expect(b.points[0]!.outBps / b.points[0]!.inBps).toBeCloseTo(2, 6);
    expect(b.months[0]!.month).toBe('2026-11-01');
    expect(b.months[0]!.samples).toBe(3 * 288);
  });

  it('without raw points, a day is shown from the 5-minute series', async () => {
    const r = await p.portal.inject({
      method: 'GET',
      url: `/api/v1/connections/${conn}/traffic?from=2026-11-18T00:00:00Z&to=2026-11-19T00:00:00Z`,
      headers: customer.headers,
    });
    expect(r.json<J>().resolution).toBe('5m');
    expect(r.json<J>().points).toHaveLength(288);
  });

  it('exports the shown range as CSV with JST times', async () => {
    const r = await p.portal.inject({
      method: 'GET',
      url: `/api/v1/connections/${conn}/traffic.csv?${range}&lang=ja`,
      headers: customer.headers,
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const lines = r.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '時刻 (JST),受信 平均 (bit/s),送信 平均 (bit/s),受信 最大 (bit/s),送信 最大 (bit/s)',
    );
    expect(lines).toHaveLength(289);
    expect(lines[1]).toMatch(/^2026-11-18T09:00:00\+09:00,\d+,\d+,\d+,\d+$/);
  });

  it("another tenant's connection is a 404, the same as a missing one", async () => {
    for (const id of [foreign, '00000000-0000-4000-8000-000000000000']) {
      for (const path of ['traffic', 'traffic.csv']) {
        const r = await p.portal.inject({
          method: 'GET',
          url: `/api/v1/connections/${id}/${path}?${range}`,
          headers: customer.headers,
        });
        expect(r.statusCode).toBe(404);
      }
    }
  });

  it('a reversed or empty range is a 400 in the asked language', async () => {
    const r = await p.portal.inject({
      method: 'GET',
      url: `/api/v1/connections/${conn}/traffic?from=2026-11-19T00:00:00Z&to=2026-11-18T00:00:00Z`,
      headers: { ...customer.headers, 'accept-language': 'ja' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<J>().code).toBe('invalid_range');
    expect(r.json<J>().title ?? r.json<J>().detail).toMatch(/期間/);
  });
});

describe('console traffic per port', () => {
  it('sums the connections of the port', async () => {
    const r = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/ports/${portId}/traffic?${range}`,
      headers: noc.headers,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json<J>().points).toHaveLength(288);
    expect(r.json<J>().capacityMbps).toBe(1000);
    const missing = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/ports/00000000-0000-4000-8000-000000000000/traffic?${range}`,
      headers: noc.headers,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('sets a collector and an interface mapping (audited), 404 for unknown ids', async () => {
    const r = await p.mgmt.inject({
      method: 'PUT',
      url: `/api/v1/devices/${net.deviceId}/traffic-collector`,
      headers: noc.headers,
      payload: { kind: 'snmp', community: 'secret-community', port: 16161 },
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain('secret-community');
    expect(r.json<{ collector: { secrets: Record<string, string> } }>().collector.secrets).toEqual({
      community: 'set',
      authKey: 'not set',
      privKey: 'not set',
    });
    // at rest: sealed, the bytes stored nowhere hold the community string
    const stored = await sys(p.db.database, () =>
      db()
        .selectFrom('ops.traffic_collector')
        .select(['settings', 'secrets_sealed'])
        .where('device_id', '=', net.deviceId)
        .executeTakeFirstOrThrow(),
    );
    expect(JSON.stringify(stored.settings)).not.toContain('secret-community');
    expect(Buffer.from(stored.secrets_sealed!).includes('secret-community')).toBe(false);
    const got = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/devices/${net.deviceId}/traffic-collector`,
      headers: noc.headers,
    });
    expect(got.statusCode).toBe(200);
    expect(got.body).not.toContain('secret-community');
    expect(got.json<{ collector: { settings: unknown; secrets: unknown } }>().collector).toMatchObject({
      settings: { port: 16161 },
      secrets: { community: 'set', authKey: 'not set', privKey: 'not set' },
    });
    const none = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/devices/${other.deviceId}/traffic-collector`,
      headers: noc.headers,
    });
    expect(none.statusCode).toBe(404);
    const m = await p.mgmt.inject({
      method: 'PUT',
      url: `/api/v1/connections/${conn}/traffic-interface`,
      headers: noc.headers,
      payload: { deviceId: net.deviceId, ifName: 'ge-0/0/1.3001' },
    });
    expect(m.statusCode).toBe(200);
    const bad = await p.mgmt.inject({
      method: 'PUT',
      url: `/api/v1/connections/00000000-0000-4000-8000-000000000000/traffic-interface`,
      headers: noc.headers,
      payload: { deviceId: net.deviceId, ifName: 'x' },
    });
    expect(bad.statusCode).toBe(404);
  });

  it('a linux collector maps direct connections to their VXLAN interface in the tenant namespace', async () => {
    const direct = await addConnection(p.db.database, net, portId, 50);
    await sys(p.db.database, async () => {
      await db()
        .updateTable('ops.device')
        .set({ driver: 'linux', driver_target: JSON.stringify({ namespace: 'pe1' }) })
        .where('id', '=', net.deviceId)
        .execute();
      await db()
        .updateTable('customer.connection')
        .set({ handoff_id: 3901 })
        .where('id', '=', direct)
        .execute();
    });
    const r = await p.mgmt.inject({
      method: 'PUT',
      url: `/api/v1/devices/${net.deviceId}/traffic-collector`,
      headers: noc.headers,
      payload: { kind: 'linux', namespace: 'pe1' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json<{ interfacesDerived: number }>().interfacesDerived).toBe(1);
    const m = await sys(p.db.database, () =>
      db()
        .selectFrom('ops.traffic_interface')
        .selectAll()
        .where('connection_id', '=', direct)
        .executeTakeFirstOrThrow(),
    );
    const vnNs = await sys(p.db.database, () =>
      db()
        .selectFrom('customer.virtual_network')
        .select('namespace')
        .where('id', '=', net.vnetId)
        .executeTakeFirstOrThrow(),
    );
    expect([m.if_name, m.namespace]).toEqual(['vx3901', `pe1-${vnNs.namespace}`]);
    // the explicit mapping of the other connection is kept
    const kept = await sys(p.db.database, () =>
      db()
        .selectFrom('ops.traffic_interface')
        .select('if_name')
        .where('connection_id', '=', conn)
        .executeTakeFirstOrThrow(),
    );
    expect(kept.if_name).toBe('ge-0/0/1.3001');
  });
});
