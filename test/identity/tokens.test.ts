import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { sha256 } from '../../src/modules/identity/crypto.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

interface Issued {
  id: string;
  token: string;
  prefix: string;
  scope: string;
  expiresAt: string;
}
const OFFICE = '203.0.113.10';
const HOME = '198.51.100.7';

async function issue(s: LoggedIn, body: Record<string, unknown>, ip = '127.0.0.1') {
  return p.portal.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    payload: { name: 'ci', scope: 'read-write', expiresInDays: 30, ...body },
    headers: { ...s.headers, 'accept-language': 'en' },
    remoteAddress: ip,
  });
}
async function issued(s: LoggedIn, body: Record<string, unknown> = {}): Promise<Issued> {
  const r = await issue(s, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Issued>();
}
const bearer = (token: string, url = '/api/v1/tokens', ip = '127.0.0.1', method: 'GET' | 'DELETE' = 'GET') =>
  p.portal.inject({ method, url, headers: { authorization: `Bearer ${token}` }, remoteAddress: ip });

const sql = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);

async function adminOf(t: TenantFixture) {
  const u = await createUser(p.db.database, t.id, { role: 'admin' });
  return { u, s: await login(p.portal, p.db.database, u) };
}

describe(`API tokens (${engineName})`, () => {
  it('shows the token once, stores only its hash, and the token works as a Bearer credential', async () => {
    const t = await createTenant(p.db.database);
    const { u, s } = await adminOf(t);
    const tok = await issued(s, { name: 'nightly export' });
    expect(tok.token).toMatch(/^pva_[A-Za-z0-9_-]{43}$/);
    expect(tok.prefix).toBe(tok.token.slice(0, 12));
    expect(tok.expiresAt).toMatch(/\+09:00$/);
    const days = (Date.parse(tok.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const row = await sql(() =>
      db().selectFrom('iam.api_token').selectAll().where('id', '=', tok.id).executeTakeFirstOrThrow(),
    );
    expect(row.token_hash).toBe(sha256(tok.token));
    expect(JSON.stringify(row)).not.toContain(tok.token);

    const list = await bearer(tok.token);
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<Record<string, unknown>[]>();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: tok.id,
      name: 'nightly export',
      prefix: tok.prefix,
      scope: 'read-write',
      serviceIds: null,
      ipAllowlist: [],
      revokedAt: null,
      owner: { id: u.id },
    });
    expect(items[0]!.lastUsedAt).toMatch(/\+09:00$/);
    expect(JSON.stringify(items)).not.toContain(tok.token);
    // the secret is never shown again
    const again = await p.portal.inject({ url: '/api/v1/tokens', headers: s.headers });
    expect(again.body).not.toContain(tok.token);
  });

  it('validates the request: scope, expiry range, CIDRs and service ids within the user’s own scope', async () => {
    const t = await createTenant(p.db.database, { services: 3 });
    const other = await createTenant(p.db.database);
    const op = await createUser(p.db.database, t.id, { role: 'operator', serviceScope: [t.serviceIds[0]!] });
    const s = await login(p.portal, p.db.database, op);
    for (const bad of [{ expiresInDays: 0 }, { expiresInDays: 366 }, { scope: 'admin' }, { extra: 1 }]) {
      expect((await issue(s, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    const cidr = await issue(s, { ipAllowlist: ['203.0.113.0/24', 'not-an-address'] });
    expect(cidr.statusCode).toBe(400);
    expect(cidr.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '/body/ipAllowlist/1' }],
    });
    const tooMany = await issue(s, { ipAllowlist: Array.from({ length: 51 }, (_, i) => `10.0.${i}.0/24`) });
    expect(tooMany.statusCode).toBe(400);
    // a service of the tenant outside the operator's scope, and another tenant's service
    for (const id of [t.serviceIds[1]!, other.serviceIds[0]!]) {
      const r = await issue(s, { serviceIds: [t.serviceIds[0]!, id] });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ errors: [{ field: '/body/serviceIds/1' }] });
    }
    const ok = await issued(s, { serviceIds: [t.serviceIds[0]!], ipAllowlist: ['2001:DB8:0::1/32'] });
    const row = await sql(() =>
      db().selectFrom('iam.api_token').selectAll().where('id', '=', ok.id).executeTakeFirstOrThrow(),
    );
    expect(row.service_scope).toEqual([t.serviceIds[0]]);
    expect(row.ip_allowlist).toEqual(['2001:db8::/32']);
  });

  it('refuses a read token on a state-changing route, and a token cannot issue tokens', async () => {
    const t = await createTenant(p.db.database);
    const { s } = await adminOf(t);
    const read = await issued(s, { scope: 'read' });
    const rw = await issued(s, { scope: 'read-write' });
    const victim = await issued(s);
    expect((await bearer(read.token)).statusCode).toBe(200);
    const refused = await bearer(read.token, `/api/v1/tokens/${victim.id}`, '127.0.0.1', 'DELETE');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    const mint = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'x', scope: 'read', expiresInDays: 1 },
      headers: { authorization: `Bearer ${rw.token}` },
    });
    expect(mint.statusCode).toBe(403);
    // a read-write token may do what its user may
    expect((await bearer(rw.token, `/api/v1/tokens/${victim.id}`, '127.0.0.1', 'DELETE')).statusCode).toBe(
      204,
    );
  });

  it('never exceeds its user’s role: a viewer’s read-write token cannot reach administrator routes', async () => {
    const t = await createTenant(p.db.database);
    const v = await createUser(p.db.database, t.id, { role: 'viewer' });
    const s = await login(p.portal, p.db.database, v);
    const tok = await issued(s);
    expect((await bearer(tok.token)).statusCode).toBe(200);
    expect((await bearer(tok.token, '/api/v1/security/settings')).statusCode).toBe(403);
    expect((await bearer(tok.token, '/api/v1/tokens?all=true')).statusCode).toBe(403);
  });

  it('stops working when revoked or expired (401)', async () => {
    const t = await createTenant(p.db.database);
    const { s } = await adminOf(t);
    const a = await issued(s);
    const b = await issued(s);
    const del = await p.portal.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${a.id}`,
      headers: s.headers,
    });
    expect(del.statusCode).toBe(204);
    const r = await bearer(a.token);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'unauthenticated' });
    const listed = (await p.portal.inject({ url: '/api/v1/tokens', headers: s.headers })).json<
      { id: string; revokedAt: string | null }[]
    >();
    expect(listed.find((x) => x.id === a.id)!.revokedAt).toMatch(/\+09:00$/);

    await sql(() =>
      db()
        .updateTable('iam.api_token')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', b.id)
        .execute(),
    );
    expect((await bearer(b.token)).statusCode).toBe(401);
    expect((await bearer('pva_not-a-real-token')).statusCode).toBe(401);
  });

  it('enforces the token’s own IP allowlist', async () => {
    const t = await createTenant(p.db.database);
    const { s } = await adminOf(t);
    const tok = await issued(s, { ipAllowlist: ['203.0.113.0/24', '2001:db8::/32'] });
    expect((await bearer(tok.token, '/api/v1/tokens', OFFICE)).statusCode).toBe(200);
    expect((await bearer(tok.token, '/api/v1/tokens', '2001:db8::9')).statusCode).toBe(200);
    expect((await bearer(tok.token, '/api/v1/tokens', HOME)).statusCode).toBe(401);
  });

  it('applies the tenant’s allowlist to tokens only when the tenant says so', async () => {
    const t = await createTenant(p.db.database);
    const admin = await createUser(p.db.database, t.id, { role: 'admin' });
    const s = await login(p.portal, p.db.database, admin, OFFICE);
    const tok = await issued(s);
    const put = (allowlistTokens: boolean) =>
      p.portal.inject({
        method: 'PUT',
        url: '/api/v1/security/settings',
        payload: {
          ipAllowlist: ['203.0.113.0/24'],
          allowlistScope: 'admins',
          allowlistTokens,
          mfaRequiredAll: false,
        },
        headers: s.headers,
        remoteAddress: OFFICE,
      });
    expect((await put(false)).statusCode).toBe(200);
    expect((await bearer(tok.token, '/api/v1/tokens', HOME)).statusCode).toBe(200);
    expect((await put(true)).statusCode).toBe(200);
    expect((await bearer(tok.token, '/api/v1/tokens', HOME)).statusCode).toBe(401);
    expect((await bearer(tok.token, '/api/v1/tokens', OFFICE)).statusCode).toBe(200);
  });

  it('stops working when its user is deleted', async () => {
    const t = await createTenant(p.db.database);
    const { u: admin } = await adminOf(t);
    const op = await createUser(p.db.database, t.id, { role: 'operator' });
    const s = await login(p.portal, p.db.database, op);
    const tok = await issued(s);
    expect((await bearer(tok.token)).statusCode).toBe(200);
    expect(admin.id).not.toBe(op.id);
    await sql(() => db().deleteFrom('customer.app_user').where('id', '=', op.id).execute());
    expect((await bearer(tok.token)).statusCode).toBe(401);
  });

  it('lets a user manage only their own tokens, and an administrator every token of the tenant', async () => {
    const t = await createTenant(p.db.database);
    const other = await createTenant(p.db.database);
    const { u: admin, s: as } = await adminOf(t);
    const { s: foreignAdmin } = await adminOf(other);
    const op = await createUser(p.db.database, t.id, { role: 'operator' });
    const os = await login(p.portal, p.db.database, op);
    const adminTok = await issued(as);
    const opTok = await issued(os);
    const foreignTok = await issued(foreignAdmin);

    const own = (await p.portal.inject({ url: '/api/v1/tokens', headers: os.headers })).json<
      { id: string }[]
    >();
    expect(own.map((x) => x.id)).toEqual([opTok.id]);
    expect((await p.portal.inject({ url: '/api/v1/tokens?all=true', headers: os.headers })).statusCode).toBe(
      403,
    );
    const all = (await p.portal.inject({ url: '/api/v1/tokens?all=true', headers: as.headers })).json<
      { id: string; owner: { id: string; name: string } }[]
    >();
    expect(all.map((x) => x.id).sort()).toEqual([adminTok.id, opTok.id].sort());
    const owner = all.find((x) => x.id === opTok.id)!.owner;
    expect(owner.id).toBe(op.id);
    expect(owner.name).toContain('テスト');

    const del = (s: LoggedIn, id: string) =>
      p.portal.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: s.headers });
    expect((await del(os, adminTok.id)).statusCode).toBe(404);
    expect((await del(as, foreignTok.id)).statusCode).toBe(404);
    expect((await del(foreignAdmin, opTok.id)).statusCode).toBe(404);
    expect((await bearer(adminTok.token)).statusCode).toBe(200);
    expect((await del(as, opTok.id)).statusCode).toBe(204);
    expect((await bearer(opTok.token)).statusCode).toBe(401);
    expect((await bearer(foreignTok.token)).statusCode).toBe(200);

    const audit = await sql(() =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'actor_id', 'target_id', 'summary'])
        .where('tenant_id', '=', t.id)
        .where('action', 'in', ['tokens.create', 'tokens.revoke'])
        .orderBy('seq')
        .execute(),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'tokens.revoke', actor_id: admin.id, target_id: opTok.id }),
    );
    // the token's free-text name is kept beside the chain, not in it
    expect(JSON.stringify(audit)).not.toContain('"ci"');
  });
});
