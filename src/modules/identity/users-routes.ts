import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import type { CustomerRole } from '../../db/schema.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { formatInstant } from '../../lib/time.ts';
import {
  createLink,
  INVITE_TTL_S,
  invitationMail,
  linkUrl,
  RESET_TTL_S,
  resetMail,
  type IssuedLink,
} from './links.ts';
import { revokeAllSessions } from './sessions.ts';
import {
  checkServiceIds,
  createInvitedUser,
  deleteUser,
  getUser,
  guardLastAdmin,
  listUsers,
  requirePasswordChange,
  tenantName,
  updateUser,
  type UserView,
} from './users.ts';

export const CustomerRoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('operator'),
  Type.Literal('viewer'),
]);
const ServiceIds = Type.Array(Type.String({ format: 'uuid' }), {
  minItems: 1,
  maxItems: 500,
  description: 'Service ids the user is limited to; null: every service of the tenant',
});
/** Login IDs: printable ASCII without spaces (an email address by default), compared in lower case. */
export const LoginSchema = Type.String({ minLength: 3, maxLength: 254, pattern: '^[!-~]+$' });
export const NameSchema = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
export const EmailSchema = Type.String({ format: 'email', maxLength: 254 });

export const UserOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  login: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: CustomerRoleSchema,
  serviceScope: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'Service ids the user is limited to; null: every service of the tenant',
  }),
  status: Type.Union([Type.Literal('invited'), Type.Literal('active'), Type.Literal('disabled')]),
  mustChangePassword: Type.Boolean(),
  mfaEnrolled: Type.Boolean(),
  lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export function userOut(u: UserView): Static<typeof UserOut> {
  return {
    id: u.id,
    login: u.login,
    email: u.email,
    name: u.name,
    role: u.role,
    serviceScope: u.serviceScope,
    status: u.status,
    mustChangePassword: u.mustChangePassword,
    mfaEnrolled: u.mfaEnrolled,
    lastLoginAt: u.lastLoginAt ? formatInstant(u.lastLoginAt) : null,
    createdAt: formatInstant(u.createdAt),
  };
}

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const InviteBody = Type.Object(
  {
    login: Type.Optional(LoginSchema),
    email: EmailSchema,
    name: NameSchema,
    role: CustomerRoleSchema,
    serviceIds: Type.Optional(Type.Union([ServiceIds, Type.Null()])),
  },
  { additionalProperties: false },
);
const PatchBody = Type.Object(
  {
    role: Type.Optional(CustomerRoleSchema),
    serviceIds: Type.Optional(Type.Union([ServiceIds, Type.Null()])),
    name: Type.Optional(NameSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
const LinkSent = Type.Object({
  purpose: Type.Union([Type.Literal('invite'), Type.Literal('reset')]),
  expiresAt: Type.String({ format: 'date-time' }),
});

/** Sends a new user their invitation (the link points at the customer portal). */
export async function sendInvitation(
  portalUrl: string,
  u: Pick<UserView, 'id' | 'tenantId' | 'login' | 'email'>,
): Promise<IssuedLink> {
  const link = await createLink('invite', 'customer', u.id, u.tenantId, INVITE_TTL_S);
  const mail = invitationMail({
    audience: 'portal',
    url: linkUrl(portalUrl, 'invite', link.token),
    login: u.login,
    expiresAt: link.expiresAt,
    tenantName: await tenantName(u.tenantId),
  });
  await queueEmail({ to: u.email, ...mail, tenantId: u.tenantId });
  return link;
}

const sameScope = (a: string[] | null, b: string[] | null): boolean =>
  a === null || b === null ? a === b : a.length === b.length && a.every((x) => b.includes(x));

/** The tenant's user administration (portal): register, re-role, scope and delete users; reissue passwords. */
export function usersRoutes(app: App): void {
  const tenantOf = (req: FastifyRequest): string => req.tenantId!;
  const found = async (req: FastifyRequest, id: string): Promise<UserView> => {
    const u = await getUser(tenantOf(req), id);
    if (!u) throw notFound();
    return u;
  };

  app.get(
    '/api/v1/users',
    {
      config: { auth: 'users.read' },
      schema: {
        operationId: 'listUsers',
        tags: ['users'],
        summary: "The tenant's users with their roles, service scope and second-factor state",
        response: { 200: Type.Array(UserOut) },
      },
    },
    async (req) => (await listUsers(tenantOf(req))).map(userOut),
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { auth: 'users.read' },
      schema: {
        operationId: 'getUser',
        tags: ['users'],
        summary: 'One user of the tenant',
        params: IdParams,
        response: { 200: UserOut },
      },
    },
    async (req) => userOut(await found(req, req.params.id)),
  );

  app.post(
    '/api/v1/users',
    {
      config: { auth: 'users.manage', action: 'user.invite' },
      schema: {
        operationId: 'inviteUser',
        tags: ['users'],
        summary: 'Register a user: an invitation email with a single-use link valid for 72 hours',
        body: InviteBody,
        response: { 201: UserOut },
      },
    },
    async (req, reply) => {
      const tenantId = tenantOf(req);
      const b = req.body;
      const serviceScope = (await checkServiceIds(tenantId, b.serviceIds, req.lang)) ?? null;
      const u = await createInvitedUser(
        {
          tenantId,
          login: (b.login ?? b.email).trim().toLowerCase(),
          email: b.email.trim().toLowerCase(),
          name: b.name.trim(),
          role: b.role,
          serviceScope,
        },
        req.lang,
      );
      const link = await sendInvitation(app.pva.publicUrl, u);
      await auditRequest(req, {
        action: 'user.invite',
        targetType: 'customer',
        targetId: u.id,
        summary: { role: u.role, serviceScope, linkExpiresAt: link.expiresAt.toISOString() },
        personal: { login: u.login, email: u.email, name: u.name },
      });
      reply.code(201);
      return userOut(u);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { auth: 'users.manage', action: 'user.update' },
      schema: {
        operationId: 'updateUser',
        tags: ['users'],
        summary: "Change a user's role, service scope or name; a role change ends their sessions",
        params: IdParams,
        body: PatchBody,
        response: { 200: UserOut },
      },
    },
    async (req) => {
      const tenantId = tenantOf(req);
      const before = await found(req, req.params.id);
      const b = req.body;
      const role: CustomerRole | undefined =
        b.role !== undefined && b.role !== before.role ? b.role : undefined;
      const checked = await checkServiceIds(tenantId, b.serviceIds, req.lang);
      const serviceScope =
        checked !== undefined && !sameScope(checked, before.serviceScope) ? checked : undefined;
      const name = b.name !== undefined && b.name.trim() !== before.name ? b.name.trim() : undefined;
      if (role !== undefined && role !== 'admin') await guardLastAdmin(tenantId, before);
      await updateUser(tenantId, before.id, {
        ...(role !== undefined ? { role } : {}),
        ...(serviceScope !== undefined ? { serviceScope } : {}),
        ...(name !== undefined ? { name } : {}),
      });
      // a role change is a privilege change: the user's sessions end and they log in again
      const sessionsRevoked = role !== undefined ? await revokeAllSessions('customer', before.id) : 0;
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      if (role !== undefined) changes.role = { before: before.role, after: role };
      if (serviceScope !== undefined)
        changes.serviceScope = { before: before.serviceScope, after: serviceScope };
      await auditRequest(req, {
        action: role !== undefined ? 'user.role.change' : 'user.update',
        targetType: 'customer',
        targetId: before.id,
        summary: { changes, nameChanged: name !== undefined, sessionsRevoked },
        ...(name !== undefined ? { personal: { nameBefore: before.name, nameAfter: name } } : {}),
      });
      return userOut((await getUser(tenantId, before.id))!);
    },
  );

  app.delete(
    '/api/v1/users/:id',
    {
      config: { auth: 'users.manage', action: 'user.delete' },
      schema: {
        operationId: 'deleteUser',
        tags: ['users'],
        summary: 'Delete a user: their sessions end at once, their API tokens and second factors are removed',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const tenantId = tenantOf(req);
      const u = await found(req, req.params.id);
      await guardLastAdmin(tenantId, u);
      const ended = await deleteUser(tenantId, u.id);
      // the chain keeps only the id (a pseudonym); the login and name sit in the erasable part
      await auditRequest(req, {
        action: 'user.delete',
        targetType: 'customer',
        targetId: u.id,
        summary: { role: u.role, status: u.status, self: u.id === req.principal!.id, ...ended },
        personal: { login: u.login, email: u.email, name: u.name },
      });
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/v1/users/:id/password-reset',
    {
      config: { auth: 'users.manage', action: 'user.password.reissue' },
      schema: {
        operationId: 'reissuePassword',
        tags: ['users'],
        summary:
          'Reissue a password: a reset link valid for 30 minutes (an invitation again for a user who never accepted), a forced change, and their sessions end',
        params: IdParams,
        response: { 202: LinkSent },
      },
    },
    async (req, reply) => {
      const u = await found(req, req.params.id);
      if (u.status === 'disabled') throw new AppError('conflict');
      let link: IssuedLink;
      let sessionsRevoked = 0;
      if (u.status === 'invited') {
        link = await sendInvitation(app.pva.publicUrl, u);
      } else {
        link = await createLink('reset', 'customer', u.id, u.tenantId, RESET_TTL_S);
        const mail = resetMail({
          url: linkUrl(app.pva.publicUrl, 'reset', link.token),
          login: u.login,
          expiresAt: link.expiresAt,
          byAdministrator: true,
        });
        await queueEmail({ to: u.email, ...mail, tenantId: u.tenantId });
        await requirePasswordChange(u.tenantId, u.id);
        sessionsRevoked = await revokeAllSessions('customer', u.id);
      }
      const purpose = u.status === 'invited' ? ('invite' as const) : ('reset' as const);
      await auditRequest(req, {
        action: 'user.password.reissue',
        targetType: 'customer',
        targetId: u.id,
        summary: { purpose, sessionsRevoked, linkExpiresAt: link.expiresAt.toISOString() },
      });
      reply.code(202);
      return { purpose, expiresAt: formatInstant(link.expiresAt) };
    },
  );

  app.post(
    '/api/v1/users/:id/sessions/revoke',
    {
      config: { auth: 'users.manage', action: 'user.sessions.revoke' },
      schema: {
        operationId: 'revokeUserSessions',
        tags: ['users'],
        summary: "End all of a user's sessions",
        params: IdParams,
        response: { 200: Type.Object({ revoked: Type.Integer() }) },
      },
    },
    async (req) => {
      const u = await found(req, req.params.id);
      const revoked = await revokeAllSessions('customer', u.id);
      await auditRequest(req, {
        action: 'user.sessions.revoke',
        targetType: 'customer',
        targetId: u.id,
        summary: { revoked },
      });
      return { revoked };
    },
  );
}
