import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../app/errors.ts';
import { clearSessionCookie, loginIpAllowed, setSessionCookie } from '../../app/plugins/auth.ts';
import { requestScope } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { inTransaction } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';
import { idleFor, passwordLogin, secondFactorFailure, secondFactorLocked } from './login.ts';
import { useRecoveryCode, verifyTotp } from './mfa.ts';
import { findById, markLogin } from './principals.ts';
import { revokeSession, rotateSession } from './sessions.ts';
import { sessionInfo, SessionInfo } from './session-info.ts';

const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const CodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 32 }) },
  { additionalProperties: false },
);
const LoginResult = Type.Object({
  stage: Type.Union([Type.Literal('mfa'), Type.Literal('enroll'), Type.Literal('full')]),
  csrfToken: Type.String(),
});

/** A transaction for authentication steps: provider-side scope (no tenant is known yet), request details kept for the audit. */
export function authTx<T>(app: App, req: FastifyRequest, fn: () => Promise<T>): Promise<T> {
  return inTransaction(app.pva.database, { ...requestScope(req), tenantId: null, providerAccess: true }, fn);
}

export function authRoutes(app: App): void {
  const plane = app.pva.plane;
  const kind = plane === 'mgmt' ? 'staff' : 'customer';

  app.get(
    '/api/v1/session',
    {
      config: { auth: 'public', tx: false },
      schema: {
        operationId: 'getSession',
        tags: ['authentication'],
        summary: 'The current session, its permissions and CSRF token',
        response: { 200: SessionInfo },
      },
    },
    async (req) => authTx(app, req, () => sessionInfo(app, req)),
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { auth: 'public', tx: false },
      schema: {
        operationId: 'login',
        tags: ['authentication'],
        summary: 'Step 1: login ID and password',
        body: LoginBody,
        response: { 200: LoginResult },
      },
    },
    async (req, reply) => {
      const r = await authTx(app, req, () =>
        passwordLogin({
          kind,
          plane,
          login: req.body.login,
          password: req.body.password,
          ip: req.ip,
          userAgent: req.headers['user-agent'],
          ipAllowed: (p) => loginIpAllowed(p, req.ip, app.pva.config.staffAllowlist),
        }),
      );
      if (!r.ok) throw new AppError(r.error);
      setSessionCookie(reply, plane, r.token);
      return { stage: r.stage, csrfToken: r.csrf };
    },
  );

  /** Step 2 with a TOTP code or a recovery code; a wrong code counts like a wrong password. */
  const secondFactor =
    (method: 'totp' | 'recovery') =>
    async (req: FastifyRequest<{ Body: { code: string } }>, reply: FastifyReply) => {
      const s = req.session!;
      if (s.stage !== 'mfa') throw new AppError('conflict');
      const r = await authTx(app, req, async () => {
        const p = await findById(s.principal_kind, s.principal_id);
        if (!p) return { ok: false as const, error: 'unauthenticated' as const };
        if (await secondFactorLocked(plane, p.login, req.ip))
          return { ok: false as const, error: 'login_locked' as const };
        const ok =
          method === 'totp'
            ? await verifyTotp(p.kind, p.id, req.body.code, { confirmed: true })
            : await useRecoveryCode(p.kind, p.id, req.body.code);
        const audit = {
          action: `auth.mfa.${method}`,
          tenantId: p.tenantId,
          targetType: p.kind,
          targetId: p.id,
        };
        if (!ok) {
          const locked = await secondFactorFailure(plane, p.login, req.ip);
          await recordAudit({ ...audit, outcome: 'failure' });
          if (locked)
            await recordAudit({
              ...audit,
              action: 'auth.lockout',
              outcome: 'denied',
              summary: { reason: 'account_locked' },
            });
          return { ok: false as const, error: 'invalid_code' as const };
        }
        const next = await rotateSession(s, 'full', idleFor(p));
        await markLogin(p.kind, p.id);
        await recordAudit({ ...audit, outcome: 'success' });
        return { ok: true as const, ...next };
      });
      if (!r.ok) throw new AppError(r.error);
      setSessionCookie(reply, plane, r.token);
      return { stage: 'full' as const, csrfToken: r.csrf };
    };

  app.post(
    '/api/v1/auth/mfa/totp',
    {
      config: { auth: 'pending', tx: false },
      schema: {
        operationId: 'verifyTotp',
        tags: ['authentication'],
        summary: 'Step 2: a TOTP code (each code works once)',
        body: CodeBody,
        response: { 200: LoginResult },
      },
    },
    secondFactor('totp'),
  );
  app.post(
    '/api/v1/auth/mfa/recovery',
    {
      config: { auth: 'pending', tx: false },
      schema: {
        operationId: 'useRecoveryCode',
        tags: ['authentication'],
        summary: 'Step 2: a single-use recovery code',
        body: CodeBody,
        response: { 200: LoginResult },
      },
    },
    secondFactor('recovery'),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { auth: 'pending', action: 'auth.logout' },
      schema: { operationId: 'logout', tags: ['authentication'], response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await revokeSession(req.session!.id_hash);
      clearSessionCookie(reply, plane);
      reply.code(204);
      return null;
    },
  );
}
