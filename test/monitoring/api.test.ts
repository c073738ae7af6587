import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { ensureRoundPartitions } from '../../src/modules/monitoring/prune.ts';
import { applyScheduledResumes } from '../../src/modules/monitoring/service.ts';
import { allocateIsolationId } from '../../src/modules/network/isolation.ts';
import { insertVirtualNetwork } from '../../src/modules/network/virtual-repository.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

let p: TestPlatform;
let a: TenantFixture;
let b: TenantFixture;
let operatorA: LoggedIn;
let viewerA: LoggedIn;
let adminB: LoggedIn;
let noc: LoggedIn;
let monitorA: string;

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const auditOf = (action: string, targetId: string) =>
  sys(() =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'actor_kind', 'tenant_id', 'summary', 'personal_ref'])
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute(),
  );

beforeAll(async () => {
  p = await createTestPlatform();
  a = await createTenant(p.db.database, { services: 2 });
  b = await createTenant(p.db.database, { services: 1 });
  operatorA = await login(
    p.portal,
    p.db.database,
    await createUser(p.db.database, a.id, { role: 'operator' }),
  );
  viewerA = await login(p.portal, p.db.database, await createUser(p.db.database, a.id, { role: 'viewer' }));
  adminB = await login(p.portal, p.db.database, await createUser(p.db.database, b.id, { role: 'admin' }));
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  await sys(async () => {
    const vn = await insertVirtualNetwork(a.id, 'api', await allocateIsolationId(a.id, 64512));
    await db()
      .updateTable('customer.connection')
      .set({ virtual_network_id: vn, ipv4_prefix: '10.98.0.4/30' })
      .where('id', '=', a.connectionIds[0]!)
      .execute();
  });
  const list = await p.portal.inject({ url: '/api/v1/monitors', headers: operatorA.headers });
  monitorA = list
    .json<{ id: string; connectionId: string }[]>()
    .find((m) => m.connectionId === a.connectionIds[0])!.id;
}, 180_000);
afterAll(async () => {
  await p?.close();
});

describe(`monitoring API (${engineName})`, () => {
  it('lists one monitor per connection, aimed at the customer side of the transfer prefix', async () => {
    const r = await p.portal.inject({ url: '/api/v1/monitors', headers: viewerA.headers });
    expect(r.statusCode).toBe(200);
    const list =
      r.json<
        { connectionId: string; target: string | null; state: string; intervalS: number; owner: string }[]
      >();
    expect(list.map((m) => m.connectionId).sort()).toEqual([...a.connectionIds].sort());
    const m = list.find((x) => x.connectionId === a.connectionIds[0])!;
    expect(m).toMatchObject({ target: '10.98.0.6', state: 'unknown', intervalS: 60, owner: 'provider' });
  });

  it('aims an IPv6-only connection at the customer side of its IPv6 prefix; dual-stack uses IPv4', async () => {
    const c = a.connectionIds[1]!;
    const targetOf = async () =>
      (await p.portal.inject({ url: '/api/v1/monitors', headers: viewerA.headers }))
        .json<{ connectionId: string; target: string | null }[]>()
        .find((m) => m.connectionId === c)!.target;
    const set = (v: { ipv4_prefix?: string | null; ipv6_prefix?: string | null }) =>
      sys(() => db().updateTable('customer.connection').set(v).where('id', '=', c).execute());
    expect(await targetOf()).toBeNull(); // no transfer prefix yet
    await set({ ipv6_prefix: '2001:db8:98::/126' });
    expect(await targetOf()).toBe('2001:db8:98::2');
    await set({ ipv4_prefix: '10.98.0.8/30' });
    expect(await targetOf()).toBe('10.98.0.10');
    await set({ ipv4_prefix: null });
    expect(await targetOf()).toBe('2001:db8:98::2');
    await set({ ipv6_prefix: null });
    expect(await targetOf()).toBeNull();
  });

  it('lets an operator pause with a reason and an automatic resume time, audited; shows it as paused', async () => {
    const resumeAt = new Date(Date.now() + 3_600_000).toISOString();
    const r = await p.portal.inject({
      method: 'POST',
      url: `/api/v1/monitors/${monitorA}/pause`,
      payload: { reason: '機器交換作業', resumeAt },
      headers: operatorA.headers,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'paused', paused: { by: 'customer', reason: '機器交換作業' } });
    expect(r.json<{ paused: { resumeAt: string } }>().paused.resumeAt).toMatch(/\+09:00$/);
    const audit = await auditOf('monitoring.pause', monitorA);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'customer', tenant_id: a.id });
    expect(audit[0]!.personal_ref).not.toBeNull(); // the reason is free text: kept apart
    expect(JSON.stringify(audit[0]!.summary)).not.toContain('機器交換作業');

    const again = await p.portal.inject({
      method: 'POST',
      url: `/api/v1/monitors/${monitorA}/pause`,
      payload: {},
      headers: { ...operatorA.headers, 'accept-language': 'ja' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'monitor_already_paused',
      title: 'この監視はすでに一時停止中です。',
    });

    const detail = await p.portal.inject({ url: `/api/v1/monitors/${monitorA}`, headers: viewerA.headers });
    expect(detail.json<{ events: { kind: string; reason: string | null }[] }>().events[0]).toMatchObject({
      kind: 'paused',
      reason: '機器交換作業',
    });
  });

  it('refuses viewers, a resume time in the past, and bad input with 4xx', async () => {
    const other = (await p.portal.inject({ url: '/api/v1/monitors', headers: operatorA.headers }))
      .json<{ id: string; connectionId: string }[]>()
      .find((m) => m.connectionId === a.connectionIds[1])!.id;
    const viewer = await p.portal.inject({
      method: 'POST',
      url: `/api/v1/monitors/${other}/pause`,
      payload: {},
      headers: viewerA.headers,
    });
    expect(viewer.statusCode).toBe(403);
    const past = await p.portal.inject({
      method: 'POST',
      url: `/api/v1/monitors/${other}/pause`,
      payload: { resumeAt: new Date(Date.now() - 60_000).toISOString() },
      headers: operatorA.headers,
    });
    expect(past.statusCode).toBe(400);
    expect(past.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('resumeAt');
    const long = await p.portal.inject({
      method: 'POST',
      url: `/api/v1/monitors/${other}/pause`,
      payload: { reason: 'x'.repeat(501) },
      headers: operatorA.headers,
    });
    expect(long.statusCode).toBe(400);
    const notPaused = await p.portal.inject({
      method: 'POST',
      url: `/api/v1/monitors/${other}/resume`,
      headers: operatorA.headers,
    });
    expect(notPaused.statusCode).toBe(409);
  });

  it('answers 404 to another tenant for every monitor route, and changes nothing', async () => {
    for (const [method, url] of [
      ['GET', `/api/v1/monitors/${monitorA}`],
      ['GET', `/api/v1/monitors/${monitorA}/rounds`],
      ['GET', `/api/v1/monitors/${monitorA}/availability`],
      ['POST', `/api/v1/monitors/${monitorA}/resume`],
    ] as const) {
      const r = await p.portal.inject({ method, url, headers: adminB.headers });
      expect(r.statusCode, url).toBe(404);
    }
    const list = await p.portal.inject({ url: '/api/v1/monitors', headers: adminB.headers });
    expect(list.json<{ id: string }[]>().map((m) => m.id)).not.toContain(monitorA);
    const still = await p.portal.inject({ url: `/api/v1/monitors/${monitorA}`, headers: operatorA.headers });
    expect(still.json()).toMatchObject({ state: 'paused' });
  });

  it('resumes by hand (audited) and automatically at the chosen time (audited as the system)', async () => {
    const r = await p.portal.inject({
      method: 'POST',
      url: `/api/v1/monitors/${monitorA}/resume`,
      headers: operatorA.headers,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'unknown', paused: null });
    expect(await auditOf('monitoring.resume', monitorA)).toHaveLength(1);

    const resumeAt = new Date(Date.now() + 600_000);
    await p.portal.inject({
      method: 'POST',
      url: `/api/v1/monitors/${monitorA}/pause`,
      payload: { resumeAt: resumeAt.toISOString() },
      headers: operatorA.headers,
    });
    expect(await sys(() => applyScheduledResumes(new Date(resumeAt.getTime() - 1000)))).toBe(0);
    expect(await sys(() => applyScheduledResumes(new Date(resumeAt.getTime() + 1000)))).toBe(1);
    const audit = await auditOf('monitoring.resume', monitorA);
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actor_kind: 'system', summary: { automatic: true } });
    const events = await p.portal.inject({ url: '/api/v1/monitoring/events', headers: viewerA.headers });
    expect(events.json<{ kind: string; by: string | null }[]>().slice(0, 2)).toMatchObject([
      { kind: 'resumed', by: 'schedule' },
      { kind: 'paused', by: 'customer' },
    ]);
  });

  it('computes availability per JST day and month from rounds, paused time excluded', async () => {
    const rows = [
      ['2026-10-31T14:59:00Z', 'up'], // 23:59 JST on 31 October: not in November
      ['2026-10-31T15:00:00Z', 'up'], // 00:00 JST on 1 November
      ['2026-10-31T15:01:00Z', 'down'],
      ['2026-10-31T15:02:00Z', 'up'],
      ['2026-10-31T15:03:00Z', 'up'],
      ['2026-11-02T03:00:00Z', 'up'], // 2 November; the day between was paused: no rounds
    ] as const;
    await sys(() => ensureRoundPartitions(new Date(rows[0][0]), new Date(rows.at(-1)![0])));
    await sys(() =>
      db()
        .insertInto('customer.monitor_round')
        .values(
          rows.map(([at, state]) => ({
            monitor_id: monitorA,
            tenant_id: a.id,
            at: new Date(at),
            sent: 5,
            received: state === 'up' ? 5 : 0,
            loss_pct: state === 'up' ? 0 : 100,
            rtt_min_ms: state === 'up' ? 1 : null,
            rtt_median_ms: state === 'up' ? 2 : null,
            rtt_max_ms: state === 'up' ? 3 : null,
            state,
          })),
        )
        .execute(),
    );
    const r = await p.portal.inject({
      url: `/api/v1/monitors/${monitorA}/availability?month=2026-11`,
      headers: viewerA.headers,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      month: '2026-11',
      availabilityPct: 80,
      days: [
        { date: '2026-11-01', rounds: 4, downRounds: 1, availabilityPct: 75 },
        { date: '2026-11-02', rounds: 1, downRounds: 0, availabilityPct: 100 },
      ],
    });
    const bad = await p.portal.inject({
      url: `/api/v1/monitors/${monitorA}/availability?month=2026-13`,
      headers: viewerA.headers,
    });
    expect(bad.statusCode).toBe(400);
    const rounds = await p.portal.inject({
      url: `/api/v1/monitors/${monitorA}/rounds?from=2026-10-31T15:00:00Z&to=2026-11-03T00:00:00Z`,
      headers: viewerA.headers,
    });
    const got = rounds.json<{ rounds: { at: string; lossPct: number; rttMedianMs: number | null }[] }>()
      .rounds;
    expect(got).toHaveLength(5);
    expect(got[0]).toMatchObject({ at: '2026-11-01T00:00:00+09:00', lossPct: 0, rttMedianMs: 2 });
    expect(got[1]).toMatchObject({ lossPct: 100, rttMedianMs: null });
  });

  it('shows staff every monitor with its tenant; staff pause (audited) and change the probe settings', async () => {
    const r = await p.mgmt.inject({ url: `/api/v1/monitors?tenantId=${a.id}`, headers: noc.headers });
    expect(r.statusCode, r.body).toBe(200);
    const list = r.json<{ id: string; tenantCode: string }[]>();
    expect(list).toHaveLength(2);
    expect(list[0]!.tenantCode).toBe(a.code);
    const other = list.find((m) => m.id !== monitorA)!.id;
    const pause = await p.mgmt.inject({
      method: 'POST',
      url: `/api/v1/monitors/${other}/pause`,
      payload: { reason: 'PE maintenance' },
      headers: noc.headers,
    });
    expect(pause.statusCode, pause.body).toBe(200);
    expect(pause.json()).toMatchObject({ state: 'paused', paused: { by: 'staff' } });
    expect((await auditOf('monitoring.pause', other))[0]).toMatchObject({
      actor_kind: 'staff',
      tenant_id: a.id,
    });

    const tcpNoPort = await p.mgmt.inject({
      method: 'PATCH',
      url: `/api/v1/monitors/${other}`,
      payload: { probeKind: 'tcp' },
      headers: noc.headers,
    });
    expect(tcpNoPort.statusCode).toBe(400);
    const tooFast = await p.mgmt.inject({
      method: 'PATCH',
      url: `/api/v1/monitors/${other}`,
      payload: { intervalS: 5 },
      headers: noc.headers,
    });
    expect(tooFast.statusCode).toBe(400);
    const ok = await p.mgmt.inject({
      method: 'PATCH',
      url: `/api/v1/monitors/${other}`,
      payload: { probeKind: 'tcp', tcpPort: 443, intervalS: 30 },
      headers: noc.headers,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ probeKind: 'tcp', tcpPort: 443, intervalS: 30 });
    expect(await auditOf('monitoring.settings', other)).toHaveLength(1);
  });
});
