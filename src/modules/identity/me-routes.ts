import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '../../app/errors.ts';
import { setSessionCookie } from '../../app/plugins/auth.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { formatInstant } from '../../lib/time.ts';
import { idleFor } from './login.ts';
import { beginTotp, newRecoveryCodes, verifyTotp } from './mfa.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkPassword } from './password-policy.ts';
import { findById, markLogin, mfaMethods, setPassword } from './principals.ts';
import { listSessions, revokeAllSessions, revokeSession, rotateSession } from './sessions.ts';

const CodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 32 }) },
  { additionalProperties: false },
);
const SessionOut = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});
const SessionIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) });

/** The signed-in principal's own account: second factors, password, sessions. */
export function meRoutes(app: App): void {
  const plane = app.pva.plane;
  const issuer = plane === 'mgmt' ? 'PVA console' : 'PVA';

  app.post(
    '/api/v1/me/mfa/totp/setup',
    {
      config: { auth: 'pending', action: 'mfa.totp.setup' },
      schema: {
        operationId: 'setupTotp',
        tags: ['account'],
        summary: 'Start TOTP enrolment: a new secret with its otpauth URI and QR code',
        response: {
          200: Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrSvg: Type.String() }),
        },
      },
    },
    async (req) => {
      const s = req.session!;
      if (s.stage === 'mfa') throw new AppError('mfa_required');
      const p = (await findById(s.principal_kind, s.principal_id))!;
      const t = await beginTotp(p.kind, p.id, p.tenantId, p.login, issuer);
      return { secret: t.secret, otpauthUri: t.uri, qrSvg: t.qrSvg };
    },
  );

  app.post(
    '/api/v1/me/mfa/totp/confirm',
    {
      config: { auth: 'pending', action: 'mfa.totp.enrol' },
      schema: {
        operationId: 'confirmTotp',
        tags: ['account'],
        summary: 'Finish TOTP enrolment with a code; returns ten recovery codes, shown once',
        body: CodeBody,
        response: {
          200: Type.Object({ recoveryCodes: Type.Array(Type.String()), csrfToken: Type.String() }),
        },
      },
    },
    async (req, reply) => {
      const s = req.session!;
      if (s.stage === 'mfa') throw new AppError('mfa_required');
      const p = (await findById(s.principal_kind, s.principal_id))!;
      if (!(await verifyTotp(p.kind, p.id, req.body.code, { confirmed: false })))
        throw new AppError('invalid_code');
      const before = await mfaMethods(p.kind, p.id);
      const recoveryCodes = before.recoveryLeft > 0 ? [] : await newRecoveryCodes(p.kind, p.id);
      // enrolment completes the login (a privilege change): the session gets a new id
      if (s.stage === 'enroll') await markLogin(p.kind, p.id); // enrolment completed the login
      const next = await rotateSession(s, 'full', idleFor(p));
      setSessionCookie(reply, plane, next.token);
      await auditRequest(req, {
        action: 'mfa.totp.enrol',
        targetType: p.kind,
        targetId: p.id,
        tenantId: p.tenantId,
      });
      return { recoveryCodes, csrfToken: next.csrf };
    },
  );

  app.post(
    '/api/v1/me/mfa/recovery-codes',
    {
      config: { auth: 'authenticated', action: 'mfa.recovery.regenerate' },
      schema: {
        operationId: 'regenerateRecoveryCodes',
        tags: ['account'],
        summary: 'Replace the recovery codes with ten new ones (shown once)',
        response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }) },
      },
    },
    async (req) => ({ recoveryCodes: await newRecoveryCodes(req.principal!.kind, req.principal!.id) }),
  );

  app.post(
    '/api/v1/me/password',
    {
      config: { auth: 'authenticated', action: 'password.change' },
      schema: {
        operationId: 'changePassword',
        tags: ['account'],
        summary: 'Change the password (the current one is required); other sessions end',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
            newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ csrfToken: Type.String() }) },
      },
    },
    async (req, reply) => {
      const s = req.session;
      if (!s) throw new AppError('forbidden'); // API tokens cannot change passwords
      const p = (await findById(s.principal_kind, s.principal_id))!;
      if (!p.passwordHash || !(await verifyPassword(p.passwordHash, req.body.currentPassword))) {
        throw new AppError('invalid_credentials', {
          fields: [
            {
              field: '/body/currentPassword',
              code: 'mismatch',
              message: req.lang === 'ja' ? '現在のパスワードが違います。' : 'The current password is wrong.',
            },
          ],
        });
      }
      try {
        checkPassword(req.body.newPassword, {
          mfa: true,
          context: [p.login, p.name, p.email.split('@')[0] ?? ''],
        });
      } catch (e) {
        if (e instanceof AppError)
          throw new AppError(e.code, {
            fields: e.fields.map((f) => ({ ...f, field: '/body/newPassword' })),
            ...(e.detail ? { detail: e.detail } : {}),
          });
        throw e;
      }
      await setPassword(p.kind, p.id, await hashPassword(req.body.newPassword));
      await revokeAllSessions(p.kind, p.id, s.id_hash);
      const next = await rotateSession(s, 'full', idleFor(p));
      setSessionCookie(reply, plane, next.token);
      await auditRequest(req, {
        action: 'password.change',
        targetType: p.kind,
        targetId: p.id,
        tenantId: p.tenantId,
      });
      return { csrfToken: next.csrf };
    },
  );

  app.get(
    '/api/v1/me/sessions',
    {
      config: { auth: 'authenticated' },
      schema: {
        operationId: 'listMySessions',
        tags: ['account'],
        summary: 'My open sessions',
        response: { 200: Type.Array(SessionOut) },
      },
    },
    async (req) => {
      const rows = await listSessions(req.principal!.kind, req.principal!.id);
      return rows.map((r) => ({
        id: r.id_hash,
        current: r.id_hash === req.session?.id_hash,
        createdAt: formatInstant(r.created_at),
        lastSeenAt: formatInstant(r.last_seen_at),
        expiresAt: formatInstant(r.expires_at),
        ip: r.ip,
        userAgent: r.user_agent,
      }));
    },
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    {
      config: { auth: 'authenticated', action: 'session.revoke' },
      schema: {
        operationId: 'revokeMySession',
        tags: ['account'],
        summary: 'End one of my sessions',
        params: SessionIdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const mine = await listSessions(req.principal!.kind, req.principal!.id);
      if (!mine.some((m) => m.id_hash === req.params.id)) throw notFound();
      await revokeSession(req.params.id);
      reply.code(204);
      return null;
    },
  );
}
