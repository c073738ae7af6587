import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { addMonths } from '../../src/modules/capacity/forecast.ts';
import { clockAt } from '../../src/modules/capacity/view.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { addConnection, addMonthsSeries, addPort, createNet, type NetFixture } from './support.ts';

let p: TestPlatform;
let noc: LoggedIn;
let net: NetFixture;
const ports: Record<string, string> = {};

interface Port {
  owner: string;
  id: string;
  name: string;
  pop: { id: string; code: string };
  device: { id: string; hostname: string };
  capacityMbps: number;
  limitMbps: number;
  contractedMbps: number;
  connections: number;
  ratio: number;
  limitUsedPct: number;
  headroomMbps: number;
  measured: null | {
    month: string;
    p95Mbps: number;
    peakMbps: number;
    headroomMbps: number;
    partial: boolean;
  };
  forecast: {
    status: string;
    date: string | null;
    months: number;
    thresholdMbps: number;
    slopeMbpsPerMonth: number | null;
  };
  state: string;
  reasons: string[];
}

const get = async <T>(url: string, s: LoggedIn = noc, lang = 'en') => {
  const r = await p.mgmt.inject({ method: 'GET', url, headers: { ...s.headers, 'accept-language': lang } });
  return { status: r.statusCode, body: r.json<T>(), raw: r };
};
const byId = (list: Port[], id: string) => list.find((x) => x.id === id)!;

beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  net = await createNet(p.db.database);
  const d = p.db.database;
  // 1 Gbit/s ports, class limit 2 × capacity = 2,000 Mbit/s, threshold 80 %
  ports.growing = await addPort(d, net, 1000, { name: 'xe-0/0/1' });
  await addConnection(d, net, ports.growing, 1000, 'active');
  await addConnection(d, net, ports.growing, 300, 'planned');
  await addConnection(d, net, ports.growing, 500, 'disabled'); // not counted
  // +50 Mbit/s a month over the six complete months before this one: 300 … 550
  await addMonthsSeries(d, ports.growing, [300, 350, 400, 450, 500, 550]);

  ports.nearLimit = await addPort(d, net, 1000, { name: 'xe-0/0/2' });
  await addConnection(d, net, ports.nearLimit, 1700); // ≥ 80 % of 2,000
  ports.overLimit = await addPort(d, net, 1000, { name: 'xe-0/0/3' });
  await addConnection(d, net, ports.overLimit, 2100); // an overridden placement
  ports.flat = await addPort(d, net, 1000, { name: 'xe-0/0/4' });
  await addMonthsSeries(d, ports.flat, [400, 400, 400, 400]);
  ports.falling = await addPort(d, net, 1000, { name: 'xe-0/0/5' });
  await addMonthsSeries(d, ports.falling, [600, 500, 400]);
  ports.short = await addPort(d, net, 1000, { name: 'xe-0/0/6' });
  await addMonthsSeries(d, ports.short, [100, 200]);
  ports.hot = await addPort(d, net, 1000, { name: 'xe-0/0/7' });
  await addMonthsSeries(d, ports.hot, [700, 760, 850]);
});
afterAll(async () => p?.close());

describe(`capacity view (${engineName})`, () => {
  it('shows capacity, contracted sum of planned + active connections, ratio against the limit and headroom', async () => {
    const r = await get<Port[]>(`/api/v1/capacity/ports?device=${net.deviceId}`);
    expect(r.status, r.raw.body).toBe(200);
    expect(r.body).toHaveLength(7);
    const g = byId(r.body, ports.growing!);
    expect(g).toMatchObject({
      owner: 'provider',
      name: 'xe-0/0/1',
      capacityMbps: 1000,
      limitMbps: 2000,
      contractedMbps: 1300,
      connections: 2,
      ratio: 1.3,
      limitUsedPct: 65,
      headroomMbps: 700,
    });
    expect(g.device.hostname).toBe(net.hostname);
    expect(g.pop.code).toBe(net.popCode);
    // the same totals as a plain aggregate over the connections
    const plain = await inTransaction(
      p.db.database,
      systemScope(),
      async () =>
        (
          await sql<{ port_id: string; total: number }>`
          SELECT port_id, sum(bandwidth_mbps)::int AS total FROM customer.connection
           WHERE port_id IS NOT NULL AND status IN ('planned', 'active') GROUP BY port_id`.execute(db())
        ).rows,
    );
    for (const row of plain.filter((x) => Object.values(ports).includes(x.port_id)))
      expect(byId(r.body, row.port_id).contractedMbps).toBe(row.total);
    expect(byId(r.body, ports.flat!).contractedMbps).toBe(0);
  });

  it('gives each port its threshold state', async () => {
    const list = (await get<Port[]>(`/api/v1/capacity/ports?device=${net.deviceId}`)).body;
    expect(byId(list, ports.nearLimit!)).toMatchObject({
      state: 'warning',
      reasons: ['contracted_threshold'],
    });
    expect(byId(list, ports.overLimit!)).toMatchObject({
      state: 'critical',
      reasons: ['contracted_over_limit'],
      headroomMbps: -100,
    });
    expect(byId(list, ports.hot!)).toMatchObject({ state: 'warning', reasons: ['measured_threshold'] });
    expect(byId(list, ports.flat!).state).toBe('ok');
    // crossing in four months: on watch
    expect(byId(list, ports.growing!)).toMatchObject({ state: 'watch', reasons: ['forecast'] });
  });

  it('forecasts the crossing of +50 Mbit/s a month on a 1,000 Mbit/s port at 80 %: the first day of the fourth month ahead', async () => {
    const { current } = clockAt();
    const g = (await get<Port>(`/api/v1/capacity/ports/${ports.growing}`)).body;
    // the line through 300 … 550 reaches 800 four months after this month's first day
    expect(g.forecast).toEqual({
      status: 'crossing',
      date: addMonths(current, 4),
      thresholdMbps: 800,
      months: 6,
      slopeMbpsPerMonth: 50,
    });
    expect(g.measured).toMatchObject({
      month: addMonths(current, -1),
      p95Mbps: 550,
      peakMbps: 660,
      headroomMbps: 450,
    });
    expect(g.measured!.partial).toBe(false);
  });

  it('gives no date for a flat or falling trend, too few months, or a port already over', async () => {
    const list = (await get<Port[]>(`/api/v1/capacity/ports?device=${net.deviceId}`)).body;
    expect(byId(list, ports.flat!).forecast).toMatchObject({ status: 'not_rising', date: null, months: 4 });
    expect(byId(list, ports.falling!).forecast).toMatchObject({ status: 'not_rising', date: null });
    expect(byId(list, ports.short!).forecast).toMatchObject({
      status: 'insufficient_data',
      date: null,
      months: 2,
    });
    expect(byId(list, ports.hot!).forecast).toMatchObject({ status: 'crossed', date: null });
    expect(byId(list, ports.nearLimit!).forecast).toMatchObject({ status: 'insufficient_data', months: 0 });
    expect(byId(list, ports.nearLimit!).measured).toBeNull();
  });

  it('returns the monthly series and the fitted line for the chart', async () => {
    const { current } = clockAt();
    const r = await get<
      Port & {
        series: { month: string; p95Mbps: number }[];
        trend: { from: { date: string; mbps: number }; to: { date: string; mbps: number } };
      }
    >(`/api/v1/capacity/ports/${ports.growing}`);
    expect(r.status).toBe(200);
    expect(r.body.series.map((m) => m.p95Mbps)).toEqual([300, 350, 400, 450, 500, 550]);
    expect(r.body.series[0]!.month).toBe(addMonths(current, -6));
    expect(r.body.trend.from).toEqual({ date: addMonths(current, -6), mbps: 300 });
    expect(r.body.trend.to).toEqual({ date: addMonths(current, 4), mbps: 800 });
  });

  it('filters by state and PoP, and sorts', async () => {
    const warn = (await get<Port[]>(`/api/v1/capacity/ports?device=${net.deviceId}&state=warning`)).body;
    expect(warn.map((x) => x.id).sort()).toEqual([ports.nearLimit, ports.hot].sort());
    const byPop = (await get<Port[]>(`/api/v1/capacity/ports?pop=${net.popId}&sort=headroom`)).body;
    expect(byPop[0]!.id).toBe(ports.overLimit);
    const severity = (await get<Port[]>(`/api/v1/capacity/ports?device=${net.deviceId}`)).body;
    expect(severity[0]!.id).toBe(ports.overLimit);
    expect(severity.map((x) => x.state).slice(0, 4)).toEqual(['critical', 'warning', 'warning', 'watch']);
    const soonest = (await get<Port[]>(`/api/v1/capacity/ports?device=${net.deviceId}&sort=forecast`)).body;
    expect(soonest[0]!.id).toBe(ports.growing);
  });

  it('sums ports per device and per PoP', async () => {
    const devices = (
      await get<
        {
          id: string;
          ports: number;
          capacityMbps: number;
          contractedMbps: number;
          states: Record<string, number>;
          worst: string;
          firstCrossing: string | null;
        }[]
      >(`/api/v1/capacity/devices?pop=${net.popId}`)
    ).body;
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({
      id: net.deviceId,
      ports: 7,
      capacityMbps: 7000,
      contractedMbps: 1300 + 1700 + 2100,
      states: { ok: 3, watch: 1, warning: 2, critical: 1 },
      worst: 'critical',
      firstCrossing: addMonths(clockAt().current, 4),
    });
    const pops = (
      await get<{ id: string; devices: number; ports: number; contractedMbps: number }[]>(
        '/api/v1/capacity/pops',
      )
    ).body;
    expect(pops.find((x) => x.id === net.popId)).toMatchObject({
      devices: 1,
      ports: 7,
      contractedMbps: 5100,
    });
  });

  it('answers 404 for an unknown port and 400 for a malformed id or filter, in ja and en', async () => {
    const missing = await get<{ code: string; title: string }>(
      `/api/v1/capacity/ports/${crypto.randomUUID()}`,
      noc,
      'ja',
    );
    expect(missing.status).toBe(404);
    expect(missing.raw.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.body.title).toBe('対象が見つかりません。');
    expect((await get('/api/v1/capacity/ports/not-a-uuid')).status).toBe(400);
    const bad = await get<{ code: string }>('/api/v1/capacity/ports?state=burning');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('is for provider staff on the management listener only', async () => {
    const sec = await login(
      p.mgmt,
      p.db.database,
      await createStaffMember(p.db.database, { role: 'security' }),
    );
    expect((await get('/api/v1/capacity/ports', sec)).status).toBe(200);
    const anon = await p.mgmt.inject({ method: 'GET', url: '/api/v1/capacity/ports' });
    expect(anon.statusCode).toBe(401);
    // the portal has no such route, for anyone
    const user = await createUser(p.db.database, net.tenant.id, { role: 'admin' });
    const s = await login(p.portal, p.db.database, user);
    for (const url of [
      '/api/v1/capacity/ports',
      `/api/v1/capacity/ports/${ports.growing}`,
      '/api/v1/capacity/plans',
    ]) {
      const r = await p.portal.inject({ method: 'GET', url, headers: s.headers });
      expect(r.statusCode, url).toBe(404);
    }
  });
});
