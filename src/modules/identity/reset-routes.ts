import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { formatInstant } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { authTx } from './auth-routes.ts';
import {
  consumeLink,
  createLink,
  findLiveLink,
  LINK_TOKEN_PATTERN,
  linkUrl,
  recentLinkCount,
  RESET_LINKS_PER_HOUR,
  RESET_TTL_S,
  resetMail,
  type LinkPurpose,
} from './links.ts';
import { mfaMandatory } from './login.ts';
import { hashPassword } from './password.ts';
import { checkPassword, MIN_WITH_MFA, MIN_WITHOUT_MFA } from './password-policy.ts';
import { findById, findByLogin, setPassword, type PrincipalRecord } from './principals.ts';
import { revokeAllSessions } from './sessions.ts';
import { accountKey, clearFailures } from './throttle.ts';

const TokenSchema = Type.String({ pattern: LINK_TOKEN_PATTERN, maxLength: 200 });
const SetPasswordBody = Type.Object(
  { token: TokenSchema, password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
const Accepted = Type.Object({ accepted: Type.Literal(true) });
const PasswordSet = Type.Object({ login: Type.String() });
const LinkInfo = Type.Object({
  purpose: Type.Union([Type.Literal('invite'), Type.Literal('reset')]),
  login: Type.String(),
  name: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  passwordMinLength: Type.Integer({ description: 'The shortest password this account may set' }),
});

/** The status a principal must have for a link of this purpose to work. */
const statusFor = (purpose: LinkPurpose): PrincipalRecord['status'] =>
  purpose === 'invite' ? 'invited' : 'active';

const contextOf = (p: PrincipalRecord): string[] => [p.login, p.name, p.email.split('@')[0] ?? ''];

/**
 * Secrets by emailed single-use link (9.2.1, 9.2.4), on both listeners for their own audience:
 * self-service password reset (30 min) and acceptance of an invitation (72 h). The request for a
 * reset answers the same whether or not the account exists.
 */
export function resetRoutes(app: App): void {
  const plane = app.pva.plane;
  const kind = plane === 'mgmt' ? 'staff' : 'customer';

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: { auth: 'public', tx: false },
      schema: {
        operationId: 'requestPasswordReset',
        tags: ['authentication'],
        summary:
          'Ask for a password reset link by email (valid 30 minutes); the answer is the same whether or not the account exists',
        body: Type.Object(
          { login: Type.String({ minLength: 1, maxLength: 254 }) },
          { additionalProperties: false },
        ),
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      await authTx(app, req, async () => {
        const p = await findByLogin(kind, req.body.login);
        const audit = (outcome: 'success' | 'failure' | 'denied', reason?: string) =>
          recordAudit({
            action: 'auth.password_reset.request',
            outcome,
            tenantId: p?.tenantId ?? null,
            ...(p ? { targetType: p.kind, targetId: p.id } : {}),
            summary: { plane, ...(reason ? { reason } : {}) },
            personal: { login: req.body.login.slice(0, 200) },
          });
        if (!p || p.status !== 'active') return audit('failure', p ? 'not_active' : 'unknown_login');
        if ((await recentLinkCount('reset', p.kind, p.id, 3600)) >= RESET_LINKS_PER_HOUR)
          return audit('denied', 'throttled');
        const link = await createLink('reset', p.kind, p.id, p.tenantId, RESET_TTL_S);
        const mail = resetMail({
          url: linkUrl(app.pva.publicUrl, 'reset', link.token),
          login: p.login,
          expiresAt: link.expiresAt,
          byAdministrator: false,
        });
        await queueEmail({ to: p.email, ...mail, tenantId: p.tenantId });
        return audit('success');
      });
      reply.code(202);
      return { accepted: true as const };
    },
  );

  /** Sets the password through a link of the purpose given; a refused link is audited and answers 400. */
  const setByLink = (purpose: LinkPurpose, action: string) =>
    async function (req: FastifyRequest<{ Body: { token: string; password: string } }>) {
      const { token, password } = req.body;
      const r = await authTx(app, req, async () => {
        const link = await findLiveLink(token, kind, purpose);
        const p = link && (await findById(kind, link.principal_id));
        if (!link || !p || p.status !== statusFor(purpose)) {
          await recordAudit({
            action,
            outcome: 'failure',
            tenantId: p?.tenantId ?? null,
            ...(p ? { targetType: p.kind, targetId: p.id } : {}),
            summary: { reason: 'link_invalid', plane },
          });
          return null;
        }
        // a refused password leaves the link usable (the error rolls this transaction back)
        checkPassword(password, { mfa: await mfaMandatory(p), context: contextOf(p) });
        const hash = await hashPassword(password);
        if (!(await consumeLink(token, purpose, kind))) return null; // used meanwhile
        await setPassword(p.kind, p.id, hash);
        const sessionsRevoked = await revokeAllSessions(p.kind, p.id);
        await clearFailures(accountKey(plane, p.login));
        await recordAudit({
          action,
          tenantId: p.tenantId,
          targetType: p.kind,
          targetId: p.id,
          summary: { plane, sessionsRevoked },
        });
        return { login: p.login };
      });
      if (!r) throw new AppError('link_invalid');
      return r;
    };

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: { auth: 'public', tx: false },
      schema: {
        operationId: 'confirmPasswordReset',
        tags: ['authentication'],
        summary: 'Set a new password with a reset link (works once); every session of the account ends',
        body: SetPasswordBody,
        response: { 200: PasswordSet },
      },
    },
    setByLink('reset', 'auth.password_reset.confirm'),
  );

  app.post(
    '/api/v1/auth/invitation',
    {
      config: { auth: 'public', tx: false },
      schema: {
        operationId: 'acceptInvitation',
        tags: ['authentication'],
        summary: 'Accept an invitation: set the first password (the link works once), then log in',
        body: SetPasswordBody,
        response: { 200: PasswordSet },
      },
    },
    setByLink('invite', 'auth.invitation.accept'),
  );

  // POST, not GET with the token in the path: request URLs are logged, and a live token must not be.
  app.post(
    '/api/v1/auth/link',
    {
      config: { auth: 'public', tx: false },
      schema: {
        operationId: 'inspectLink',
        tags: ['authentication'],
        summary:
          'What an invitation or reset link is for and whom it greets (does not use the link up); 404 when invalid, used or expired',
        body: Type.Object({ token: TokenSchema }, { additionalProperties: false }),
        response: { 200: LinkInfo },
      },
    },
    async (req) => {
      const info = await authTx(app, req, async () => {
        const link = await findLiveLink(req.body.token, kind);
        const p = link && (await findById(kind, link.principal_id));
        if (!link || !p || p.status !== statusFor(link.purpose)) return null;
        return {
          purpose: link.purpose,
          login: p.login,
          name: p.name,
          expiresAt: formatInstant(link.expires_at),
          passwordMinLength: (await mfaMandatory(p)) ? MIN_WITH_MFA : MIN_WITHOUT_MFA,
        };
      });
      if (!info) throw new AppError('not_found');
      return info;
    },
  );
}
