import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { addPort, createNet, type NetFixture } from './support.ts';

let p: TestPlatform;
let nocUser: TestPrincipal;
let noc: LoggedIn;
let security: LoggedIn;
let net: NetFixture;
let portId: string;

interface Plan {
  owner: string;
  id: string;
  port: { id: string; name: string } | null;
  device: { id: string; hostname: string };
  pop: { code: string };
  reason: string;
  targetDate: string;
  status: string;
  next: string[];
  note: string;
  createdBy: { id: string; name: string } | null;
  updatedBy: { id: string; name: string } | null;
  createdAt: string;
  closedAt: string | null;
}
interface Problem {
  code: string;
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

const day = (offset: number) => zonedDate(new Date(Date.now() + offset * 86_400_000));
const call = (s: LoggedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, lang = 'en') =>
  p.mgmt.inject({
    method,
    url,
    headers: { ...s.headers, 'accept-language': lang },
    ...(payload ? { payload } : {}),
  });
const auditOf = (targetId: string) =>
  inTransaction(p.db.database, systemScope(), () =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'summary', 'actor_id', 'personal_ref'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute(),
  );

beforeAll(async () => {
  p = await createTestPlatform();
  nocUser = await createStaffMember(p.db.database, { role: 'noc' });
  noc = await login(p.mgmt, p.db.database, nocUser);
  security = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
  net = await createNet(p.db.database);
  portId = await addPort(p.db.database, net, 10_000, { name: 'et-0/0/0' });
});
afterAll(async () => p?.close());

describe(`augmentation plans (${engineName})`, () => {
  it('creates a plan from a port, audited with the reason beside the chain', async () => {
    const r = await call(noc, 'POST', '/api/v1/capacity/plans', {
      portId,
      reason: '  Forecast crosses 80% in four months  ',
      targetDate: day(60),
    });
    expect(r.statusCode, r.body).toBe(201);
    const plan = r.json<Plan>();
    expect(plan).toMatchObject({
      owner: 'provider',
      port: { id: portId, name: 'et-0/0/0' },
      device: { id: net.deviceId, hostname: net.hostname },
      pop: { code: net.popCode },
      reason: 'Forecast crosses 80% in four months',
      targetDate: day(60),
      status: 'planned',
      next: ['ordered', 'in_progress', 'done', 'cancelled'],
      note: '',
      createdBy: { id: nocUser.id },
      closedAt: null,
    });
    expect(plan.createdAt).toMatch(/\+09:00$/);
    const audit = await auditOf(plan.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'capacity.plan_create', actor_id: nocUser.id });
    expect(audit[0]!.summary).toMatchObject({
      status: 'planned',
      device: { id: net.deviceId },
      port: { id: portId },
    });
    expect(JSON.stringify(audit[0]!.summary)).not.toContain('Forecast crosses');
    expect(audit[0]!.personal_ref).not.toBeNull();

    // the port's capacity view counts it and lists it
    const port = (await call(noc, 'GET', `/api/v1/capacity/ports/${portId}`)).json<{
      openPlans: number;
      plans: Plan[];
    }>();
    expect(port.openPlans).toBe(1);
    expect(port.plans.map((x) => x.id)).toEqual([plan.id]);
  });

  it('moves forward only; done and cancelled are final; every step is audited', async () => {
    const plan = (
      await call(noc, 'POST', '/api/v1/capacity/plans', {
        deviceId: net.deviceId,
        reason: 'Add a line card',
        targetDate: day(90),
      })
    ).json<Plan>();
    expect(plan.port).toBeNull();
    const step = (body: object, lang = 'en') =>
      call(noc, 'PATCH', `/api/v1/capacity/plans/${plan.id}`, body, lang);
    expect((await step({ status: 'ordered', note: 'PO 4711' })).json<Plan>()).toMatchObject({
      status: 'ordered',
      note: 'PO 4711',
      next: ['in_progress', 'done', 'cancelled'],
    });
    const back = await step({ status: 'planned' }, 'ja');
    expect(back.statusCode).toBe(409);
    expect(back.json<Problem>()).toMatchObject({ code: 'plan_transition' });
    expect(back.json<Problem>().detail).toContain('発注済み');
    expect((await step({ status: 'in_progress' })).json<Plan>().status).toBe('in_progress');
    const done = (await step({ status: 'done' })).json<Plan>();
    expect(done).toMatchObject({ status: 'done', next: [] });
    expect(done.closedAt).toMatch(/\+09:00$/);
    expect((await step({ status: 'cancelled' })).statusCode).toBe(409);
    expect((await step({ note: 'too late' })).statusCode).toBe(409);
    const audit = await auditOf(plan.id);
    expect(audit.map((a) => a.action)).toEqual([
      'capacity.plan_create',
      'capacity.plan_update',
      'capacity.plan_update',
      'capacity.plan_update',
    ]);
    expect(audit[1]!.summary).toMatchObject({ status: { from: 'planned', to: 'ordered' } });
    expect(audit[3]!.summary).toMatchObject({ status: { from: 'in_progress', to: 'done' } });
  });

  it('lists plans by status and by device (its own and its ports’)', async () => {
    const open = (await call(noc, 'GET', '/api/v1/capacity/plans?status=open')).json<Plan[]>();
    expect(open.every((x) => ['planned', 'ordered', 'in_progress'].includes(x.status))).toBe(true);
    const ofDevice = (await call(noc, 'GET', `/api/v1/capacity/plans?deviceId=${net.deviceId}`)).json<
      Plan[]
    >();
    expect(ofDevice.some((x) => x.port?.id === portId)).toBe(true);
    expect(ofDevice.some((x) => x.port === null)).toBe(true);
    // open ones first
    const statuses = ofDevice.map((x) => x.status);
    expect(statuses.indexOf('done')).toBeGreaterThan(statuses.indexOf('planned'));
  });

  it('refuses bad input with field errors (ja/en), and unknown ids with 404', async () => {
    const both = await call(noc, 'POST', '/api/v1/capacity/plans', {
      portId,
      deviceId: net.deviceId,
      reason: 'x',
      targetDate: day(10),
    });
    expect(both.statusCode).toBe(400);
    expect(both.json<Problem>().errors?.[0]?.field).toBe('/body/deviceId');
    const neither = await call(noc, 'POST', '/api/v1/capacity/plans', { reason: 'x', targetDate: day(10) });
    expect(neither.statusCode).toBe(400);
    expect(neither.json<Problem>().errors?.[0]?.field).toBe('/body/portId');
    const past = await call(
      noc,
      'POST',
      '/api/v1/capacity/plans',
      { portId, reason: 'x', targetDate: day(-1) },
      'ja',
    );
    expect(past.statusCode).toBe(400);
    expect(past.json<Problem>().errors).toEqual([
      { field: '/body/targetDate', code: 'past', message: '本日（日本時間）以降の日付を指定してください。' },
    ]);
    const blank = await call(noc, 'POST', '/api/v1/capacity/plans', {
      portId,
      reason: '   ',
      targetDate: day(1),
    });
    expect(blank.json<Problem>().errors?.[0]).toMatchObject({ field: '/body/reason', code: 'required' });
    const badDate = await call(noc, 'POST', '/api/v1/capacity/plans', {
      portId,
      reason: 'x',
      targetDate: '2026-02-30',
    });
    expect(badDate.statusCode).toBe(400);
    const extra = await call(noc, 'POST', '/api/v1/capacity/plans', {
      portId,
      reason: 'x',
      targetDate: day(1),
      owner: 'me',
    });
    expect(extra.statusCode).toBe(400);
    const ghost = await call(noc, 'POST', '/api/v1/capacity/plans', {
      portId: crypto.randomUUID(),
      reason: 'x',
      targetDate: day(1),
    });
    expect(ghost.statusCode).toBe(404);
    expect((await call(noc, 'GET', `/api/v1/capacity/plans/${crypto.randomUUID()}`)).statusCode).toBe(404);
    expect(
      (await call(noc, 'PATCH', `/api/v1/capacity/plans/${crypto.randomUUID()}`, { status: 'done' }))
        .statusCode,
    ).toBe(404);
    const empty = await call(noc, 'PATCH', `/api/v1/capacity/plans/${crypto.randomUUID()}`, {});
    expect(empty.statusCode).toBe(400);
  });

  it('lets staff with network.read look, and only network.manage change', async () => {
    expect((await call(security, 'GET', '/api/v1/capacity/plans')).statusCode).toBe(200);
    const r = await call(security, 'POST', '/api/v1/capacity/plans', {
      portId,
      reason: 'x',
      targetDate: day(5),
    });
    expect(r.statusCode).toBe(403);
    const some = (await call(noc, 'GET', '/api/v1/capacity/plans?status=planned')).json<Plan[]>()[0]!;
    expect(
      (await call(security, 'PATCH', `/api/v1/capacity/plans/${some.id}`, { status: 'cancelled' }))
        .statusCode,
    ).toBe(403);
  });
});
