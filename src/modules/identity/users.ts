import { sql } from 'kysely';
import { AppError, type Lang } from '../../app/errors.ts';
import { db } from '../../db/context.ts';
import type { CustomerRole, PrincipalKind } from '../../db/schema.ts';
import { deleteLinks } from './links.ts';
import { revokeAllSessions } from './sessions.ts';

/**
 * Customer users (9.2.1, 9.2.2): the repository behind the portal's user administration and the
 * provider's creation of a tenant's first administrator. Every query names the tenant, on top of
 * the row-level security the request transaction already applies.
 */
export interface UserView {
  id: string;
  tenantId: string;
  login: string;
  email: string;
  name: string;
  role: CustomerRole;
  serviceScope: string[] | null;
  status: 'invited' | 'active' | 'disabled';
  mustChangePassword: boolean;
  mfaEnrolled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

/** Whether a principal has a confirmed TOTP or a passkey (idCol: the column holding its id). */
export const mfaEnrolledSql = (kind: PrincipalKind, idCol: string) =>
  sql<boolean>`(EXISTS (SELECT 1 FROM iam.totp t WHERE t.principal_kind = ${kind}
      AND t.principal_id = ${sql.ref(idCol)} AND t.confirmed_at IS NOT NULL)
    OR EXISTS (SELECT 1 FROM iam.passkey k WHERE k.principal_kind = ${kind}
      AND k.principal_id = ${sql.ref(idCol)}))`;

const usersQuery = (tenantId: string) =>
  db()
    .selectFrom('customer.app_user as u')
    .select([
      'u.id',
      'u.tenant_id',
      'u.login',
      'u.email',
      'u.name',
      'u.role',
      'u.service_scope',
      'u.status',
      'u.must_change_password',
      'u.last_login_at',
      'u.created_at',
      mfaEnrolledSql('customer', 'u.id').as('mfa_enrolled'),
    ])
    .where('u.tenant_id', '=', tenantId);

type UserQueryRow = NonNullable<Awaited<ReturnType<ReturnType<typeof usersQuery>['executeTakeFirst']>>>;

function view(u: UserQueryRow): UserView {
  return {
    id: u.id,
    tenantId: u.tenant_id,
    login: u.login,
    email: u.email,
    name: u.name,
    role: u.role,
    serviceScope: u.service_scope,
    status: u.status,
    mustChangePassword: u.must_change_password,
    mfaEnrolled: Boolean(u.mfa_enrolled),
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
  };
}

export async function listUsers(tenantId: string): Promise<UserView[]> {
  const rows = await usersQuery(tenantId).orderBy('u.created_at').orderBy('u.login').execute();
  return rows.map(view);
}

/** A user of this tenant, or undefined (another tenant's user is as unknown as a missing one). */
export async function getUser(tenantId: string, id: string): Promise<UserView | undefined> {
  const u = await usersQuery(tenantId).where('u.id', '=', id).executeTakeFirst();
  return u && view(u);
}

/**
 * Locks and returns the ids of the tenant's active administrators. Taken before any change that
 * could remove one, so two administrators demoting or deleting each other at the same moment
 * cannot leave the tenant with none.
 */
export async function lockActiveAdmins(tenantId: string): Promise<string[]> {
  const rows = await db()
    .selectFrom('customer.app_user')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

/** Refuses (409 last_admin) a change that takes the tenant's last active administrator away. */
export async function guardLastAdmin(tenantId: string, target: Pick<UserView, 'id' | 'role' | 'status'>) {
  const admins = await lockActiveAdmins(tenantId);
  if (target.role === 'admin' && target.status === 'active' && !admins.some((id) => id !== target.id)) {
    throw new AppError('last_admin');
  }
}

/** Deduplicated service ids, or a 400 naming the field when one is not a service of the tenant. */
export async function checkServiceIds(
  tenantId: string,
  ids: readonly string[] | null | undefined,
  lang: Lang,
): Promise<string[] | null | undefined> {
  if (ids === undefined || ids === null) return ids;
  const unique = [...new Set(ids.map((s) => s.toLowerCase()))];
  const found = await db()
    .selectFrom('customer.service')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', unique)
    .execute();
  if (found.length !== unique.length) {
    throw new AppError('validation_failed', {
      fields: [
        {
          field: '/body/serviceIds',
          code: 'unknown_service',
          message:
            lang === 'ja'
              ? '契約サービスに含まれない ID が指定されています。'
              : 'Contains an id that is not one of your services.',
        },
      ],
    });
  }
  return unique;
}

export interface NewUser {
  tenantId: string;
  login: string;
  email: string;
  name: string;
  role: CustomerRole;
  serviceScope: string[] | null;
}

/**
 * Creates a user in status 'invited' without a password. Login names are unique across all
 * tenants; a taken one is a 409 (ON CONFLICT: the other tenant's row stays invisible).
 */
export async function createInvitedUser(u: NewUser, lang: Lang): Promise<UserView> {
  const row = await db()
    .insertInto('customer.app_user')
    .values({
      tenant_id: u.tenantId,
      login: u.login,
      email: u.email,
      name: u.name,
      role: u.role,
      service_scope: u.serviceScope,
      password_hash: null,
      status: 'invited',
      password_changed_at: null,
      last_login_at: null,
    })
    .onConflict((oc) => oc.column('login').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    throw new AppError('conflict', {
      fields: [
        {
          field: '/body/login',
          code: 'taken',
          message: lang === 'ja' ? 'このログイン ID は使用されています。' : 'This login ID is taken.',
        },
      ],
      detail: {
        ja: 'このログイン ID はすでに使用されています。別の ID を指定してください。',
        en: 'This login ID is already taken. Choose another one.',
      },
    });
  }
  return (await getUser(u.tenantId, row.id))!;
}

export async function updateUser(
  tenantId: string,
  id: string,
  set: { role?: CustomerRole; serviceScope?: string[] | null; name?: string },
): Promise<void> {
  const values: { role?: CustomerRole; service_scope?: string[] | null; name?: string } = {};
  if (set.role !== undefined) values.role = set.role;
  if (set.serviceScope !== undefined) values.service_scope = set.serviceScope;
  if (set.name !== undefined) values.name = set.name;
  if (Object.keys(values).length === 0) return;
  await db()
    .updateTable('customer.app_user')
    .set(values)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Removes a principal's second factors and recovery codes. */
export async function deleteCredentials(kind: PrincipalKind, id: string): Promise<void> {
  await db()
    .deleteFrom('iam.totp')
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .execute();
  await db()
    .deleteFrom('iam.recovery_code')
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .execute();
  await db()
    .deleteFrom('iam.passkey')
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .execute();
}

/**
 * Deletes a user and everything that lets them in: sessions end at once, API tokens are revoked,
 * second factors, recovery codes and pending links are removed. Returns what was ended.
 */
export async function deleteUser(
  tenantId: string,
  id: string,
): Promise<{ sessionsRevoked: number; tokensRevoked: number }> {
  const sessionsRevoked = await revokeAllSessions('customer', id);
  const tokens = await db()
    .updateTable('iam.api_token')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await deleteCredentials('customer', id);
  await deleteLinks('customer', id);
  await db().deleteFrom('customer.app_user').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  return { sessionsRevoked, tokensRevoked: Number(tokens.numUpdatedRows) };
}

/** Forces a password change at the next login (administrator reissue). */
export async function requirePasswordChange(tenantId: string, id: string): Promise<void> {
  await db()
    .updateTable('customer.app_user')
    .set({ must_change_password: true })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** The tenant's display name for emails, or undefined for an unknown tenant. */
export async function tenantName(tenantId: string): Promise<string | undefined> {
  const t = await db().selectFrom('ops.tenant').select('name').where('id', '=', tenantId).executeTakeFirst();
  return t?.name;
}
