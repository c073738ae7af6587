import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

const PORTAL_URL = 'https://portal.pva.test';
let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform({ PVA_PORTAL_URL: PORTAL_URL, PVA_MGMT_URL: 'https://console.pva.test' });
});
afterAll(async () => p?.close());

const NEW_PASSWORD = 'violet tractor under a quiet moon';
const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);

/** The newest email queued for an address, and the link token it carries. */
async function lastMail(to: string) {
  const m = await sys(() =>
    db()
      .selectFrom('ops.outbox')
      .selectAll()
      .where('recipient', '=', to)
      .orderBy('id', 'desc')
      .executeTakeFirst(),
  );
  const token = m ? /#token=([A-Za-z0-9_-]+)/.exec(m.body)?.[1] : undefined;
  return { mail: m, token };
}

const call = (
  s: LoggedIn,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
) =>
  p.portal.inject({
    method,
    url,
    headers: { ...s.headers, 'accept-language': 'en' },
    ...(payload ? { payload } : {}),
  });

/** An authenticated request that any signed-in user may make: 200 while the session lives. */
const probe = (s: LoggedIn) => p.portal.inject({ url: '/api/v1/me/sessions', headers: { cookie: s.cookie } });

const auditOf = (targetId: string) =>
  sys(() =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'outcome', 'summary', 'target_type', 'target_id', 'personal_ref', 'tenant_id'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute(),
  );

async function adminOf(tenantId: string): Promise<{ admin: TestPrincipal; s: LoggedIn }> {
  const admin = await createUser(p.db.database, tenantId, { role: 'admin' });
  return { admin, s: await login(p.portal, p.db.database, admin) };
}

describe(`user lifecycle (${engineName})`, () => {
  it('invites a user: email with a single-use link, invitation accepted once, then the user logs in', async () => {
    const t = await createTenant(p.db.database, { services: 2 });
    const { s } = await adminOf(t.id);
    const email = `Invitee-${t.code}@Customer.example`;
    const r = await call(s, 'POST', '/api/v1/users', {
      email,
      name: '招待 花子',
      role: 'operator',
      serviceIds: [t.serviceIds[0]],
    });
    expect(r.statusCode, r.body).toBe(201);
    const u = r.json<{ id: string; login: string; status: string; serviceScope: string[]; role: string }>();
    expect(u).toMatchObject({
      login: email.toLowerCase(),
      status: 'invited',
      role: 'operator',
      serviceScope: [t.serviceIds[0]],
      mfaEnrolled: false,
      lastLoginAt: null,
    });
    expect(r.json<{ createdAt: string }>().createdAt).toMatch(/\+09:00$/);

    const { mail, token } = await lastMail(email.toLowerCase());
    expect(mail?.tenant_id).toBe(t.id);
    expect(mail?.body).toContain(`${PORTAL_URL}/invite#token=${token}`);
    expect(mail?.body).toMatch(/パスワードを設定してください/);
    expect(mail?.body).toMatch(/set your password/);
    expect(mail?.body).toMatch(/\((JST|UTC\+09:00)\)/);
    // only the hash of the token is stored
    const stored = await sys(() =>
      db().selectFrom('iam.one_time_link').selectAll().where('principal_id', '=', u.id).execute(),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token!);
    expect(stored[0]!.purpose).toBe('invite');
    expect(stored[0]!.expires_at.getTime() - Date.now()).toBeGreaterThan(71.9 * 3600_000);

    // the SPA greets the user
    const info = await p.portal.inject({ method: 'POST', url: '/api/v1/auth/link', payload: { token } });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({
      purpose: 'invite',
      login: u.login,
      name: '招待 花子',
      passwordMinLength: 15,
    });

    // an invited user cannot log in yet
    const early = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: u.login, password: NEW_PASSWORD },
    });
    expect(early.statusCode).toBe(401);

    // a refused password leaves the link usable
    const weak = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: 'short' },
    });
    expect(weak.json()).toMatchObject({ code: 'weak_password' });
    const ok = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: NEW_PASSWORD },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ login: u.login });
    const again = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: NEW_PASSWORD },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'link_invalid' });

    const us = await login(p.portal, p.db.database, {
      kind: 'customer',
      id: u.id,
      login: u.login,
      password: NEW_PASSWORD,
      totpSecret: null,
      tenantId: t.id,
    });
    expect((await probe(us)).statusCode).toBe(200);
    const listed = await call(s, 'GET', '/api/v1/users');
    expect(listed.json<{ id: string; status: string }[]>().find((x) => x.id === u.id)?.status).toBe('active');

    // the audit keeps names out of the hashed summary
    const events = await auditOf(u.id);
    const invite = events.find((e) => e.action === 'user.invite')!;
    expect(invite).toMatchObject({ target_type: 'customer', tenant_id: t.id });
    expect(JSON.stringify(invite.summary)).not.toContain('花子');
    expect(JSON.stringify(invite.summary)).not.toContain('invitee');
    expect(invite.personal_ref).not.toBeNull();
    expect(events.map((e) => e.action)).toContain('auth.invitation.accept');
  });

  it('refuses a taken login (in any tenant) and service ids of another tenant', async () => {
    const t = await createTenant(p.db.database);
    const other = await createTenant(p.db.database);
    const elsewhere = await createUser(p.db.database, other.id, { role: 'viewer' });
    const { s } = await adminOf(t.id);
    const taken = await call(s, 'POST', '/api/v1/users', {
      login: elsewhere.login.toUpperCase(),
      email: `x-${t.code}@customer.example`,
      name: 'X',
      role: 'viewer',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'conflict', errors: [{ field: '/body/login' }] });
    const foreign = await call(s, 'POST', '/api/v1/users', {
      email: `y-${t.code}@customer.example`,
      name: 'Y',
      role: 'viewer',
      serviceIds: [t.serviceIds[0], other.serviceIds[0]],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '/body/serviceIds', code: 'unknown_service' }],
    });
    const bad = await call(s, 'POST', '/api/v1/users', {
      email: 'not-an-email',
      name: 'Z',
      role: 'owner',
    });
    expect(bad.statusCode).toBe(400);
    const none = await sys(() =>
      db().selectFrom('customer.app_user').select('id').where('tenant_id', '=', t.id).execute(),
    );
    expect(none).toHaveLength(1); // only the administrator
  });

  it('ends the sessions of a user whose role changes, and audits the change with before and after', async () => {
    const t = await createTenant(p.db.database);
    const { s } = await adminOf(t.id);
    const u = await createUser(p.db.database, t.id, { role: 'operator', totp: false });
    const us = await login(p.portal, p.db.database, u);
    expect((await probe(us)).statusCode).toBe(200);
    // a scope or name change keeps the session
    const scoped = await call(s, 'PATCH', `/api/v1/users/${u.id}`, {
      serviceIds: [t.serviceIds[1]],
      name: '新しい 名前',
    });
    expect(scoped.statusCode, scoped.body).toBe(200);
    expect(scoped.json()).toMatchObject({ serviceScope: [t.serviceIds[1]], name: '新しい 名前' });
    expect((await probe(us)).statusCode).toBe(200);

    const r = await call(s, 'PATCH', `/api/v1/users/${u.id}`, { role: 'viewer', serviceIds: null });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ role: 'viewer', serviceScope: null });
    expect((await probe(us)).statusCode).toBe(401);
    const events = await auditOf(u.id);
    const change = events.find((e) => e.action === 'user.role.change');
    expect(change?.summary).toMatchObject({
      changes: {
        role: { before: 'operator', after: 'viewer' },
        serviceScope: { before: [t.serviceIds[1]], after: null },
      },
      sessionsRevoked: 1,
    });
    expect(JSON.stringify(events.map((e) => e.summary))).not.toContain('新しい');
  });

  it('deletes a user: their open session ends at their next request, tokens and factors go, the audit keeps the id', async () => {
    const t = await createTenant(p.db.database);
    const { s } = await adminOf(t.id);
    const u = await createUser(p.db.database, t.id, { role: 'operator' });
    const us = await login(p.portal, p.db.database, u);
    expect((await probe(us)).statusCode).toBe(200);
    await sys(() =>
      db()
        .insertInto('iam.api_token')
        .values({
          tenant_id: t.id,
          user_id: u.id,
          name: 'ci',
          token_hash: `hash-${u.id}`,
          prefix: 'pva_xxxx',
          scope: 'read',
          service_scope: null,
          expires_at: new Date(Date.now() + 86400_000),
          last_used_at: null,
          revoked_at: null,
        })
        .execute(),
    );
    const del = await call(s, 'DELETE', `/api/v1/users/${u.id}`);
    expect(del.statusCode, del.body).toBe(204);
    const next = await probe(us);
    expect(next.statusCode).toBe(401);
    expect(next.json()).toMatchObject({ code: 'unauthenticated' });
    expect((await call(s, 'GET', `/api/v1/users/${u.id}`)).statusCode).toBe(404);
    const left = await sys(async () => ({
      token: await db()
        .selectFrom('iam.api_token')
        .select('revoked_at')
        .where('user_id', '=', u.id)
        .executeTakeFirst(),
      totp: await db()
        .selectFrom('iam.totp')
        .select('principal_id')
        .where('principal_id', '=', u.id)
        .execute(),
      user: await db().selectFrom('customer.app_user').select('id').where('id', '=', u.id).execute(),
    }));
    expect(left.token?.revoked_at).toBeInstanceOf(Date);
    expect(left.totp).toHaveLength(0);
    expect(left.user).toHaveLength(0);
    const rec = (await auditOf(u.id)).find((e) => e.action === 'user.delete')!;
    expect(rec).toMatchObject({ target_type: 'customer', target_id: u.id, outcome: 'success' });
    expect(rec.summary).toMatchObject({ role: 'operator', sessionsRevoked: 1, tokensRevoked: 1 });
    expect(JSON.stringify(rec.summary)).not.toContain(u.login);
    expect(rec.personal_ref).not.toBeNull();
  });

  it('keeps at least one active administrator: the last one cannot be deleted or demoted', async () => {
    const t = await createTenant(p.db.database);
    const { admin, s } = await adminOf(t.id);
    // an invited administrator does not count
    const inv = await call(s, 'POST', '/api/v1/users', {
      email: `second-${t.code}@customer.example`,
      name: 'Second',
      role: 'admin',
    });
    expect(inv.statusCode).toBe(201);
    const self = await call(s, 'DELETE', `/api/v1/users/${admin.id}`);
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ code: 'last_admin' });
    const demote = await call(s, 'PATCH', `/api/v1/users/${admin.id}`, { role: 'operator' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ code: 'last_admin' });
    // the refusal is audited as a failure
    const failed = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'outcome', 'summary'])
        .where('tenant_id', '=', t.id)
        .where('outcome', '=', 'failure')
        .execute(),
    );
    expect(failed).toContainEqual(
      expect.objectContaining({ action: 'user.delete', summary: { error: 'last_admin' } }),
    );
    // with another active administrator, deleting oneself is allowed and ends one's own session
    const other = await createUser(p.db.database, t.id, { role: 'admin' });
    const os = await login(p.portal, p.db.database, other);
    expect((await call(s, 'DELETE', `/api/v1/users/${admin.id}`)).statusCode).toBe(204);
    expect((await probe(s)).statusCode).toBe(401);
    expect((await call(os, 'DELETE', `/api/v1/users/${other.id}`)).statusCode).toBe(409);
    expect((await call(os, 'PATCH', `/api/v1/users/${other.id}`, { role: 'viewer' })).statusCode).toBe(409);
    // the invited administrator can be removed (no active administrator is lost)
    const invitedId = inv.json<{ id: string }>().id;
    expect((await call(os, 'DELETE', `/api/v1/users/${invitedId}`)).statusCode).toBe(204);
  });

  it("answers 404 for another tenant's user on every user route, and leaves that user alone", async () => {
    const a = await createTenant(p.db.database);
    const b = await createTenant(p.db.database);
    const victim = await createUser(p.db.database, a.id, { role: 'admin' });
    const { s } = await adminOf(b.id);
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const id of [victim.id, unknown]) {
      for (const [method, url, payload] of [
        ['GET', `/api/v1/users/${id}`, undefined],
        ['PATCH', `/api/v1/users/${id}`, { role: 'viewer' }],
        ['DELETE', `/api/v1/users/${id}`, undefined],
        ['POST', `/api/v1/users/${id}/password-reset`, undefined],
        ['POST', `/api/v1/users/${id}/sessions/revoke`, undefined],
      ] as const) {
        const r = await call(s, method, url, payload);
        expect(r.statusCode, `${method} ${url}`).toBe(404);
        expect(r.json()).toMatchObject({ code: 'not_found' });
      }
    }
    const list = await call(s, 'GET', '/api/v1/users');
    expect(list.json<{ id: string }[]>().map((x) => x.id)).not.toContain(victim.id);
    const still = await sys(() =>
      db().selectFrom('customer.app_user').select('role').where('id', '=', victim.id).executeTakeFirst(),
    );
    expect(still?.role).toBe('admin');
    // PATCH with another tenant's service ids is refused as well
    const mine = await createUser(p.db.database, b.id, { role: 'viewer' });
    const r = await call(s, 'PATCH', `/api/v1/users/${mine.id}`, { serviceIds: [a.serviceIds[0]] });
    expect(r.statusCode).toBe(400);
  });

  it('gives operators and viewers 403 on user administration', async () => {
    const t = await createTenant(p.db.database);
    const target = await createUser(p.db.database, t.id, { role: 'viewer' });
    for (const role of ['operator', 'viewer'] as const) {
      const u = await createUser(p.db.database, t.id, { role, totp: false });
      const us = await login(p.portal, p.db.database, u);
      for (const [method, url, payload] of [
        ['GET', '/api/v1/users', undefined],
        ['GET', `/api/v1/users/${target.id}`, undefined],
        ['POST', '/api/v1/users', { email: `z-${role}@x.example`, name: 'Z', role: 'admin' }],
        ['PATCH', `/api/v1/users/${target.id}`, { role: 'admin' }],
        ['PATCH', `/api/v1/users/${u.id}`, { role: 'admin' }],
        ['DELETE', `/api/v1/users/${target.id}`, undefined],
        ['POST', `/api/v1/users/${target.id}/password-reset`, undefined],
        ['POST', `/api/v1/users/${target.id}/sessions/revoke`, undefined],
      ] as const) {
        const r = await call(us, method, url, payload);
        expect(r.statusCode, `${role} ${method} ${url}`).toBe(403);
        expect(r.json()).toMatchObject({ code: 'forbidden' });
      }
    }
    const role = await sys(() =>
      db().selectFrom('customer.app_user').select('role').where('id', '=', target.id).executeTakeFirst(),
    );
    expect(role?.role).toBe('viewer');
  });

  it('reissues a password: a reset link, a forced change and ended sessions; revokes sessions on request', async () => {
    const t = await createTenant(p.db.database);
    const { s } = await adminOf(t.id);
    const u = await createUser(p.db.database, t.id, { role: 'viewer', totp: false });
    let us = await login(p.portal, p.db.database, u);
    const revoke = await call(s, 'POST', `/api/v1/users/${u.id}/sessions/revoke`);
    expect(revoke.json()).toEqual({ revoked: 1 });
    expect((await probe(us)).statusCode).toBe(401);

    us = await login(p.portal, p.db.database, u);
    const r = await call(s, 'POST', `/api/v1/users/${u.id}/password-reset`);
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json<{ purpose: string; expiresAt: string }>().purpose).toBe('reset');
    expect(r.json<{ expiresAt: string }>().expiresAt).toMatch(/\+09:00$/);
    expect((await probe(us)).statusCode).toBe(401);
    const { mail, token } = await lastMail(u.login);
    expect(mail?.body).toContain(`${PORTAL_URL}/reset-password#token=${token}`);
    expect(mail?.body).toMatch(/管理者が/);
    // the old password still logs in, but only to change it
    const forced = await login(p.portal, p.db.database, u);
    const blocked = await p.portal.inject({ url: '/api/v1/users', headers: forced.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'password_change_required' });
    const set = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: NEW_PASSWORD },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await probe(forced)).statusCode).toBe(401);
    const row = await sys(() =>
      db()
        .selectFrom('customer.app_user')
        .select(['must_change_password'])
        .where('id', '=', u.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.must_change_password).toBe(false);
    await login(p.portal, p.db.database, { ...u, password: NEW_PASSWORD });

    // a user who never accepted gets a fresh invitation instead; the earlier link stops working
    const inv = await call(s, 'POST', '/api/v1/users', {
      email: `late-${t.code}@customer.example`,
      name: 'Late',
      role: 'viewer',
    });
    const first = (await lastMail(`late-${t.code}@customer.example`.toLowerCase())).token;
    const re = await call(s, 'POST', `/api/v1/users/${inv.json<{ id: string }>().id}/password-reset`);
    expect(re.json()).toMatchObject({ purpose: 'invite' });
    const second = (await lastMail(`late-${t.code}@customer.example`.toLowerCase())).token;
    expect(second).not.toBe(first);
    const old = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/link',
      payload: { token: first },
    });
    expect(old.statusCode).toBe(404);
    const fresh = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/link',
      payload: { token: second },
    });
    expect(fresh.json()).toMatchObject({ purpose: 'invite' });
  });
});
