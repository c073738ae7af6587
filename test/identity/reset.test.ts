import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { RESET_LINKS_PER_HOUR } from '../../src/modules/identity/links.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

const PORTAL_URL = 'https://portal.pva.test';
let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform({ PVA_PORTAL_URL: PORTAL_URL, PVA_MGMT_URL: 'https://console.pva.test' });
});
afterAll(async () => p?.close());

const NEW_PASSWORD = 'amber kettle beneath nine bridges';
const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);

const mailsTo = (to: string) =>
  sys(() => db().selectFrom('ops.outbox').selectAll().where('recipient', '=', to).orderBy('id').execute());
const tokenIn = (body: string) => /#token=([A-Za-z0-9_-]+)/.exec(body)?.[1];

const requestReset = (app: TestPlatform['portal'], loginId: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset',
    payload: { login: loginId },
    headers: { 'accept-language': 'en' },
  });
const confirm = (app: TestPlatform['portal'], token: string | undefined, password = NEW_PASSWORD) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset/confirm',
    payload: { token, password },
    headers: { 'accept-language': 'en' },
  });
const probe = (app: TestPlatform['portal'], s: LoggedIn) =>
  app.inject({ url: '/api/v1/me/sessions', headers: { cookie: s.cookie } });

async function resetToken(u: TestPrincipal): Promise<string> {
  expect((await requestReset(p.portal, u.login)).statusCode).toBe(202);
  const mails = await mailsTo(u.login);
  return tokenIn(mails.at(-1)!.body)!;
}

describe(`password reset by emailed link (${engineName})`, () => {
  it('answers identically for unknown, inactive and known accounts; mails only the known one', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id, { role: 'viewer', totp: false });
    const invited = await createUser(p.db.database, t.id, { role: 'viewer', totp: false });
    await sys(() =>
      db().updateTable('customer.app_user').set({ status: 'invited' }).where('id', '=', invited.id).execute(),
    );
    const known = await requestReset(p.portal, u.login.toUpperCase());
    const unknown = await requestReset(p.portal, `nobody-${u.login}`);
    const inactive = await requestReset(p.portal, invited.login);
    for (const r of [known, unknown, inactive]) {
      expect(r.statusCode).toBe(202);
      expect(r.body).toBe(known.body);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    expect(known.json()).toEqual({ accepted: true });
    const mails = await mailsTo(u.login);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain(`${PORTAL_URL}/reset-password#token=`);
    expect(mails[0]!.body).toMatch(/パスワード再設定の依頼/);
    expect(mails[0]!.body).toMatch(/reset the password/);
    expect(await mailsTo(invited.login)).toHaveLength(0);
    expect(await mailsTo(`nobody-${u.login}`)).toHaveLength(0);
    // a customer login means nothing on the console
    expect((await requestReset(p.mgmt, u.login)).statusCode).toBe(202);
    expect(await mailsTo(u.login)).toHaveLength(1);
    const audits = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['outcome', 'summary', 'target_id'])
        .where('action', '=', 'auth.password_reset.request')
        .execute(),
    );
    expect(audits).toContainEqual(expect.objectContaining({ outcome: 'success', target_id: u.id }));
    expect(audits).toContainEqual(
      expect.objectContaining({ outcome: 'failure', summary: { plane: 'portal', reason: 'unknown_login' } }),
    );
  });

  it('sets a new password with a link that works once, ending every session', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id, { role: 'admin' });
    const s1 = await login(p.portal, p.db.database, u);
    const token = await resetToken(u);
    const info = await p.portal.inject({ method: 'POST', url: '/api/v1/auth/link', payload: { token } });
    expect(info.json()).toMatchObject({ purpose: 'reset', login: u.login, passwordMinLength: 8 });
    expect(info.json<{ expiresAt: string }>().expiresAt).toMatch(/\+09:00$/);
    // the link does not accept an invitation, and a weak password leaves it usable
    const wrongPurpose = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation',
      payload: { token, password: NEW_PASSWORD },
    });
    expect(wrongPurpose.json()).toMatchObject({ code: 'link_invalid' });
    const weak = await confirm(p.portal, token, 'password');
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'weak_password' });
    expect((await probe(p.portal, s1)).statusCode).toBe(200);

    const ok = await confirm(p.portal, token);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ login: u.login });
    expect((await probe(p.portal, s1)).statusCode).toBe(401);
    const twice = await confirm(p.portal, token, 'another long passphrase here');
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ code: 'link_invalid' });
    expect(
      (await p.portal.inject({ method: 'POST', url: '/api/v1/auth/link', payload: { token } })).statusCode,
    ).toBe(404);
    // the old password is gone, the new one works
    const old = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: u.login, password: u.password },
    });
    expect(old.statusCode).toBe(401);
    const s2 = await login(p.portal, p.db.database, { ...u, password: NEW_PASSWORD });
    expect((await probe(p.portal, s2)).statusCode).toBe(200);
    const rec = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['outcome', 'summary', 'tenant_id'])
        .where('action', '=', 'auth.password_reset.confirm')
        .where('target_id', '=', u.id)
        .execute(),
    );
    expect(rec).toContainEqual(
      expect.objectContaining({
        outcome: 'success',
        tenant_id: t.id,
        summary: { plane: 'portal', sessionsRevoked: 1 },
      }),
    );
  });

  it('refuses an expired link and unknown tokens', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id, { role: 'viewer', totp: false });
    const token = await resetToken(u);
    await sys(() =>
      db()
        .updateTable('iam.one_time_link')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('principal_id', '=', u.id)
        .execute(),
    );
    expect(
      (await p.portal.inject({ method: 'POST', url: '/api/v1/auth/link', payload: { token } })).statusCode,
    ).toBe(404);
    const r = await confirm(p.portal, token);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'link_invalid', title: 'This link is invalid or has expired.' });
    const made = 'A'.repeat(43);
    expect((await confirm(p.portal, made)).json()).toMatchObject({ code: 'link_invalid' });
    expect((await confirm(p.portal, 'bad token!')).json()).toMatchObject({ code: 'validation_failed' });
    // a new request supersedes older links: only the newest one works
    const a = await resetToken(u);
    const b = await resetToken(u);
    expect((await confirm(p.portal, a)).json()).toMatchObject({ code: 'link_invalid' });
    expect((await confirm(p.portal, b)).statusCode).toBe(200);
  });

  it(`sends at most ${RESET_LINKS_PER_HOUR} reset emails per account per hour`, async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id, { role: 'viewer', totp: false });
    for (let i = 0; i < RESET_LINKS_PER_HOUR + 2; i++)
      expect((await requestReset(p.portal, u.login)).statusCode).toBe(202);
    expect(await mailsTo(u.login)).toHaveLength(RESET_LINKS_PER_HOUR);
    // an hour later the account may ask again
    await sys(() =>
      db()
        .updateTable('iam.one_time_link')
        .set({ created_at: new Date(Date.now() - 3601_000) })
        .where('principal_id', '=', u.id)
        .execute(),
    );
    await requestReset(p.portal, u.login);
    expect(await mailsTo(u.login)).toHaveLength(RESET_LINKS_PER_HOUR + 1);
  });

  it('works for staff on the management listener, and not across listeners', async () => {
    const staff = await createStaffMember(p.db.database, { role: 'noc' });
    const s1 = await login(p.mgmt, p.db.database, staff);
    expect((await requestReset(p.portal, staff.login)).statusCode).toBe(202);
    expect(await mailsTo(staff.login)).toHaveLength(0);
    expect((await requestReset(p.mgmt, staff.login)).statusCode).toBe(202);
    const mails = await mailsTo(staff.login);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain('https://console.pva.test/reset-password#token=');
    const token = tokenIn(mails[0]!.body);
    expect((await confirm(p.portal, token)).json()).toMatchObject({ code: 'link_invalid' });
    // staff must use MFA, so 8 characters are enough
    const ok = await confirm(p.mgmt, token, 'eight ch');
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await probe(p.mgmt, s1)).statusCode).toBe(401);
    await login(p.mgmt, p.db.database, { ...staff, password: 'eight ch' });
  });
});
