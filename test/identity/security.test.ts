import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

const OFFICE = '203.0.113.10';
const HOME = '198.51.100.7';

interface Settings {
  ipAllowlist: string[];
  allowlistScope: 'admins' | 'all';
  allowlistTokens: boolean;
  mfaRequiredAll: boolean;
}
const DEFAULTS: Settings = {
  ipAllowlist: [],
  allowlistScope: 'admins',
  allowlistTokens: false,
  mfaRequiredAll: false,
};

const getSettings = (s: LoggedIn, ip = OFFICE) =>
  p.portal.inject({ url: '/api/v1/security/settings', headers: s.headers, remoteAddress: ip });
const putSettings = (s: LoggedIn, body: Record<string, unknown>, ip = OFFICE) =>
  p.portal.inject({
    method: 'PUT',
    url: '/api/v1/security/settings',
    payload: { ...DEFAULTS, ...body },
    headers: { ...s.headers, 'accept-language': 'en' },
    remoteAddress: ip,
  });

interface SecurityEvent {
  seq: number;
  at: string;
  action: string;
  outcome: string;
  actorKind: string;
  summary: Record<string, unknown>;
  login: string | null;
  sourceIp: string | null;
}

async function adminAt(ip = OFFICE) {
  const t = await createTenant(p.db.database);
  const u = await createUser(p.db.database, t.id, { role: 'admin' });
  return { t, u, s: await login(p.portal, p.db.database, u, ip) };
}

describe(`tenant security settings (${engineName})`, () => {
  it('round-trips the settings with normalised CIDRs and shows the caller’s address', async () => {
    const { t, s } = await adminAt();
    const first = await getSettings(s);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ ...DEFAULTS, yourIp: OFFICE });

    const put = await putSettings(s, {
      ipAllowlist: ['203.0.113.0/24', '2001:DB8:0:0::1/32', '192.0.2.7', '203.0.113.99/24'],
      allowlistScope: 'all',
      allowlistTokens: true,
      mfaRequiredAll: true,
    });
    expect(put.statusCode, put.body).toBe(200);
    const want = {
      ipAllowlist: ['203.0.113.0/24', '2001:db8::/32', '192.0.2.7/32'],
      allowlistScope: 'all',
      allowlistTokens: true,
      mfaRequiredAll: true,
    };
    expect(put.json()).toEqual({ ...want, yourIp: OFFICE });
    expect((await getSettings(s)).json()).toEqual({ ...want, yourIp: OFFICE });

    // audited with before and after (CIDRs are configuration, not personal data)
    const rec = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'target_id', 'summary'])
        .where('tenant_id', '=', t.id)
        .where('action', '=', 'security.settings.update')
        .executeTakeFirstOrThrow(),
    );
    expect(rec.target_id).toBe(t.id);
    expect(rec.summary).toEqual({ before: DEFAULTS, after: want });

    // emptying the list is always allowed (no lockout possible)
    expect((await putSettings(s, { ipAllowlist: [] }, HOME)).statusCode).toBe(200);
  });

  it('answers an invalid CIDR or too long a list with 400 and the field', async () => {
    const { s } = await adminAt();
    const bad = await putSettings(s, { ipAllowlist: ['203.0.113.0/24', '203.0.113.0/33'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '/body/ipAllowlist/1' }],
    });
    const tooMany = await putSettings(s, {
      ipAllowlist: Array.from({ length: 101 }, (_, i) => `10.${i}.0.0/16`),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ errors: [{ field: '/body/ipAllowlist' }] });
    for (const body of [{ allowlistScope: 'everyone' }, { mfaRequiredAll: 'yes' }, { yourIp: OFFICE }]) {
      expect((await putSettings(s, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await getSettings(s)).json()).toMatchObject(DEFAULTS);
  });

  it('refuses a list that would lock the administrator out (409 self_lockout)', async () => {
    const { s } = await adminAt(HOME);
    const r = await putSettings(s, { ipAllowlist: ['203.0.113.0/24'] }, HOME);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'self_lockout', errors: [{ field: '/body/ipAllowlist' }] });
    expect(r.json<{ detail: string }>().detail).toContain(HOME);
    expect((await getSettings(s, HOME)).json()).toMatchObject(DEFAULTS);
    // including one's own address (here as an IPv4-mapped IPv6 socket address) is accepted
    const ok = await putSettings(s, { ipAllowlist: ['203.0.113.0/24', '198.51.100.0/24'] }, `::ffff:${HOME}`);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('is for administrators only: operators and viewers get 403', async () => {
    const t = await createTenant(p.db.database);
    for (const role of ['operator', 'viewer'] as const) {
      const u = await createUser(p.db.database, t.id, { role });
      const s = await login(p.portal, p.db.database, u);
      expect((await getSettings(s)).statusCode, role).toBe(403);
      expect((await putSettings(s, {})).statusCode, role).toBe(403);
      const ev = await p.portal.inject({ url: '/api/v1/security/events', headers: s.headers });
      expect(ev.statusCode, role).toBe(403);
    }
    expect((await p.portal.inject({ url: '/api/v1/security/settings' })).statusCode).toBe(401);
  });
});

describe(`tenant security log (${engineName})`, () => {
  it('shows a refused login from outside the allowlist with its login name and source address', async () => {
    const { t, u, s } = await adminAt();
    const other = await adminAt();
    expect((await putSettings(s, { ipAllowlist: ['203.0.113.0/24'] })).statusCode).toBe(200);
    const home = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: u.login, password: u.password },
      remoteAddress: HOME,
    });
    expect(home.statusCode).toBe(403);
    // another tenant's failure must not appear
    await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: other.u.login, password: 'wrong password here' },
      remoteAddress: HOME,
    });

    const r = await p.portal.inject({ url: '/api/v1/security/events', headers: s.headers });
    expect(r.statusCode, r.body).toBe(200);
    const { items, nextBefore } = r.json<{ items: SecurityEvent[]; nextBefore: number | null }>();
    expect(nextBefore).toBeNull();
    const refused = items.find((e) => e.action === 'auth.login' && e.outcome === 'denied');
    expect(refused).toMatchObject({
      actorKind: 'anonymous',
      login: u.login,
      sourceIp: HOME,
    });
    expect(refused!.summary.reason).toBe('ip_not_allowed');
    expect(refused!.at).toMatch(/\+09:00$/);
    expect(items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['auth.login', 'auth.mfa.totp', 'security.settings.update']),
    );
    expect(items.every((e) => !e.login || e.login === u.login)).toBe(true);
    // newest first
    const seqs = items.map((e) => e.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    expect(t.id).not.toBe(other.t.id);
  });

  it('pages backwards with limit and before', async () => {
    const { s } = await adminAt();
    for (let i = 0; i < 3; i++) await putSettings(s, { mfaRequiredAll: i % 2 === 0 });
    const all = (await p.portal.inject({ url: '/api/v1/security/events', headers: s.headers })).json<{
      items: SecurityEvent[];
    }>().items;
    expect(all.length).toBeGreaterThanOrEqual(5);
    const page1 = await p.portal.inject({ url: '/api/v1/security/events?limit=2', headers: s.headers });
    const b1 = page1.json<{ items: SecurityEvent[]; nextBefore: number }>();
    expect(b1.items.map((e) => e.seq)).toEqual(all.slice(0, 2).map((e) => e.seq));
    expect(b1.nextBefore).toBe(all[1]!.seq);
    const page2 = await p.portal.inject({
      url: `/api/v1/security/events?limit=2&before=${b1.nextBefore}`,
      headers: s.headers,
    });
    expect(page2.json<{ items: SecurityEvent[] }>().items.map((e) => e.seq)).toEqual(
      all.slice(2, 4).map((e) => e.seq),
    );
    for (const q of ['limit=0', 'limit=1000', 'before=abc', 'before=1e30', 'other=1']) {
      const bad = await p.portal.inject({ url: `/api/v1/security/events?${q}`, headers: s.headers });
      expect(bad.statusCode, q).toBe(400);
    }
  });
});
