import { Type } from '@sinclair/typebox';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../app/errors.ts';
import { setSessionCookie } from '../../app/plugins/auth.ts';
import { auditRequest, requestScope } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { inTransaction } from '../../db/context.ts';
import { formatInstant } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { authTx } from './auth-routes.ts';
import { idleFor, mfaMandatory, secondFactorFailure, secondFactorLocked } from './login.ts';
import { newRecoveryCodes } from './mfa.ts';
import {
  authenticationOptions,
  deletePasskey,
  finishRegistration,
  listPasskeys,
  passkeyRef,
  registrationOptions,
  relyingParty,
  takeChallenge,
  verifyAssertion,
} from './passkeys.ts';
import { findById, markLogin, mfaMethods } from './principals.ts';
import { rotateSession, setChallenge, type SessionRow } from './sessions.ts';

// What the browser sends (RegistrationResponseJSON / AuthenticationResponseJSON): the fields the
// verification reads are typed and bounded; browsers may add others inside the credential.
const b64url = (maxLength: number) => Type.String({ maxLength, pattern: '^[A-Za-z0-9_-]*={0,2}$' });
const CredentialId = Type.String({ minLength: 1, maxLength: 1400, pattern: '^[A-Za-z0-9_-]+={0,2}$' });
const credentialCommon = {
  id: CredentialId,
  rawId: CredentialId,
  type: Type.Literal('public-key'),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  clientExtensionResults: Type.Optional(Type.Object({}, { additionalProperties: true })),
};
const RegistrationResponse = Type.Object(
  {
    ...credentialCommon,
    response: Type.Object(
      {
        clientDataJSON: b64url(8192),
        attestationObject: b64url(65536),
        authenticatorData: Type.Optional(b64url(65536)),
        transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 16 })),
        publicKeyAlgorithm: Type.Optional(Type.Integer()),
        publicKey: Type.Optional(b64url(8192)),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);
const AuthenticationResponse = Type.Object(
  {
    ...credentialCommon,
    response: Type.Object(
      {
        clientDataJSON: b64url(8192),
        authenticatorData: b64url(65536),
        signature: b64url(4096),
        userHandle: Type.Optional(Type.Union([b64url(1024), Type.Null()])),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

const PasskeyName = Type.String({ minLength: 1, maxLength: 100 });
const RegisterBody = Type.Object(
  { name: PasskeyName, response: RegistrationResponse },
  { additionalProperties: false },
);
const AssertionBody = Type.Object({ response: AuthenticationResponse }, { additionalProperties: false });
const PasskeyOut = Type.Object({
  id: Type.String({ description: 'An opaque reference to the passkey (not the credential id)' }),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const PasskeyParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
// The options are passed to the browser's WebAuthn API as they are (see @simplewebauthn/browser).
const CreationOptions = Type.Object(
  {
    challenge: Type.String(),
    rp: Type.Object(
      { name: Type.String(), id: Type.Optional(Type.String()) },
      { additionalProperties: true },
    ),
    user: Type.Object(
      { id: Type.String(), name: Type.String(), displayName: Type.String() },
      { additionalProperties: true },
    ),
    pubKeyCredParams: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true, description: 'PublicKeyCredentialCreationOptionsJSON' },
);
const RequestOptions = Type.Object(
  {
    challenge: Type.String(),
    rpId: Type.Optional(Type.String()),
    allowCredentials: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
  },
  { additionalProperties: true, description: 'PublicKeyCredentialRequestOptionsJSON' },
);
const LoginResult = Type.Object({
  stage: Type.Union([Type.Literal('mfa'), Type.Literal('enroll'), Type.Literal('full')]),
  csrfToken: Type.String(),
});

const refuse = (detail: { ja: string; en: string }) => new AppError('passkey_invalid', { detail });
const REASONS = {
  no_challenge: {
    ja: '登録を最初からやり直してください。',
    en: 'Start the registration again.',
  },
  invalid: {
    ja: 'もう一度登録をお試しください。',
    en: 'Try registering it again.',
  },
  login: {
    ja: 'このアカウントに登録したパスキーで、もう一度お試しください。',
    en: 'Try again with a passkey registered to this account.',
  },
  duplicate: {
    ja: 'このパスキーはすでに登録されています。',
    en: 'This passkey is already registered.',
  },
  too_many: {
    ja: '登録できるパスキーの数の上限に達しています。',
    en: 'You have reached the maximum number of passkeys.',
  },
} as const;

/** A session is needed: API tokens do not manage or use second factors. */
function sessionOf(req: FastifyRequest): SessionRow {
  if (!req.session) throw new AppError('forbidden');
  return req.session;
}

/** Passkeys as a second factor: registration and management (account), and the login step. */
export function passkeyRoutes(app: App): void {
  const plane = app.pva.plane;
  // Read per request: the public URL is known only once the listener listens.
  const rp = () => relyingParty(app.pva.publicUrl);

  app.post(
    '/api/v1/me/passkeys/registration-options',
    {
      config: { auth: 'pending', action: 'mfa.passkey.options' },
      schema: {
        operationId: 'passkeyRegistrationOptions',
        tags: ['account'],
        summary: 'Start registering a passkey: options for navigator.credentials.create()',
        response: { 200: CreationOptions },
      },
    },
    async (req) => {
      const s = sessionOf(req);
      if (s.stage === 'mfa') throw new AppError('mfa_required');
      const p = (await findById(s.principal_kind, s.principal_id))!;
      const options = await registrationOptions(rp(), p);
      await setChallenge(s.id_hash, options.challenge);
      return options;
    },
  );

  app.post(
    '/api/v1/me/passkeys',
    {
      // Its own transaction: a failed attempt still uses up the challenge and is audited.
      config: { auth: 'pending', tx: false, action: 'mfa.passkey.register' },
      schema: {
        operationId: 'registerPasskey',
        tags: ['account'],
        summary:
          'Finish registering a passkey; returns ten recovery codes (shown once) if none were left, and the CSRF token',
        body: RegisterBody,
        response: {
          200: Type.Object({
            passkey: PasskeyOut,
            recoveryCodes: Type.Array(Type.String()),
            csrfToken: Type.String(),
          }),
        },
      },
    },
    async (req, reply) => {
      const s = sessionOf(req);
      if (s.stage === 'mfa') throw new AppError('mfa_required');
      const name = req.body.name.trim();
      if (!name)
        throw new AppError('validation_failed', {
          fields: [
            {
              field: '/body/name',
              code: 'minLength',
              message: req.lang === 'ja' ? '名前を入力してください。' : 'Enter a name.',
            },
          ],
        });
      const r = await inTransaction(app.pva.database, requestScope(req), async () => {
        const p = (await findById(s.principal_kind, s.principal_id))!;
        const audit = {
          action: 'mfa.passkey.register',
          tenantId: p.tenantId,
          targetType: p.kind,
          targetId: p.id,
        };
        const challenge = await takeChallenge(s.id_hash);
        const done = await finishRegistration(
          rp(),
          p,
          challenge,
          name,
          req.body.response as unknown as RegistrationResponseJSON,
        );
        if (!done.ok) {
          req.log.info({ reason: done.reason, error: done.error }, 'passkey registration refused');
          await recordAudit({ ...audit, outcome: 'failure', summary: { reason: done.reason } });
          return done;
        }
        const before = await mfaMethods(p.kind, p.id);
        const recoveryCodes = before.recoveryLeft > 0 ? [] : await newRecoveryCodes(p.kind, p.id);
        // Forced enrolment completes the login (a privilege change): the session gets a new id.
        const next = s.stage === 'enroll' ? await rotateSession(s, 'full', idleFor(p)) : null;
        if (next) await markLogin(p.kind, p.id);
        await recordAudit({ ...audit, summary: { passkey: passkeyRef(done.id) }, personal: { name } });
        const row = (await listPasskeys(p.kind, p.id)).find((k) => k.id === done.id)!;
        return { ok: true as const, row, recoveryCodes, next };
      });
      if (!r.ok) throw refuse(REASONS[r.reason]);
      if (r.next) setSessionCookie(reply, plane, r.next.token);
      return {
        passkey: {
          id: passkeyRef(r.row.id),
          name: r.row.name,
          createdAt: formatInstant(r.row.created_at),
          lastUsedAt: r.row.last_used_at ? formatInstant(r.row.last_used_at) : null,
        },
        recoveryCodes: r.recoveryCodes,
        csrfToken: r.next ? r.next.csrf : s.csrf_token,
      };
    },
  );

  app.get(
    '/api/v1/me/passkeys',
    {
      config: { auth: 'authenticated' },
      schema: {
        operationId: 'listMyPasskeys',
        tags: ['account'],
        summary: 'My passkeys',
        response: { 200: Type.Array(PasskeyOut) },
      },
    },
    async (req) => {
      const s = sessionOf(req);
      const rows = await listPasskeys(s.principal_kind, s.principal_id);
      return rows.map((r) => ({
        id: passkeyRef(r.id),
        name: r.name,
        createdAt: formatInstant(r.created_at),
        lastUsedAt: r.last_used_at ? formatInstant(r.last_used_at) : null,
      }));
    },
  );

  app.delete(
    '/api/v1/me/passkeys/:id',
    {
      config: { auth: 'authenticated', action: 'mfa.passkey.delete' },
      schema: {
        operationId: 'deleteMyPasskey',
        tags: ['account'],
        summary: 'Remove one of my passkeys (not the last second factor where MFA is mandatory)',
        params: PasskeyParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const s = sessionOf(req);
      const p = (await findById(s.principal_kind, s.principal_id))!;
      const mine = await listPasskeys(p.kind, p.id);
      const target = mine.find((k) => passkeyRef(k.id) === req.params.id);
      if (!target) throw notFound();
      const m = await mfaMethods(p.kind, p.id);
      if (!m.totp && m.passkeys <= 1 && (await mfaMandatory(p)))
        throw new AppError('conflict', {
          detail: {
            ja: '多要素認証が必須のため、最後の認証要素は削除できません。先に別の認証要素を登録してください。',
            en: 'Multi-factor authentication is mandatory: register another second factor before removing the last one.',
          },
        });
      await deletePasskey(p.kind, p.id, target.id);
      await auditRequest(req, {
        action: 'mfa.passkey.delete',
        tenantId: p.tenantId,
        targetType: p.kind,
        targetId: p.id,
        summary: { passkey: req.params.id },
        personal: { name: target.name },
      });
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/v1/auth/mfa/passkey/options',
    {
      config: { auth: 'pending', action: 'auth.mfa.passkey.options' },
      schema: {
        operationId: 'passkeyLoginOptions',
        tags: ['authentication'],
        summary: 'Step 2 with a passkey: options for navigator.credentials.get()',
        response: { 200: RequestOptions },
      },
    },
    async (req) => {
      const s = sessionOf(req);
      if (s.stage !== 'mfa') throw new AppError('conflict');
      const p = (await findById(s.principal_kind, s.principal_id))!;
      const options = await authenticationOptions(rp(), p);
      if (!options)
        throw new AppError('conflict', {
          detail: { ja: 'パスキーが登録されていません。', en: 'No passkey is registered.' },
        });
      await setChallenge(s.id_hash, options.challenge);
      return options;
    },
  );

  app.post(
    '/api/v1/auth/mfa/passkey',
    {
      config: { auth: 'pending', tx: false },
      schema: {
        operationId: 'verifyPasskey',
        tags: ['authentication'],
        summary: 'Step 2: an assertion from one of my passkeys (a failure counts like a wrong code)',
        body: AssertionBody,
        response: { 200: LoginResult },
      },
    },
    async (req, reply) => {
      const s = sessionOf(req);
      if (s.stage !== 'mfa') throw new AppError('conflict');
      const r = await authTx(app, req, async () => {
        const p = await findById(s.principal_kind, s.principal_id);
        if (!p) return { ok: false as const, error: 'unauthenticated' as const };
        if (await secondFactorLocked(plane, p.login, req.ip))
          return { ok: false as const, error: 'login_locked' as const };
        const challenge = await takeChallenge(s.id_hash);
        const v = await verifyAssertion(
          rp(),
          p,
          challenge,
          req.body.response as unknown as AuthenticationResponseJSON,
        );
        const audit = {
          action: 'auth.mfa.passkey',
          tenantId: p.tenantId,
          targetType: p.kind,
          targetId: p.id,
        };
        if (!v.ok) {
          req.log.info({ error: v.error }, 'passkey assertion refused');
          const locked = await secondFactorFailure(plane, p.login, req.ip);
          await recordAudit({ ...audit, outcome: 'failure' });
          if (locked)
            await recordAudit({
              ...audit,
              action: 'auth.lockout',
              outcome: 'denied',
              summary: { reason: 'account_locked' },
            });
          return { ok: false as const, error: 'passkey_invalid' as const };
        }
        const next = await rotateSession(s, 'full', idleFor(p));
        await markLogin(p.kind, p.id);
        await recordAudit({ ...audit, outcome: 'success', summary: { passkey: passkeyRef(v.id) } });
        return { ok: true as const, ...next };
      });
      if (!r.ok) throw r.error === 'passkey_invalid' ? refuse(REASONS.login) : new AppError(r.error);
      setSessionCookie(reply, plane, r.token);
      return { stage: 'full' as const, csrfToken: r.csrf };
    },
  );
}
