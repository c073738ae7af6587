import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/types.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { passkeyRef } from '../../src/modules/identity/passkeys.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import {
  createStaffMember,
  createUser,
  login,
  sessionCookieFrom,
  type TestPrincipal,
} from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

const PORTAL_URL = 'https://portal.pva.test';
const MGMT_URL = 'https://console.pva.test:8443';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform({ PVA_PORTAL_URL: PORTAL_URL, PVA_MGMT_URL: MGMT_URL });
});
afterAll(async () => p?.close());

// ---- a software authenticator: ES256 (P-256), attestation "none", hand-made CBOR ----

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const sha = (b: Uint8Array | string): Buffer => createHash('sha256').update(b).digest();

function cborHead(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
}
type Cbor = number | string | Uint8Array | Map<number | string, Cbor>;
function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') return v >= 0 ? cborHead(0, v) : cborHead(1, -1 - v);
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([cborHead(3, b.length), b]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([cborHead(2, v.length), v]);
  const parts = [cborHead(5, v.size)];
  for (const [k, x] of v) parts.push(cbor(k), cbor(x));
  return Buffer.concat(parts);
}

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  readonly privateKey: KeyObject;
  readonly cose: Buffer;
  signCount = 0;
  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.cose = cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
  }

  get id(): string {
    return b64u(this.credentialId);
  }

  private authData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    return Buffer.concat([sha(rpId), Buffer.from([flags]), c, ...(attested ? [attested] : [])]);
  }

  /** navigator.credentials.create() as the browser would answer it, in RegistrationResponseJSON. */
  create(options: { challenge: string; rp: { id?: string } }, origin: string, rpId = options.rp.id!) {
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }),
    );
    const len = Buffer.alloc(2);
    len.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), len, this.credentialId, this.cose]);
    const authData = this.authData(rpId, UP | UV | AT, this.signCount, attested);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(attestationObject),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(), in AuthenticationResponseJSON; signs with this key whatever the id says. */
  get(challenge: string, origin: string, rpId: string, as: { id?: string } = {}) {
    this.signCount += 1;
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin }));
    const authData = this.authData(rpId, UP | UV, this.signCount);
    const signature = createSign('SHA256')
      .update(Buffer.concat([authData, sha(clientDataJSON)]))
      .sign(this.privateKey); // DER, as WebAuthn has it for ES256
    const id = as.id ?? this.id;
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: null,
      },
      clientExtensionResults: {},
    };
  }
}

// ---- HTTP helpers ----

interface Sess {
  cookie: string;
  csrf: string;
}
const headers = (s: Sess) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': 'en' });
const rpOf = (app: App) =>
  app.pva.plane === 'portal'
    ? { id: 'portal.pva.test', origin: PORTAL_URL }
    : { id: 'console.pva.test', origin: MGMT_URL };

async function passwordStep(app: App, u: TestPrincipal): Promise<Sess & { stage: string }> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: u.login, password: u.password },
  });
  expect(r.statusCode, r.body).toBe(200);
  const body = r.json<{ stage: string; csrfToken: string }>();
  return { cookie: sessionCookieFrom(r.headers['set-cookie'], app), csrf: body.csrfToken, stage: body.stage };
}

const post = (app: App, s: Sess, url: string, payload?: object) =>
  app.inject({ method: 'POST', url, headers: headers(s), ...(payload === undefined ? {} : { payload }) });

async function register(app: App, s: Sess, a: SoftAuthenticator, name = 'My key', origin = rpOf(app).origin) {
  const o = await post(app, s, '/api/v1/me/passkeys/registration-options');
  expect(o.statusCode, o.body).toBe(200);
  const options = o.json<{ challenge: string; rp: { id: string; name: string } }>();
  return post(app, s, '/api/v1/me/passkeys', { name, response: a.create(options, origin) });
}

async function passkeyStep(
  app: App,
  s: Sess,
  a: SoftAuthenticator,
  opts: { origin?: string; as?: string } = {},
) {
  const o = await post(app, s, '/api/v1/auth/mfa/passkey/options');
  expect(o.statusCode, o.body).toBe(200);
  const { challenge } = o.json<{ challenge: string }>();
  const response = a.get(
    challenge,
    opts.origin ?? rpOf(app).origin,
    rpOf(app).id,
    opts.as ? { id: opts.as } : {},
  );
  return { challenge, response, res: await post(app, s, '/api/v1/auth/mfa/passkey', { response }) };
}

const session = (app: App, s: Sess) =>
  app
    .inject({ url: '/api/v1/session', headers: { cookie: s.cookie } })
    .then((r) => r.json<{ authenticated: boolean; stage: string | null; mfa: { passkeys: number } }>());

const audits = (principalId: string) =>
  inTransaction(p.db.database, systemScope(), () =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'outcome', 'summary'])
      .where('target_id', '=', principalId)
      .orderBy('seq')
      .execute(),
  );

describe(`passkeys (${engineName})`, () => {
  it('registers a passkey for a signed-in customer and logs in with it as the second factor', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id, { role: 'operator' });
    const s = await login(p.portal, p.db.database, u);
    const a = new SoftAuthenticator();

    const o = await post(p.portal, s, '/api/v1/me/passkeys/registration-options');
    const options = o.json<{
      challenge: string;
      rp: { id: string; name: string };
      user: { name: string };
      attestation: string;
      authenticatorSelection: { residentKey: string; userVerification: string };
    }>();
    expect(options.rp).toEqual({ id: 'portal.pva.test', name: 'PVA' });
    expect(options.user.name).toBe(u.login);
    expect(options.attestation).toBe('none');
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'preferred',
      userVerification: 'preferred',
    });
    const reg = await post(p.portal, s, '/api/v1/me/passkeys', {
      name: ' Laptop ',
      response: a.create(options, PORTAL_URL),
    });
    expect(reg.statusCode, reg.body).toBe(200);
    const created = reg.json<{
      passkey: { id: string; name: string; createdAt: string; lastUsedAt: null };
      recoveryCodes: string[];
      csrfToken: string;
    }>();
    expect(created.passkey).toMatchObject({ id: passkeyRef(a.id), name: 'Laptop', lastUsedAt: null });
    expect(created.passkey.createdAt).toMatch(/\+09:00$/);
    expect(created.recoveryCodes).toHaveLength(10); // the test user had none
    expect(created.csrfToken).toBe(s.csrf); // a full session keeps its id

    const list = await p.portal.inject({ url: '/api/v1/me/passkeys', headers: headers(s) });
    expect(list.json()).toEqual([created.passkey]);
    // the same challenge cannot register a second time
    const again = await post(p.portal, s, '/api/v1/me/passkeys', {
      name: 'again',
      response: a.create(options, PORTAL_URL),
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'passkey_invalid' });
    // the excluded credential list names it from now on
    const o2 = await post(p.portal, s, '/api/v1/me/passkeys/registration-options');
    expect(o2.json<{ excludeCredentials: { id: string }[] }>().excludeCredentials.map((c) => c.id)).toEqual([
      a.id,
    ]);

    // log in again: password, then the passkey
    const pending = await passwordStep(p.portal, u);
    expect(pending.stage).toBe('mfa');
    const step = await passkeyStep(p.portal, pending, a);
    expect(step.res.statusCode, step.res.body).toBe(200);
    expect(step.res.json()).toMatchObject({ stage: 'full' });
    const full = {
      cookie: sessionCookieFrom(step.res.headers['set-cookie'], p.portal),
      csrf: step.res.json<{ csrfToken: string }>().csrfToken,
    };
    expect(full.cookie).not.toBe(pending.cookie);
    expect(await session(p.portal, full)).toMatchObject({ authenticated: true, stage: 'full' });
    expect((await session(p.portal, pending)).authenticated).toBe(false); // the pending session is gone
    const [row] = await p.portal
      .inject({ url: '/api/v1/me/passkeys', headers: headers(full) })
      .then((r) => r.json<{ lastUsedAt: string | null }[]>());
    expect(row!.lastUsedAt).toMatch(/\+09:00$/);
    const stored = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('iam.passkey')
        .select(['counter', 'transports'])
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow(),
    );
    expect(Number(stored.counter)).toBe(1);
    expect(stored.transports).toEqual(['internal']);
    const log = await audits(u.id);
    expect(log.map((l) => `${l.action}:${l.outcome}`)).toEqual(
      expect.arrayContaining(['mfa.passkey.register:success', 'auth.mfa.passkey:success']),
    );
  });

  it('completes forced enrolment with a passkey: the session becomes full under a new id, with recovery codes', async () => {
    const t = await createTenant(p.db.database);
    const admin = await createUser(p.db.database, t.id, { role: 'admin', totp: false });
    const s = await passwordStep(p.portal, admin);
    expect(s.stage).toBe('enroll');
    // an enrolling session cannot yet use the account routes
    expect((await p.portal.inject({ url: '/api/v1/me/passkeys', headers: headers(s) })).statusCode).toBe(401);
    const a = new SoftAuthenticator();
    const r = await register(p.portal, s, a, 'Phone');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{ recoveryCodes: string[]; csrfToken: string }>();
    expect(body.recoveryCodes).toHaveLength(10);
    const next = { cookie: sessionCookieFrom(r.headers['set-cookie'], p.portal), csrf: body.csrfToken };
    expect(next.cookie).not.toBe(s.cookie);
    expect(await session(p.portal, next)).toMatchObject({ authenticated: true, mfa: { passkeys: 1 } });
    expect((await session(p.portal, s)).stage).toBeNull(); // the old cookie no longer works

    // the only second factor of an administrator cannot be removed
    const del = await p.portal.inject({
      method: 'DELETE',
      url: `/api/v1/me/passkeys/${passkeyRef(a.id)}`,
      headers: headers(next),
    });
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ code: 'conflict' });
    // with a second passkey, the first can go
    const b = new SoftAuthenticator();
    expect((await register(p.portal, next, b, 'Key 2')).statusCode).toBe(200);
    const ok = await p.portal.inject({
      method: 'DELETE',
      url: `/api/v1/me/passkeys/${passkeyRef(a.id)}`,
      headers: headers(next),
    });
    expect(ok.statusCode).toBe(204);
    const left = await p.portal.inject({ url: '/api/v1/me/passkeys', headers: headers(next) });
    expect(left.json<{ name: string }[]>().map((k) => k.name)).toEqual(['Key 2']);
    expect((await audits(admin.id)).map((l) => l.action)).toContain('mfa.passkey.delete');
  });

  it('works for staff on the management listener, with its own relying party', async () => {
    const staff = await createStaffMember(p.db.database);
    const s = await login(p.mgmt, p.db.database, staff);
    const a = new SoftAuthenticator();
    const r = await register(p.mgmt, s, a, 'Console key');
    expect(r.statusCode, r.body).toBe(200);
    // a portal origin is not the console's
    const pending = await passwordStep(p.mgmt, staff);
    const wrong = await passkeyStep(p.mgmt, pending, a, { origin: PORTAL_URL });
    expect(wrong.res.statusCode).toBe(400);
    const right = await passkeyStep(p.mgmt, pending, a);
    expect(right.res.statusCode, right.res.body).toBe(200);
    // staff passkeys do not exist on the portal: a customer session never sees them
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id);
    const cs = await login(p.portal, p.db.database, u);
    expect((await p.portal.inject({ url: '/api/v1/me/passkeys', headers: headers(cs) })).json()).toEqual([]);
  });

  it('rejects a wrong origin at registration and at login, and counts the failure', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id);
    const s = await login(p.portal, p.db.database, u);
    const a = new SoftAuthenticator();
    const bad = await register(p.portal, s, a, 'Evil', 'https://evil.example');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'passkey_invalid' });
    // a wrong RP ID in the authenticator data too
    const o = await post(p.portal, s, '/api/v1/me/passkeys/registration-options');
    const wrongRp = await post(p.portal, s, '/api/v1/me/passkeys', {
      name: 'x',
      response: a.create(o.json(), PORTAL_URL, 'evil.example'),
    });
    expect(wrongRp.statusCode).toBe(400);
    expect((await register(p.portal, s, a)).statusCode).toBe(200);

    const pending = await passwordStep(p.portal, u);
    const r = await passkeyStep(p.portal, pending, a, { origin: 'https://portal.pva.test.evil.example' });
    expect(r.res.statusCode).toBe(400);
    expect(r.res.json()).toMatchObject({ code: 'passkey_invalid' });
    expect((await session(p.portal, pending)).stage).toBe('mfa');
    const log = await audits(u.id);
    expect(log.filter((l) => l.action === 'auth.mfa.passkey').map((l) => l.outcome)).toEqual(['failure']);
    expect(log.filter((l) => l.action === 'mfa.passkey.register').map((l) => l.outcome)).toEqual([
      'failure',
      'failure',
      'success',
    ]);
    const throttle = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('iam.login_throttle')
        .select('failures')
        .where('key', '=', `login:portal:${u.login}`)
        .executeTakeFirst(),
    );
    expect(throttle?.failures).toBe(1); // counted like a wrong TOTP code
  });

  it('rejects a replayed assertion and an assertion without a fresh challenge', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id);
    const a = new SoftAuthenticator();
    expect((await register(p.portal, await login(p.portal, p.db.database, u), a)).statusCode).toBe(200);

    const first = await passwordStep(p.portal, u);
    const ok = await passkeyStep(p.portal, first, a);
    expect(ok.res.statusCode).toBe(200);

    // the same signed response on a new login: its challenge is not this session's
    const second = await passwordStep(p.portal, u);
    const opts = await post(p.portal, second, '/api/v1/auth/mfa/passkey/options');
    expect(opts.json<{ challenge: string }>().challenge).not.toBe(ok.challenge);
    const replay = await post(p.portal, second, '/api/v1/auth/mfa/passkey', { response: ok.response });
    expect(replay.statusCode).toBe(400);
    // the failed attempt used the challenge up: a correct signature over it is refused now
    const late = await post(p.portal, second, '/api/v1/auth/mfa/passkey', {
      response: a.get(opts.json<{ challenge: string }>().challenge, PORTAL_URL, 'portal.pva.test'),
    });
    expect(late.statusCode).toBe(400);
    // a fresh challenge works
    const fresh = await passkeyStep(p.portal, second, a);
    expect(fresh.res.statusCode, fresh.res.body).toBe(200);
    // and its response cannot be replayed against the new full session's predecessor either
    const replay2 = await post(p.portal, second, '/api/v1/auth/mfa/passkey', { response: fresh.response });
    expect(replay2.statusCode).toBe(401); // that session was replaced
  });

  it("rejects another user's credential, even signed correctly", async () => {
    const t = await createTenant(p.db.database);
    const alice = await createUser(p.db.database, t.id);
    const bob = await createUser(p.db.database, t.id);
    const ka = new SoftAuthenticator();
    const kb = new SoftAuthenticator();
    expect((await register(p.portal, await login(p.portal, p.db.database, alice), ka)).statusCode).toBe(200);
    expect((await register(p.portal, await login(p.portal, p.db.database, bob), kb)).statusCode).toBe(200);

    const pending = await passwordStep(p.portal, bob);
    const o = await post(p.portal, pending, '/api/v1/auth/mfa/passkey/options');
    const { challenge, allowCredentials } = o.json<{
      challenge: string;
      allowCredentials: { id: string }[];
    }>();
    expect(allowCredentials.map((c) => c.id)).toEqual([kb.id]);
    const r = await post(p.portal, pending, '/api/v1/auth/mfa/passkey', {
      response: ka.get(challenge, PORTAL_URL, 'portal.pva.test'),
    });
    expect(r.statusCode).toBe(400);
    // Bob's id with Alice's key: the signature does not verify
    const o2 = await post(p.portal, pending, '/api/v1/auth/mfa/passkey/options');
    const forged = await post(p.portal, pending, '/api/v1/auth/mfa/passkey', {
      response: ka.get(o2.json<{ challenge: string }>().challenge, PORTAL_URL, 'portal.pva.test', {
        id: kb.id,
      }),
    });
    expect(forged.statusCode).toBe(400);
    expect((await session(p.portal, pending)).stage).toBe('mfa');
    // Alice's credential id cannot be registered again by Bob (nor taken over)
    const bs = await login(p.portal, p.db.database, bob);
    const dup = await register(
      p.portal,
      bs,
      Object.assign(new SoftAuthenticator(), { credentialId: ka.credentialId }),
    );
    expect(dup.statusCode).toBe(400);
    expect(dup.json()).toMatchObject({ detail: 'This passkey is already registered.' });
    const owner = await inTransaction(p.db.database, systemScope(), () =>
      db().selectFrom('iam.passkey').select('principal_id').where('id', '=', ka.id).executeTakeFirstOrThrow(),
    );
    expect(owner.principal_id).toBe(alice.id);
    // and Bob cannot delete Alice's passkey
    const del = await p.portal.inject({
      method: 'DELETE',
      url: `/api/v1/me/passkeys/${passkeyRef(ka.id)}`,
      headers: headers(bs),
    });
    expect(del.statusCode).toBe(404);
  });

  it('keeps the steps in order and refuses bad input with 4xx', async () => {
    const t = await createTenant(p.db.database);
    const u = await createUser(p.db.database, t.id);
    const pending = await passwordStep(p.portal, u);
    // registering during the second-factor step is not allowed
    expect((await post(p.portal, pending, '/api/v1/me/passkeys/registration-options')).statusCode).toBe(401);
    // a user without passkeys gets no options
    expect((await post(p.portal, pending, '/api/v1/auth/mfa/passkey/options')).statusCode).toBe(409);
    const full = await login(p.portal, p.db.database, u);
    // the login step is only for pending sessions
    expect((await post(p.portal, full, '/api/v1/auth/mfa/passkey/options')).statusCode).toBe(409);
    for (const payload of [
      { name: 'x', response: { id: 'a', rawId: 'a', type: 'public-key', response: {} } },
      {
        name: '',
        response: new SoftAuthenticator().create(
          { challenge: 'x', rp: { id: 'portal.pva.test' } },
          PORTAL_URL,
        ),
      },
      { name: 'x'.repeat(101), response: {} },
      {
        name: 'x',
        response: {
          id: '!!',
          rawId: '!!',
          type: 'public-key',
          response: { clientDataJSON: '', attestationObject: '' },
        },
      },
      {
        name: 'x',
        response: new SoftAuthenticator().create(
          { challenge: 'x', rp: { id: 'portal.pva.test' } },
          PORTAL_URL,
        ),
        extra: 1,
      },
    ]) {
      const r = await post(p.portal, full, '/api/v1/me/passkeys', payload);
      expect(r.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
    }
    // a registration without options first (no challenge on the session)
    const noChallenge = await post(p.portal, full, '/api/v1/me/passkeys', {
      name: 'x',
      response: new SoftAuthenticator().create(
        { challenge: 'eA', rp: { id: 'portal.pva.test' } },
        PORTAL_URL,
      ),
    });
    expect(noChallenge.statusCode).toBe(400);
    expect(noChallenge.json()).toMatchObject({ code: 'passkey_invalid' });
    // garbage that passes the schema is a 400, not a 500
    await post(p.portal, full, '/api/v1/me/passkeys/registration-options');
    const garbage = await post(p.portal, full, '/api/v1/me/passkeys', {
      name: 'x',
      response: {
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        response: { clientDataJSON: 'e30', attestationObject: 'oA' },
        clientExtensionResults: {},
      },
    });
    expect(garbage.statusCode).toBe(400);
    expect(
      (await p.portal.inject({ method: 'DELETE', url: '/api/v1/me/passkeys/nothex', headers: headers(full) }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await p.portal.inject({
          method: 'DELETE',
          url: `/api/v1/me/passkeys/${'0'.repeat(64)}`,
          headers: headers(full),
        })
      ).statusCode,
    ).toBe(404);
  });
});
