import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

const PORTAL_URL = 'https://portal.pva.test';
const MGMT_URL = 'https://console.pva.test';
let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform({ PVA_PORTAL_URL: PORTAL_URL, PVA_MGMT_URL: MGMT_URL });
});
afterAll(async () => p?.close());

const NEW_PASSWORD = 'granite harbour seven lanterns';
const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);

async function lastMail(to: string) {
  const m = await sys(() =>
    db()
      .selectFrom('ops.outbox')
      .selectAll()
      .where('recipient', '=', to)
      .orderBy('id', 'desc')
      .executeTakeFirst(),
  );
  return { mail: m, token: m ? /#token=([A-Za-z0-9_-]+)/.exec(m.body)?.[1] : undefined };
}

const call = (
  s: LoggedIn,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
) =>
  p.mgmt.inject({
    method,
    url,
    headers: { ...s.headers, 'accept-language': 'en' },
    ...(payload ? { payload } : {}),
  });
const probe = (s: LoggedIn) => p.mgmt.inject({ url: '/api/v1/me/sessions', headers: { cookie: s.cookie } });

const auditOf = (targetId: string) =>
  sys(() =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'outcome', 'summary', 'tenant_id', 'actor_kind'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute(),
  );

const passwordStep = (app: TestPlatform['portal'], loginId: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: loginId, password } });

describe(`staff administration (${engineName})`, () => {
  it('invites a staff member to the console; the invitation works once and forces MFA enrolment', async () => {
    const admin = await createStaffMember(p.db.database, { role: 'admin' });
    const s = await login(p.mgmt, p.db.database, admin);
    const email = `new-noc-${admin.id.slice(0, 8)}@provider.example`;
    const r = await call(s, 'POST', '/api/v1/staff', {
      email,
      name: 'Noc Member',
      role: 'noc',
      trainingAcknowledgedOn: '2026-04-01',
    });
    expect(r.statusCode, r.body).toBe(201);
    const m = r.json<{ id: string }>();
    expect(r.json()).toMatchObject({
      email,
      role: 'noc',
      status: 'invited',
      trainingAcknowledgedOn: '2026-04-01',
      mfaEnrolled: false,
    });
    const dup = await call(s, 'POST', '/api/v1/staff', {
      email: email.toUpperCase(),
      name: 'Dup',
      role: 'noc',
    });
    expect(dup.statusCode).toBe(409);

    const { mail, token } = await lastMail(email);
    expect(mail?.body).toContain(`${MGMT_URL}/invite#token=${token}`);
    expect(mail?.body).toMatch(/PVA 管理コンソール/);
    // a staff link means nothing on the portal
    const onPortal = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: NEW_PASSWORD },
    });
    expect(onPortal.json()).toMatchObject({ code: 'link_invalid' });
    const info = await p.mgmt.inject({ method: 'POST', url: '/api/v1/auth/link', payload: { token } });
    expect(info.json()).toMatchObject({ purpose: 'invite', login: email, passwordMinLength: 8 });
    const ok = await p.mgmt.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: NEW_PASSWORD },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const first = await passwordStep(p.mgmt, email, NEW_PASSWORD);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ stage: 'enroll' });
    const list = await call(s, 'GET', '/api/v1/staff');
    expect(list.json<{ id: string; status: string }[]>().find((x) => x.id === m.id)?.status).toBe('active');
  });

  it('re-roles a staff member (their sessions end) and deletes one; non-administrators get 403', async () => {
    const admin = await createStaffMember(p.db.database, { role: 'admin' });
    const s = await login(p.mgmt, p.db.database, admin);
    const member = await createStaffMember(p.db.database, { role: 'noc' });
    const ms = await login(p.mgmt, p.db.database, member);
    for (const [method, url, payload] of [
      ['GET', '/api/v1/staff', undefined],
      ['POST', '/api/v1/staff', { email: 'x@provider.example', name: 'X', role: 'admin' }],
      ['PATCH', `/api/v1/staff/${member.id}`, { role: 'admin' }],
      ['DELETE', `/api/v1/staff/${admin.id}`, undefined],
    ] as const) {
      const r = await call(ms, method, url, payload);
      expect(r.statusCode, `${method} ${url}`).toBe(403);
    }
    const same = await call(s, 'PATCH', `/api/v1/staff/${member.id}`, {
      trainingAcknowledgedOn: '2026-05-10',
    });
    expect(same.json()).toMatchObject({ trainingAcknowledgedOn: '2026-05-10', role: 'noc' });
    expect((await probe(ms)).statusCode).toBe(200);
    const r = await call(s, 'PATCH', `/api/v1/staff/${member.id}`, { role: 'security' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ role: 'security' });
    expect((await probe(ms)).statusCode).toBe(401);
    const change = (await auditOf(member.id)).find((e) => e.action === 'staff.role.change');
    expect(change).toMatchObject({
      actor_kind: 'staff',
      tenant_id: null,
      summary: { changes: { role: { before: 'noc', after: 'security' } }, sessionsRevoked: 1 },
    });
    const ms2 = await login(p.mgmt, p.db.database, member);
    expect((await call(s, 'DELETE', `/api/v1/staff/${member.id}`)).statusCode).toBe(204);
    expect((await probe(ms2)).statusCode).toBe(401);
    expect((await call(s, 'GET', `/api/v1/staff`)).json<{ id: string }[]>().map((x) => x.id)).not.toContain(
      member.id,
    );
    expect((await call(s, 'DELETE', `/api/v1/staff/${member.id}`)).statusCode).toBe(404);
    const totp = await sys(() =>
      db().selectFrom('iam.totp').select('principal_id').where('principal_id', '=', member.id).execute(),
    );
    expect(totp).toHaveLength(0);
  });

  it('keeps at least one active provider administrator', async () => {
    const admin = await createStaffMember(p.db.database, { role: 'admin' });
    const s = await login(p.mgmt, p.db.database, admin);
    // make this the only active administrator
    await sys(() =>
      db()
        .updateTable('ops.staff')
        .set({ role: 'noc' })
        .where('role', '=', 'admin')
        .where('id', '!=', admin.id)
        .execute(),
    );
    const del = await call(s, 'DELETE', `/api/v1/staff/${admin.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ code: 'last_admin' });
    const demote = await call(s, 'PATCH', `/api/v1/staff/${admin.id}`, { role: 'security' });
    expect(demote.statusCode).toBe(409);
    // an invited administrator does not count
    const inv = await call(s, 'POST', '/api/v1/staff', {
      email: `inv-${admin.id.slice(0, 8)}@provider.example`,
      name: 'Invited Admin',
      role: 'admin',
    });
    expect(inv.statusCode).toBe(201);
    expect((await call(s, 'DELETE', `/api/v1/staff/${admin.id}`)).statusCode).toBe(409);
    // with a second active administrator, one may step down
    const other = await createStaffMember(p.db.database, { role: 'admin' });
    const os = await login(p.mgmt, p.db.database, other);
    expect((await call(s, 'PATCH', `/api/v1/staff/${admin.id}`, { role: 'noc' })).statusCode).toBe(200);
    expect((await probe(s)).statusCode).toBe(401);
    expect((await call(os, 'DELETE', `/api/v1/staff/${other.id}`)).statusCode).toBe(409);
    expect((await call(os, 'DELETE', `/api/v1/staff/${admin.id}`)).statusCode).toBe(204);
  });

  it("creates a tenant's first administrator, who accepts on the portal and must enrol MFA", async () => {
    const admin = await createStaffMember(p.db.database, { role: 'admin' });
    const s = await login(p.mgmt, p.db.database, admin);
    const t = await createTenant(p.db.database);
    const email = `first-admin-${t.code}@customer.example`.toLowerCase();
    const unknown = await call(s, 'POST', '/api/v1/tenants/00000000-0000-4000-8000-000000000000/admins', {
      email,
      name: '管理 太郎',
    });
    expect(unknown.statusCode).toBe(404);
    const r = await call(s, 'POST', `/api/v1/tenants/${t.id}/admins`, { email, name: '管理 太郎' });
    expect(r.statusCode, r.body).toBe(201);
    const u = r.json<{ id: string; login: string }>();
    expect(r.json()).toMatchObject({ login: email, role: 'admin', status: 'invited', serviceScope: null });
    const row = await sys(() =>
      db()
        .selectFrom('customer.app_user')
        .select('tenant_id')
        .where('id', '=', u.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.tenant_id).toBe(t.id);

    const { mail, token } = await lastMail(email);
    expect(mail?.body).toContain(`${PORTAL_URL}/invite#token=${token}`);
    expect(mail?.tenant_id).toBe(t.id);
    // the customer's link does not work on the console
    const onMgmt = await p.mgmt.inject({ method: 'POST', url: '/api/v1/auth/link', payload: { token } });
    expect(onMgmt.statusCode).toBe(404);
    const ok = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: NEW_PASSWORD },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const first = await passwordStep(p.portal, email, NEW_PASSWORD);
    expect(first.json()).toMatchObject({ stage: 'enroll' });

    const events = await auditOf(u.id);
    expect(events[0]).toMatchObject({
      action: 'tenant.admin.create',
      tenant_id: t.id,
      actor_kind: 'staff',
      summary: { firstAdmin: true, existingAdmins: 0 },
    });
    expect(JSON.stringify(events[0]!.summary)).not.toContain('太郎');

    // a further administrator (e.g. the customer lost theirs) is allowed and audited as such
    const second = await call(s, 'POST', `/api/v1/tenants/${t.id}/admins`, {
      email: `second-${email}`,
      name: 'Second',
    });
    expect(second.statusCode).toBe(201);
    const ev2 = await auditOf(second.json<{ id: string }>().id);
    expect(ev2[0]?.summary).toMatchObject({ firstAdmin: false, existingAdmins: 1 });
    const taken = await call(s, 'POST', `/api/v1/tenants/${t.id}/admins`, { email, name: 'Again' });
    expect(taken.statusCode).toBe(409);
  });

  it('lists tenants with user and administrator counts for tenants.read; creating admins needs tenants.manage', async () => {
    const t = await createTenant(p.db.database);
    await createUser(p.db.database, t.id, { role: 'admin' });
    await createUser(p.db.database, t.id, { role: 'viewer' });
    const noc = await createStaffMember(p.db.database, { role: 'noc' });
    const ns = await login(p.mgmt, p.db.database, noc);
    const r = await call(ns, 'GET', '/api/v1/tenants');
    expect(r.statusCode).toBe(200);
    const mine = r.json<{ id: string }[]>().find((x) => x.id === t.id);
    expect(mine).toMatchObject({ code: t.code, status: 'active', userCount: 2, adminCount: 1 });
    expect((mine as unknown as { createdAt: string }).createdAt).toMatch(/\+09:00$/);
    const denied = await call(ns, 'POST', `/api/v1/tenants/${t.id}/admins`, {
      email: `nope-${t.code}@customer.example`,
      name: 'Nope',
    });
    expect(denied.statusCode).toBe(403);
    // the portal serves none of this
    expect((await p.portal.inject({ url: '/api/v1/tenants' })).statusCode).toBe(404);
    expect((await p.portal.inject({ url: '/api/v1/staff' })).statusCode).toBe(404);
  });
});
