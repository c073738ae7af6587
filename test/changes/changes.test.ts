import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/types.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

const PORTAL_URL = 'https://portal.pva.test';
let p: TestPlatform;
let staff: LoggedIn;
beforeAll(async () => {
  p = await createTestPlatform({ PVA_PORTAL_URL: PORTAL_URL });
  staff = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'admin' }));
});
afterAll(async () => p?.close());

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const today = () => zonedDate(new Date());
const tomorrow = () => zonedDate(new Date(Date.now() + 86_400_000));

interface Cr {
  owner: string;
  id: string;
  number: string;
  status: string;
  tenant: { id: string; code: string; name: string };
  service: { id: string; code: string; label: string };
  desired: { bandwidthMbps?: number; description?: string };
  current: { bandwidthMbps: number | null } | null;
  decidedBy: { id: string | null; name: string | null } | null;
  decisionReason: string | null;
  executionNote: string | null;
  createdAt: string;
  timeline?: {
    owner: string;
    at: string;
    actor: { kind: string; id: string | null; name: string | null };
    fromStatus: string | null;
    toStatus: string;
    note: string | null;
  }[];
}

const call = (
  app: App,
  s: LoggedIn,
  method: 'GET' | 'POST',
  url: string,
  payload?: Record<string, unknown>,
) =>
  app.inject({
    method,
    url,
    headers: { ...s.headers, 'accept-language': 'en' },
    ...(payload ? { payload } : {}),
  });
const portal = (s: LoggedIn, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  call(p.portal, s, method, url, payload);
const mgmt = (s: LoggedIn, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  call(p.mgmt, s, method, url, payload);

async function customer(
  t: TenantFixture,
  opts: Parameters<typeof createUser>[2] = {},
): Promise<{ user: TestPrincipal; s: LoggedIn }> {
  const user = await createUser(p.db.database, t.id, opts);
  return { user, s: await login(p.portal, p.db.database, user) };
}

async function submit(s: LoggedIn, serviceId: string, mbps = 500, extra: Record<string, unknown> = {}) {
  const r = await portal(s, 'POST', '/api/v1/change-requests', {
    serviceId,
    kind: 'bandwidth',
    desired: { bandwidthMbps: mbps },
    desiredDate: tomorrow(),
    reason: 'Traffic to Osaka has grown',
    ...extra,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Cr>();
}

const mailsTo = (to: string) =>
  sys(() => db().selectFrom('ops.outbox').selectAll().where('recipient', '=', to).orderBy('id').execute());
const auditOf = (targetId: string) =>
  sys(() =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'summary', 'tenant_id', 'actor_kind', 'target_type'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute(),
  );
const bandwidthOf = async (s: LoggedIn, serviceId: string) =>
  (await portal(s, 'GET', '/api/v1/services'))
    .json<{ id: string; bandwidthMbps: number | null }[]>()
    .find((x) => x.id === serviceId)?.bandwidthMbps;

describe(`change requests (${engineName})`, () => {
  it('goes submitted → approved → executed: the bandwidth changes and the audit links back', async () => {
    const t = await createTenant(p.db.database);
    const { user, s } = await customer(t, { role: 'operator' });
    const svc = t.serviceIds[0]!;
    const cr = await submit(s, svc);
    expect(cr.owner).toBe('customer');
    expect(cr.number).toMatch(/^CR-\d{4}-\d{6}$/);
    expect(cr.status).toBe('submitted');
    expect(cr.current).toEqual({ bandwidthMbps: 100 });
    expect(cr.createdAt).toMatch(/\+09:00$/);
    expect(cr.timeline).toHaveLength(1);

    // the queue on the management side shows it with the tenant
    const queue = await mgmt(staff, 'GET', '/api/v1/change-requests?status=submitted');
    expect(queue.statusCode, queue.body).toBe(200);
    const inQueue = queue.json<Cr[]>().find((x) => x.id === cr.id)!;
    expect(inQueue.tenant.code).toBe(t.code);
    expect(inQueue.tenant.name).toContain(t.code);

    const approved = await mgmt(staff, 'POST', `/api/v1/change-requests/${cr.id}/approve`, {
      note: 'OK for Tuesday',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<Cr>().status).toBe('approved');
    expect(await bandwidthOf(s, svc)).toBe(100); // approval alone changes nothing

    const executed = await mgmt(staff, 'POST', `/api/v1/change-requests/${cr.id}/execute`, {});
    expect(executed.statusCode, executed.body).toBe(200);
    expect(executed.json<Cr>().status).toBe('executed');
    expect(await bandwidthOf(s, svc)).toBe(500);

    // the customer sees the timeline; the provider's staff stay anonymous on the portal
    const seen = (await portal(s, 'GET', `/api/v1/change-requests/${cr.id}`)).json<Cr>();
    expect(seen.status).toBe('executed');
    expect(seen.timeline!.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, 'submitted'],
      ['submitted', 'approved'],
      ['approved', 'executed'],
    ]);
    expect(seen.timeline![0]!.actor).toMatchObject({ kind: 'customer', id: user.id });
    expect(seen.timeline![1]!.actor).toEqual({ kind: 'staff', id: null, name: null });
    expect(seen.timeline![1]!.note).toBe('OK for Tuesday');
    expect(seen.decidedBy).toEqual({ id: null, name: null });
    for (const e of seen.timeline!) expect(e.at).toMatch(/\+09:00$/);
    const staffView = (await mgmt(staff, 'GET', `/api/v1/change-requests/${cr.id}`)).json<Cr>();
    expect(staffView.timeline![1]!.actor.name).toMatch(/^Staff /);

    // the service edit's audit record names the request; each step has its own record
    const serviceAudit = await auditOf(svc);
    const change = serviceAudit.find((a) => a.action === 'service.bandwidth.change')!;
    expect(change.summary).toMatchObject({ before: 100, after: 500, change_request: cr.id });
    expect(change.tenant_id).toBe(t.id);
    const steps = await auditOf(cr.id);
    expect(
      steps.filter((a) => a.action.startsWith('change_request.')).map((a) => [a.action, a.actor_kind]),
    ).toEqual([
      ['change_request.submit', 'customer'],
      ['change_request.approve', 'staff'],
      ['change_request.execute', 'staff'],
    ]);
    for (const a of steps.filter((x) => x.action.startsWith('change_request.'))) {
      expect(a.target_type).toBe('change_request');
      expect(a.tenant_id).toBe(t.id);
    }
    // staff reads of customer data are recorded
    const reads = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select('action')
        .where('action', 'in', ['staff.read.listChangeRequests', 'staff.read.getChangeRequest'])
        .execute(),
    );
    expect(reads.length).toBeGreaterThanOrEqual(2);

    // an email at each step, in both languages, with the service code, the status and JST times
    const mails = await mailsTo(user.login);
    expect(mails).toHaveLength(3);
    expect(mails.map((m) => m.subject)).toEqual([
      `[PVA] 変更依頼 ${cr.number}: 受付済み / Change request ${cr.number}: submitted`,
      `[PVA] 変更依頼 ${cr.number}: 承認済み / Change request ${cr.number}: approved`,
      `[PVA] 変更依頼 ${cr.number}: 実施済み / Change request ${cr.number}: executed`,
    ]);
    for (const m of mails) {
      expect(m.body).toContain(cr.service.code);
      expect(m.body).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(JST\)/);
      expect(m.body).toContain(`${PORTAL_URL}/changes?id=${cr.id}`);
      expect(m.body).toContain('100 Mbit/s → 500 Mbit/s');
      expect(m.tenant_id).toBe(t.id);
    }
    expect(mails[1]!.body).toContain('OK for Tuesday');
  });

  it('changes nothing when rejected; a reject needs a reason, and the requester learns it', async () => {
    const t = await createTenant(p.db.database);
    const { user, s } = await customer(t);
    const svc = t.serviceIds[1]!;
    const cr = await submit(s, svc, 300);
    const noReason = await mgmt(staff, 'POST', `/api/v1/change-requests/${cr.id}/reject`, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('/body/reason');
    const missing = await mgmt(staff, 'POST', `/api/v1/change-requests/${cr.id}/reject`, {});
    expect(missing.statusCode).toBe(400);
    const r = await mgmt(staff, 'POST', `/api/v1/change-requests/${cr.id}/reject`, {
      reason: 'The port has no capacity left',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<Cr>()).toMatchObject({
      status: 'rejected',
      decisionReason: 'The port has no capacity left',
    });
    expect(await bandwidthOf(s, svc)).toBe(100);
    const again = await mgmt(staff, 'POST', `/api/v1/change-requests/${cr.id}/execute`, {});
    expect(again.statusCode).toBe(409);
    expect(await bandwidthOf(s, svc)).toBe(100);
    expect((await auditOf(svc)).filter((a) => a.action === 'service.bandwidth.change')).toEqual([]);
    const mails = await mailsTo(user.login);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toContain('rejected');
    expect(mails[1]!.body).toContain('却下の理由: The port has no capacity left');
    expect(mails[1]!.body).toContain('Reason: The port has no capacity left');
  });

  it('answers 409 to a step the state does not allow, and a withdrawn request stays withdrawn', async () => {
    const t = await createTenant(p.db.database);
    const { user, s } = await customer(t);
    const cr = await submit(s, t.serviceIds[0]!);
    const url = `/api/v1/change-requests/${cr.id}`;
    const early = await mgmt(staff, 'POST', `${url}/execute`, {});
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(early.json<{ code: string; detail: string }>()).toMatchObject({ code: 'conflict' });
    expect(early.json<{ detail: string }>().detail).toContain('submitted');

    const w = await portal(s, 'POST', `${url}/withdraw`);
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json<Cr>().status).toBe('withdrawn');
    for (const step of ['approve', 'execute'] as const)
      expect((await mgmt(staff, 'POST', `${url}/${step}`, {})).statusCode).toBe(409);
    expect((await mgmt(staff, 'POST', `${url}/reject`, { reason: 'x' })).statusCode).toBe(409);
    expect((await portal(s, 'POST', `${url}/withdraw`)).statusCode).toBe(409);

    const cr2 = await submit(s, t.serviceIds[1]!);
    const url2 = `/api/v1/change-requests/${cr2.id}`;
    expect((await mgmt(staff, 'POST', `${url2}/approve`, {})).statusCode).toBe(200);
    expect((await mgmt(staff, 'POST', `${url2}/approve`, {})).statusCode).toBe(409);
    expect((await mgmt(staff, 'POST', `${url2}/reject`, { reason: 'late' })).statusCode).toBe(409);
    expect((await portal(s, 'POST', `${url2}/withdraw`)).statusCode).toBe(409);
    expect((await mgmt(staff, 'POST', `${url2}/execute`, {})).statusCode).toBe(200);
    expect((await mgmt(staff, 'POST', `${url2}/execute`, {})).statusCode).toBe(409);
    // two submissions, a withdrawal, an approval and an execution: five notices
    expect(await mailsTo(user.login)).toHaveLength(5);
    expect(
      (await mgmt(staff, 'POST', '/api/v1/change-requests/00000000-0000-4000-8000-000000000000/approve', {}))
        .statusCode,
    ).toBe(404);
  });

  it('executes an "other" request only with a note of what was done, without touching the bandwidth', async () => {
    const t = await createTenant(p.db.database);
    const { s } = await customer(t);
    const svc = t.serviceIds[0]!;
    const r = await portal(s, 'POST', '/api/v1/change-requests', {
      serviceId: svc,
      kind: 'other',
      desired: { description: '  Add monitoring target 192.0.2.10  ' },
      desiredDate: today(),
    });
    expect(r.statusCode, r.body).toBe(201);
    const cr = r.json<Cr>();
    expect(cr.desired).toEqual({ description: 'Add monitoring target 192.0.2.10' });
    expect(cr.current).toBeNull();
    expect((await mgmt(staff, 'POST', `/api/v1/change-requests/${cr.id}/approve`, {})).statusCode).toBe(200);
    const noNote = await mgmt(staff, 'POST', `/api/v1/change-requests/${cr.id}/execute`, {});
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('/body/note');
    const done = await mgmt(staff, 'POST', `/api/v1/change-requests/${cr.id}/execute`, {
      note: 'Added 192.0.2.10 to the monitors',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Cr>()).toMatchObject({
      status: 'executed',
      executionNote: 'Added 192.0.2.10 to the monitors',
    });
    expect(await bandwidthOf(s, svc)).toBe(100);
    // the free text is kept out of the hash chain (personal), the facts are in the summary
    const exec = (await auditOf(cr.id)).find((a) => a.action === 'change_request.execute')!;
    expect(JSON.stringify(exec.summary)).not.toContain('192.0.2.10');
  });

  it('refuses bad input with field errors (4xx, never 500)', async () => {
    const t = await createTenant(p.db.database);
    const { user, s } = await customer(t);
    const svc = t.serviceIds[0]!;
    const base = {
      serviceId: svc,
      kind: 'bandwidth',
      desired: { bandwidthMbps: 500 },
      desiredDate: tomorrow(),
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, desired: { bandwidthMbps: 0 } }, '/body/desired/bandwidthMbps'],
      [{ ...base, desired: { bandwidthMbps: 100_001 } }, '/body/desired/bandwidthMbps'],
      [{ ...base, desired: { bandwidthMbps: 1.5 } }, '/body/desired/bandwidthMbps'],
      [{ ...base, desired: { bandwidthMbps: '500' } }, '/body/desired/bandwidthMbps'],
      [{ ...base, desired: {} }, '/body/desired/bandwidthMbps'],
      [{ ...base, desired: { bandwidthMbps: 100 } }, '/body/desired/bandwidthMbps'], // unchanged
      [{ ...base, desiredDate: '2020-01-01' }, '/body/desiredDate'],
      [{ ...base, desiredDate: '2026-02-30' }, '/body/desiredDate'],
      [{ ...base, desiredDate: '2999-01-01' }, '/body/desiredDate'],
      [{ ...base, kind: 'other', desired: { description: ' ' } }, '/body/desired/description'],
      [{ ...base, kind: 'other', desired: { description: 'a\u0000b' } }, '/body/desired/description'],
      [{ ...base, kind: 'other', desired: { description: 'x'.repeat(2001) } }, '/body/desired/description'],
      [{ ...base, kind: 'ipsec' }, '/body/kind'],
      [{ ...base, reason: 'x'.repeat(2001) }, '/body/reason'],
      [{ ...base, serviceId: 'not-a-uuid' }, '/body/serviceId'],
      [{ ...base, extra: 1 }, '/body'],
    ];
    for (const [payload, fieldPath] of cases) {
      const r = await portal(s, 'POST', '/api/v1/change-requests', payload);
      expect(r.statusCode, `${JSON.stringify(payload).slice(0, 120)} → ${r.body}`).toBe(400);
      const errors = r.json<{ errors?: { field: string }[] }>().errors ?? [];
      expect(
        errors.some((e) => e.field.startsWith(fieldPath)),
        `${JSON.stringify(payload).slice(0, 120)}: ${r.body}`,
      ).toBe(true);
    }
    const bad = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/change-requests',
      headers: { ...s.headers, 'content-type': 'application/json' },
      payload: '{"serviceId":',
    });
    expect(bad.statusCode).toBe(400);
    expect((await portal(s, 'GET', '/api/v1/change-requests?status=bogus')).statusCode).toBe(400);
    expect((await portal(s, 'GET', '/api/v1/change-requests/nope')).statusCode).toBe(400);
    expect(await mailsTo(user.login)).toEqual([]); // nothing was submitted
  });

  it("keeps tenants apart: B sees none of A's requests and cannot act on them", async () => {
    const a = await createTenant(p.db.database);
    const b = await createTenant(p.db.database);
    const { s: sa } = await customer(a);
    const { s: sb } = await customer(b);
    const cr = await submit(sa, a.serviceIds[0]!);
    const url = `/api/v1/change-requests/${cr.id}`;
    expect((await portal(sb, 'GET', url)).statusCode).toBe(404);
    const w = await portal(sb, 'POST', `${url}/withdraw`);
    expect(w.statusCode).toBe(404);
    expect(w.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await portal(sb, 'GET', '/api/v1/change-requests')).json<Cr[]>()).toEqual([]);
    // B cannot file a request against A's service
    const r = await portal(sb, 'POST', '/api/v1/change-requests', {
      serviceId: a.serviceIds[0],
      kind: 'bandwidth',
      desired: { bandwidthMbps: 10 },
      desiredDate: tomorrow(),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('unknown_service');
    expect((await portal(sa, 'GET', url)).json<Cr>().status).toBe('submitted');
    // the management routes are not on the portal at all
    expect((await portal(sa, 'POST', `${url}/approve`, {})).statusCode).toBe(404);
    // row-level security holds even without the query's own filters
    const rows = await inTransaction(
      p.db.database,
      { actor: { kind: 'customer', id: null, tenantId: b.id }, tenantId: b.id, providerAccess: false },
      async () => ({
        requests: await db().selectFrom('customer.change_request').select('id').execute(),
        events: await db().selectFrom('customer.change_request_event').select('id').execute(),
      }),
    );
    expect(rows).toEqual({ requests: [], events: [] });
  });

  it('lets a viewer read but not submit or withdraw (403)', async () => {
    const t = await createTenant(p.db.database);
    const { s: admin } = await customer(t);
    const { s: viewer } = await customer(t, { role: 'viewer' });
    const cr = await submit(admin, t.serviceIds[0]!);
    const r = await portal(viewer, 'POST', '/api/v1/change-requests', {
      serviceId: t.serviceIds[0],
      kind: 'bandwidth',
      desired: { bandwidthMbps: 50 },
      desiredDate: tomorrow(),
    });
    expect(r.statusCode).toBe(403);
    expect((await portal(viewer, 'POST', `/api/v1/change-requests/${cr.id}/withdraw`)).statusCode).toBe(403);
    const list = await portal(viewer, 'GET', '/api/v1/change-requests');
    expect(list.json<Cr[]>().map((x) => x.id)).toEqual([cr.id]);
  });

  it("narrows a scoped user to their services' requests", async () => {
    const t = await createTenant(p.db.database, { services: 3 });
    const [mine, other] = [t.serviceIds[1]!, t.serviceIds[2]!];
    const { s: admin } = await customer(t);
    const { s: scoped } = await customer(t, { role: 'operator', serviceScope: [mine] });
    const foreign = await submit(admin, other);
    const visible = await submit(admin, mine, 700);
    const own = await submit(scoped, mine, 800);
    const list = (await portal(scoped, 'GET', '/api/v1/change-requests')).json<Cr[]>();
    expect(list.map((x) => x.id).sort()).toEqual([visible.id, own.id].sort());
    expect((await portal(scoped, 'GET', `/api/v1/change-requests/${foreign.id}`)).statusCode).toBe(404);
    expect((await portal(scoped, 'POST', `/api/v1/change-requests/${foreign.id}/withdraw`)).statusCode).toBe(
      404,
    );
    const r = await portal(scoped, 'POST', '/api/v1/change-requests', {
      serviceId: other,
      kind: 'bandwidth',
      desired: { bandwidthMbps: 10 },
      desiredDate: tomorrow(),
    });
    expect(r.statusCode).toBe(400);
    expect((await portal(scoped, 'POST', `/api/v1/change-requests/${visible.id}/withdraw`)).statusCode).toBe(
      200,
    );
    expect((await portal(admin, 'GET', '/api/v1/change-requests')).json<Cr[]>()).toHaveLength(3);
    const filtered = (await portal(admin, 'GET', '/api/v1/change-requests?status=withdrawn')).json<Cr[]>();
    expect(filtered.map((x) => x.id)).toEqual([visible.id]);
  });

  it('holds staff to their permissions: approving needs changes.approve, executing network.manage', async () => {
    const t = await createTenant(p.db.database);
    const { s } = await customer(t);
    const cr = await submit(s, t.serviceIds[0]!);
    const url = `/api/v1/change-requests/${cr.id}`;
    const noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
    const sec = await login(
      p.mgmt,
      p.db.database,
      await createStaffMember(p.db.database, { role: 'security' }),
    );
    expect((await mgmt(noc, 'GET', url)).statusCode).toBe(200);
    expect((await mgmt(noc, 'POST', `${url}/approve`, {})).statusCode).toBe(403);
    expect((await mgmt(noc, 'POST', `${url}/reject`, { reason: 'no' })).statusCode).toBe(403);
    expect((await mgmt(sec, 'POST', `${url}/approve`, {})).statusCode).toBe(200);
    expect((await mgmt(sec, 'POST', `${url}/execute`, {})).statusCode).toBe(403);
    expect((await mgmt(noc, 'POST', `${url}/execute`, {})).statusCode).toBe(200);
    expect(await bandwidthOf(s, t.serviceIds[0]!)).toBe(500);
    // the customer's session does not open the management listener
    expect((await p.mgmt.inject({ url, headers: s.headers })).statusCode).toBe(401);
    // filtered queue: by status and tenant
    const executed = (
      await mgmt(staff, 'GET', `/api/v1/change-requests?status=executed&tenantId=${t.id}`)
    ).json<Cr[]>();
    expect(executed.map((x) => x.id)).toEqual([cr.id]);
  });
});
