import { Type, type Static } from '@sinclair/typebox';
import { listenerUrl } from '../../lib/url.ts';
import { AppError, notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import type { StaffRole } from '../../db/schema.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { formatInstant } from '../../lib/time.ts';
import { createLink, INVITE_TTL_S, invitationMail, linkUrl } from './links.ts';
import { revokeAllSessions } from './sessions.ts';
import {
  createInvitedStaff,
  deleteStaff,
  findTenant,
  getStaff,
  guardLastStaffAdmin,
  listStaff,
  listTenants,
  updateStaff,
  type StaffView,
} from './staff.ts';
import { createInvitedUser, lockActiveAdmins } from './users.ts';
import { EmailSchema, LoginSchema, NameSchema, sendInvitation, UserOut, userOut } from './users-routes.ts';

const StaffRoleSchema = Type.Union([Type.Literal('noc'), Type.Literal('security'), Type.Literal('admin')]);
const TrainingDate = Type.Union([Type.String({ format: 'date', maxLength: 10 }), Type.Null()], {
  description: 'The day the member acknowledged the information security training (7.2.2)',
});
const StaffOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: StaffRoleSchema,
  status: Type.Union([Type.Literal('invited'), Type.Literal('active'), Type.Literal('disabled')]),
  mfaEnrolled: Type.Boolean(),
  trainingAcknowledgedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
const TenantOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  status: Type.String(),
  userCount: Type.Integer(),
  adminCount: Type.Integer({ description: 'Active administrators' }),
  createdAt: Type.String({ format: 'date-time' }),
});
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

function staffOut(s: StaffView): Static<typeof StaffOut> {
  return {
    id: s.id,
    email: s.email,
    name: s.name,
    role: s.role,
    status: s.status,
    mfaEnrolled: s.mfaEnrolled,
    trainingAcknowledgedOn: s.trainingAcknowledgedOn,
    lastLoginAt: s.lastLoginAt ? formatInstant(s.lastLoginAt) : null,
    createdAt: formatInstant(s.createdAt),
  };
}

/**
 * Provider administration on the management listener: staff accounts, the tenant register's
 * summary, and each tenant's first administrator. Runs with provider access (set by the auth plugin).
 */
export function staffRoutes(app: App): void {
  const found = async (id: string): Promise<StaffView> => {
    const s = await getStaff(id);
    if (!s) throw notFound();
    return s;
  };
  const { config } = app.pva;
  // invitations of customer administrators point at the customer portal, not at this listener
  const portalUrl = (): string => config.portalUrl ?? listenerUrl(config.portal.host, config.portal.port);

  app.get(
    '/api/v1/staff',
    {
      config: { auth: 'staff.manage' },
      schema: {
        operationId: 'listStaff',
        tags: ['staff'],
        summary: 'Provider staff with roles, second-factor state and training acknowledgement',
        response: { 200: Type.Array(StaffOut) },
      },
    },
    async () => (await listStaff()).map(staffOut),
  );

  app.post(
    '/api/v1/staff',
    {
      config: { auth: 'staff.manage', action: 'staff.invite' },
      schema: {
        operationId: 'inviteStaff',
        tags: ['staff'],
        summary: 'Register a staff member: an invitation email with a single-use link valid for 72 hours',
        body: Type.Object(
          {
            email: EmailSchema,
            name: NameSchema,
            role: StaffRoleSchema,
            trainingAcknowledgedOn: Type.Optional(TrainingDate),
          },
          { additionalProperties: false },
        ),
        response: { 201: StaffOut },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const s = await createInvitedStaff(
        {
          email: b.email.trim().toLowerCase(),
          name: b.name.trim(),
          role: b.role,
          trainingAcknowledgedOn: b.trainingAcknowledgedOn ?? null,
        },
        req.lang,
      );
      const link = await createLink('invite', 'staff', s.id, null, INVITE_TTL_S);
      const mail = invitationMail({
        audience: 'console',
        url: linkUrl(app.pva.publicUrl, 'invite', link.token),
        login: s.email,
        expiresAt: link.expiresAt,
      });
      await queueEmail({ to: s.email, ...mail, tenantId: null });
      await auditRequest(req, {
        action: 'staff.invite',
        tenantId: null,
        targetType: 'staff',
        targetId: s.id,
        summary: {
          role: s.role,
          trainingAcknowledgedOn: s.trainingAcknowledgedOn,
          linkExpiresAt: link.expiresAt.toISOString(),
        },
        personal: { email: s.email, name: s.name },
      });
      reply.code(201);
      return staffOut(s);
    },
  );

  app.patch(
    '/api/v1/staff/:id',
    {
      config: { auth: 'staff.manage', action: 'staff.update' },
      schema: {
        operationId: 'updateStaff',
        tags: ['staff'],
        summary: "Change a staff member's role, name or training date; a role change ends their sessions",
        params: IdParams,
        body: Type.Object(
          {
            role: Type.Optional(StaffRoleSchema),
            name: Type.Optional(NameSchema),
            trainingAcknowledgedOn: Type.Optional(TrainingDate),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: StaffOut },
      },
    },
    async (req) => {
      const before = await found(req.params.id);
      const b = req.body;
      const role: StaffRole | undefined = b.role !== undefined && b.role !== before.role ? b.role : undefined;
      const name = b.name !== undefined && b.name.trim() !== before.name ? b.name.trim() : undefined;
      const training =
        b.trainingAcknowledgedOn !== undefined && b.trainingAcknowledgedOn !== before.trainingAcknowledgedOn
          ? b.trainingAcknowledgedOn
          : undefined;
      if (role !== undefined && role !== 'admin') await guardLastStaffAdmin(before);
      await updateStaff(before.id, {
        ...(role !== undefined ? { role } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(training !== undefined ? { trainingAcknowledgedOn: training } : {}),
      });
      const sessionsRevoked = role !== undefined ? await revokeAllSessions('staff', before.id) : 0;
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      if (role !== undefined) changes.role = { before: before.role, after: role };
      if (training !== undefined)
        changes.trainingAcknowledgedOn = { before: before.trainingAcknowledgedOn, after: training };
      await auditRequest(req, {
        action: role !== undefined ? 'staff.role.change' : 'staff.update',
        tenantId: null,
        targetType: 'staff',
        targetId: before.id,
        summary: { changes, nameChanged: name !== undefined, sessionsRevoked },
        ...(name !== undefined ? { personal: { nameBefore: before.name, nameAfter: name } } : {}),
      });
      return staffOut((await getStaff(before.id))!);
    },
  );

  app.delete(
    '/api/v1/staff/:id',
    {
      config: { auth: 'staff.manage', action: 'staff.delete' },
      schema: {
        operationId: 'deleteStaff',
        tags: ['staff'],
        summary: 'Delete a staff member: their sessions end at once and their second factors are removed',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const s = await found(req.params.id);
      await guardLastStaffAdmin(s);
      const ended = await deleteStaff(s.id);
      await auditRequest(req, {
        action: 'staff.delete',
        tenantId: null,
        targetType: 'staff',
        targetId: s.id,
        summary: { role: s.role, status: s.status, self: s.id === req.principal!.id, ...ended },
        personal: { email: s.email, name: s.name },
      });
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/api/v1/tenants',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'listTenants',
        tags: ['tenants'],
        summary: 'Customers (tenants) with their number of users and of active administrators',
        response: { 200: Type.Array(TenantOut) },
      },
    },
    async () =>
      (await listTenants()).map((t) => ({
        id: t.id,
        code: t.code,
        name: t.name,
        status: t.status,
        userCount: t.userCount,
        adminCount: t.adminCount,
        createdAt: formatInstant(t.createdAt),
      })),
  );

  app.post(
    '/api/v1/tenants/:tenantId/admins',
    {
      config: { auth: 'tenants.manage', customerData: true, action: 'tenant.admin.create' },
      schema: {
        operationId: 'createTenantAdmin',
        tags: ['tenants'],
        summary:
          "Create a tenant's administrator (normally its first): an invitation email to the customer portal, valid 72 hours",
        params: Type.Object({ tenantId: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          { login: Type.Optional(LoginSchema), email: EmailSchema, name: NameSchema },
          { additionalProperties: false },
        ),
        response: { 201: UserOut },
      },
    },
    async (req, reply) => {
      const tenant = await findTenant(req.params.tenantId);
      if (!tenant) throw notFound();
      if (tenant.status !== 'active') throw new AppError('conflict');
      const existingAdmins = (await lockActiveAdmins(tenant.id)).length;
      const b = req.body;
      const u = await createInvitedUser(
        {
          tenantId: tenant.id,
          login: (b.login ?? b.email).trim().toLowerCase(),
          email: b.email.trim().toLowerCase(),
          name: b.name.trim(),
          role: 'admin',
          serviceScope: null,
        },
        req.lang,
      );
      const link = await sendInvitation(portalUrl(), u);
      await auditRequest(req, {
        action: 'tenant.admin.create',
        tenantId: tenant.id,
        targetType: 'customer',
        targetId: u.id,
        summary: {
          role: 'admin',
          firstAdmin: existingAdmins === 0,
          existingAdmins,
          linkExpiresAt: link.expiresAt.toISOString(),
        },
        personal: { login: u.login, email: u.email, name: u.name },
      });
      reply.code(201);
      return userOut(u);
    },
  );
}
