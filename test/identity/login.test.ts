import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { hotp, stepAt, totpAt } from '../../src/modules/identity/totp.ts';
import { ACCOUNT_FREE_FAILURES } from '../../src/modules/identity/throttle.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import {
  createStaffMember,
  createUser,
  login,
  resetTotpStep,
  sessionCookieFrom,
  type TestPrincipal,
} from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

const passwordStep = (u: TestPrincipal, password = u.password, ip = '127.0.0.1') =>
  p.portal.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: u.login, password },
    remoteAddress: ip,
    headers: { 'accept-language': 'en' },
  });

async function totpStep(cookie: string, csrf: string, code: string) {
  return p.portal.inject({
    method: 'POST',
    url: '/api/v1/auth/mfa/totp',
    payload: { code },
    headers: { cookie, 'x-csrf-token': csrf },
  });
}

const auditActions = (tenantId: string) =>
  inTransaction(p.db.database, systemScope(), () =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'outcome', 'summary'])
      .where('tenant_id', '=', tenantId)
      .orderBy('seq')
      .execute(),
  );

describe(`login (${engineName})`, () => {
  it('accepts a TOTP code once, refuses its replay and a code two steps old', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id);
    const first = await passwordStep(u);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ stage: 'mfa' });
    const cookie = sessionCookieFrom(first.headers['set-cookie'], p.portal);
    const csrf = first.json<{ csrfToken: string }>().csrfToken;
    const now = Date.now();
    const old = hotp(u.totpSecret!, stepAt(now) - 2);
    expect((await totpStep(cookie, csrf, old)).statusCode).toBe(401);
    const code = totpAt(u.totpSecret!, now);
    const ok = await totpStep(cookie, csrf, code);
    expect(ok.statusCode).toBe(200);
    // the same code again, on a fresh password step, is refused
    const again = await passwordStep(u);
    const cookie2 = sessionCookieFrom(again.headers['set-cookie'], p.portal);
    const replay = await totpStep(cookie2, again.json<{ csrfToken: string }>().csrfToken, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'invalid_code' });
  });

  it('refuses an administrator outside the tenant allowlist although password and TOTP are right, and audits it', async () => {
    const t = await createTenant(p.db.database);
    const admin = await createUser(p.db.database, t.id, { role: 'admin' });
    const viewer = await createUser(p.db.database, t.id, { role: 'viewer' });
    await inTransaction(p.db.database, systemScope(), () =>
      db()
        .insertInto('customer.tenant_setting')
        .values({ tenant_id: t.id, ip_allowlist: ['203.0.113.0/24', '2001:db8::/32'] })
        .execute(),
    );
    const home = await passwordStep(admin, admin.password, '198.51.100.7');
    expect(home.statusCode).toBe(403);
    expect(home.json()).toMatchObject({ code: 'ip_not_allowed' });
    expect(home.headers['set-cookie']).toBeUndefined();
    const office = await passwordStep(admin, admin.password, '203.0.113.20');
    expect(office.statusCode).toBe(200);
    const v6 = await passwordStep(admin, admin.password, '2001:db8::5');
    expect(v6.statusCode).toBe(200);
    // the allowlist applies to administrators only (tenant setting 'admins')
    expect((await passwordStep(viewer, viewer.password, '198.51.100.7')).statusCode).toBe(200);
    const events = await auditActions(t.id);
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'auth.login',
        outcome: 'denied',
        summary: expect.objectContaining({ reason: 'ip_not_allowed' }) as unknown,
      }),
    );
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id);
    const wrong = await passwordStep(u, 'not the password at all');
    const unknown = await passwordStep({ ...u, login: `nobody-${u.login}` }, u.password);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: string) => b.replace(/urn:pva:request:[0-9a-f-]+/, '');
    expect(strip(wrong.body)).toBe(strip(unknown.body));
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('locks an account after the threshold: the right password is refused until the lockout ends', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id);
    for (let i = 0; i <= ACCOUNT_FREE_FAILURES; i++)
      expect((await passwordStep(u, `wrong ${i}`)).statusCode).toBe(401);
    const locked = await passwordStep(u);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'login_locked' });
    // an unknown account gets the same lockout answer after as many failures
    const ghost = { ...u, login: `ghost-${u.login}` };
    for (let i = 0; i <= ACCOUNT_FREE_FAILURES; i++) await passwordStep(ghost, `wrong ${i}`);
    expect((await passwordStep(ghost)).json()).toMatchObject({ code: 'login_locked' });
    const events = await auditActions(t.id);
    expect(events).toContainEqual(expect.objectContaining({ action: 'auth.lockout', outcome: 'denied' }));
    // the lockout ends
    await inTransaction(p.db.database, systemScope(), () =>
      db()
        .updateTable('iam.login_throttle')
        .set({ locked_until: new Date(Date.now() - 1000) })
        .where('key', 'like', `%${u.login}`)
        .execute(),
    );
    expect((await passwordStep(u)).statusCode).toBe(200);
  });

  it('refuses a state change without the CSRF token or with another session’s token', async () => {
    const t = await createTenant(p.db.database);
    const a = await createUser(p.db.database, t.id);
    const b = await createUser(p.db.database, t.id);
    const sa = await login(p.portal, p.db.database, a);
    const sb = await login(p.portal, p.db.database, b);
    const call = (headers: Record<string, string>) =>
      p.portal.inject({ method: 'POST', url: '/api/v1/me/mfa/recovery-codes', headers });
    expect((await call({ cookie: sa.cookie })).json()).toMatchObject({ code: 'csrf_failed' });
    expect((await call({ cookie: sa.cookie, 'x-csrf-token': sb.csrf })).statusCode).toBe(403);
    expect((await call({ cookie: sb.cookie, 'x-csrf-token': sa.csrf })).statusCode).toBe(403);
    expect((await call(sa.headers)).statusCode).toBe(200);
  });

  it('forces enrolment for an administrator without a second factor, then completes the login', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id, { role: 'admin', totp: false });
    const r = await passwordStep(u);
    expect(r.json()).toMatchObject({ stage: 'enroll' });
    const headers = {
      cookie: sessionCookieFrom(r.headers['set-cookie'], p.portal),
      'x-csrf-token': r.json<{ csrfToken: string }>().csrfToken,
    };
    expect((await p.portal.inject({ url: '/api/v1/me/sessions', headers })).json()).toMatchObject({
      code: 'mfa_required',
    });
    const setup = await p.portal.inject({ method: 'POST', url: '/api/v1/me/mfa/totp/setup', headers });
    expect(setup.statusCode).toBe(200);
    const { secret, qrSvg, otpauthUri } = setup.json<{ secret: string; qrSvg: string; otpauthUri: string }>();
    expect(qrSvg).toMatch(/^<svg/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const confirm = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/me/mfa/totp/confirm',
      headers,
      payload: { code: totpAt(secret, Date.now()) },
    });
    expect(confirm.statusCode).toBe(200);
    const codes = confirm.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const full = { cookie: sessionCookieFrom(confirm.headers['set-cookie'], p.portal) };
    expect((await p.portal.inject({ url: '/api/v1/me/sessions', headers: full })).statusCode).toBe(200);
    // the pre-enrolment session id no longer works
    expect(
      (await p.portal.inject({ url: '/api/v1/session', headers: { cookie: headers.cookie } })).json(),
    ).toMatchObject({ authenticated: false });
    // a recovery code works once as the second factor
    const again = await passwordStep({ ...u, totpSecret: secret });
    const h2 = {
      cookie: sessionCookieFrom(again.headers['set-cookie'], p.portal),
      'x-csrf-token': again.json<{ csrfToken: string }>().csrfToken,
    };
    expect(
      (
        await p.portal.inject({
          method: 'POST',
          url: '/api/v1/auth/mfa/recovery',
          headers: h2,
          payload: { code: codes[0]! },
        })
      ).statusCode,
    ).toBe(200);
    const third = await passwordStep({ ...u, totpSecret: secret });
    const h3 = {
      cookie: sessionCookieFrom(third.headers['set-cookie'], p.portal),
      'x-csrf-token': third.json<{ csrfToken: string }>().csrfToken,
    };
    expect(
      (
        await p.portal.inject({
          method: 'POST',
          url: '/api/v1/auth/mfa/recovery',
          headers: h3,
          payload: { code: codes[0]! },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('keeps staff on the management listener and customers on the portal', async () => {
    const staff = await createStaffMember(p.db.database);
    const portalTry = await passwordStep(staff);
    expect(portalTry.statusCode).toBe(401);
    const s = await login(p.mgmt, p.db.database, staff);
    expect(
      (await p.mgmt.inject({ url: '/api/v1/session', headers: { cookie: s.cookie } })).json(),
    ).toMatchObject({ authenticated: true, principal: { kind: 'staff' } });
    // the management cookie means nothing to the portal
    expect(
      (
        await p.portal.inject({
          url: '/api/v1/me/sessions',
          headers: { cookie: s.cookie.replace('pva_mgmt', 'pva_portal') },
        })
      ).statusCode,
    ).toBe(401);
    await resetTotpStep(p.db.database, staff);
  });
});
