import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { addDays } from '../../src/modules/lifecycle/dates.ts';
import { lifecyclePass } from '../../src/modules/lifecycle/jobs.ts';
import { stopServices } from '../../src/modules/lifecycle/service.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { sys } from './support.ts';

let p: TestPlatform;
let tenantId: string;
let admin: TestPrincipal;
let operator: TestPrincipal;
let staff: TestPrincipal;

beforeAll(async () => {
  p = await createTestPlatform();
  tenantId = (await createTenant(p.db.database)).id;
  admin = await createUser(p.db.database, tenantId, { role: 'admin' });
  operator = await createUser(p.db.database, tenantId, { role: 'operator' });
  staff = await createStaffMember(p.db.database);
}, 120_000);
afterAll(() => p?.close());

describe(`termination API (${engineName})`, () => {
  it('lets only the administrator request it, with a valid date, and shows the dates', async () => {
    const op = await login(p.portal, p.db.database, operator);
    const denied = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/termination',
      headers: op.headers,
      payload: { terminationDate: '2099-01-01' },
    });
    expect(denied.statusCode).toBe(403);
    const a = await login(p.portal, p.db.database, admin);
    for (const bad of ['2020-01-01', '2026-02-30', 'tomorrow']) {
      const r = await p.portal.inject({
        method: 'POST',
        url: '/api/v1/termination',
        headers: { ...a.headers, 'accept-language': 'ja' },
        payload: { terminationDate: bad },
      });
      expect(r.statusCode, bad).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    const date = addDays(zonedDate(new Date()), 10);
    const r = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/termination',
      headers: a.headers,
      payload: { terminationDate: date },
    });
    expect(r.statusCode, r.body).toBe(200);
    const t = r.json<{
      termination: {
        status: string;
        deadlineDate: string;
        dayOne: string;
        stopAt: string;
        canCancel: boolean;
      };
    }>().termination;
    expect(t).toMatchObject({
      status: 'requested',
      deadlineDate: addDays(date, 90),
      dayOne: addDays(date, 1),
      canCancel: true,
    });
    expect(t.stopAt).toBe(`${addDays(date, 1)}T00:00:00+09:00`);
    const twice = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/termination',
      headers: a.headers,
      payload: { terminationDate: date },
    });
    expect(twice.statusCode).toBe(409);
    // the operator sees it too (read-only)
    const seen = await p.portal.inject({ method: 'GET', url: '/api/v1/termination', headers: op.headers });
    expect(seen.json<{ termination: { status: string } }>().termination.status).toBe('requested');
  });

  it('lets staff see the countdown and confirm; foreign ids answer 404', async () => {
    const s = await login(p.mgmt, p.db.database, staff);
    const list = await p.mgmt.inject({ method: 'GET', url: '/api/v1/terminations', headers: s.headers });
    const mine = list
      .json<{ id: string; tenantId: string; daysLeft: number; day: number }[]>()
      .find((x) => x.tenantId === tenantId)!;
    expect(mine.day).toBe(-10);
    expect(mine.daysLeft).toBe(100);
    const missing = await p.mgmt.inject({
      method: 'POST',
      url: '/api/v1/terminations/00000000-0000-4000-8000-000000000000/confirm',
      headers: s.headers,
    });
    expect(missing.statusCode).toBe(404);
    const ok = await p.mgmt.inject({
      method: 'POST',
      url: `/api/v1/terminations/${mine.id}/confirm`,
      headers: s.headers,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<{ status: string }>().status).toBe('confirmed');
    const early = await p.mgmt.inject({
      method: 'POST',
      url: `/api/v1/terminations/${mine.id}/erasure-date`,
      headers: s.headers,
      payload: { eraseOn: addDays(zonedDate(new Date()), 200) },
    });
    expect(early.statusCode).toBe(400);
    const noCert = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/terminations/${mine.id}/certificate`,
      headers: s.headers,
    });
    expect(noCert.statusCode).toBe(404);
    // the portal never reaches the console's routes
    const a = await login(p.portal, p.db.database, admin);
    expect(
      (await p.portal.inject({ method: 'GET', url: '/api/v1/terminations', headers: a.headers })).statusCode,
    ).toBe(404);
  });

  it('after the termination date only administrators may log in, until the grace period ends', async () => {
    const t = await sys(p.db.database, () =>
      db()
        .selectFrom('ops.termination')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(await sys(p.db.database, () => stopServices(t.id, new Date(t.stop_at.getTime() + 1)))).toBe(true);
    // pretend the stop was due now: move the dates into the past
    const shift = t.stop_at.getTime() - Date.now() + 60_000;
    await sys(p.db.database, () =>
      db()
        .updateTable('ops.termination')
        .set({
          stop_at: new Date(t.stop_at.getTime() - shift),
          grace_until: new Date(t.grace_until.getTime() - shift),
        })
        .where('id', '=', t.id)
        .execute(),
    );
    await expect(login(p.portal, p.db.database, operator)).rejects.toThrow(/403.*contract_terminated/);
    await login(p.portal, p.db.database, admin); // the administrator may still export
    await sys(p.db.database, () =>
      db()
        .updateTable('ops.termination')
        .set({ grace_until: new Date(Date.now() - 1000) })
        .where('id', '=', t.id)
        .execute(),
    );
    await expect(login(p.portal, p.db.database, admin)).rejects.toThrow(/403.*contract_terminated/);
    await lifecyclePass(p.db.database, p.config);
    const open = await sys(p.db.database, () =>
      db()
        .selectFrom('iam.session')
        .select('id_hash')
        .where('tenant_id', '=', tenantId)
        .where('revoked_at', 'is', null)
        .execute(),
    );
    expect(open).toEqual([]);
  });
});
