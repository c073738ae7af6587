import { db } from '../../db/context.ts';
import type { Selectable } from 'kysely';
import type { CustomerRole, DB, PrincipalKind, StaffRole } from '../../db/schema.ts';

/** A login-capable principal as the identity module sees it, staff or customer. */
export interface PrincipalRecord {
  kind: PrincipalKind;
  id: string;
  tenantId: string | null;
  login: string;
  email: string;
  name: string;
  role: CustomerRole | StaffRole;
  serviceScope: string[] | null;
  passwordHash: string | null;
  status: 'invited' | 'active' | 'disabled';
  mustChangePassword: boolean;
}

/** Looks a principal up by login name. Runs in a system scope: login comes before any tenant. */
export async function findByLogin(kind: PrincipalKind, login: string): Promise<PrincipalRecord | undefined> {
  const l = login.trim().toLowerCase();
  if (kind === 'staff') {
    const s = await db().selectFrom('ops.staff').selectAll().where('email', '=', l).executeTakeFirst();
    return s && staffRecord(s);
  }
  const u = await db().selectFrom('customer.app_user').selectAll().where('login', '=', l).executeTakeFirst();
  return u && userRecord(u);
}

export async function findById(kind: PrincipalKind, id: string): Promise<PrincipalRecord | undefined> {
  if (kind === 'staff') {
    const s = await db().selectFrom('ops.staff').selectAll().where('id', '=', id).executeTakeFirst();
    return s && staffRecord(s);
  }
  const u = await db().selectFrom('customer.app_user').selectAll().where('id', '=', id).executeTakeFirst();
  return u && userRecord(u);
}

type StaffRow = Selectable<DB['ops.staff']>;
type UserRow = Selectable<DB['customer.app_user']>;

function staffRecord(s: StaffRow): PrincipalRecord {
  return {
    kind: 'staff',
    id: s.id,
    tenantId: null,
    login: s.email,
    email: s.email,
    name: s.name,
    role: s.role,
    serviceScope: null,
    passwordHash: s.password_hash,
    status: s.status,
    mustChangePassword: s.must_change_password,
  };
}

function userRecord(u: UserRow): PrincipalRecord {
  return {
    kind: 'customer',
    id: u.id,
    tenantId: u.tenant_id,
    login: u.login,
    email: u.email,
    name: u.name,
    role: u.role,
    serviceScope: u.service_scope,
    passwordHash: u.password_hash,
    status: u.status,
    mustChangePassword: u.must_change_password,
  };
}

export async function setPassword(
  kind: PrincipalKind,
  id: string,
  hash: string,
  mustChange = false,
): Promise<void> {
  const values = {
    password_hash: hash,
    password_changed_at: new Date(),
    must_change_password: mustChange,
    status: 'active' as const,
  };
  if (kind === 'staff') await db().updateTable('ops.staff').set(values).where('id', '=', id).execute();
  else await db().updateTable('customer.app_user').set(values).where('id', '=', id).execute();
}

export async function markLogin(kind: PrincipalKind, id: string): Promise<void> {
  if (kind === 'staff')
    await db().updateTable('ops.staff').set({ last_login_at: new Date() }).where('id', '=', id).execute();
  else
    await db()
      .updateTable('customer.app_user')
      .set({ last_login_at: new Date() })
      .where('id', '=', id)
      .execute();
}

export async function tenantSettings(tenantId: string) {
  const s = await db()
    .selectFrom('customer.tenant_setting')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return {
    ipAllowlist: s?.ip_allowlist ?? [],
    allowlistScope: s?.allowlist_scope ?? ('admins' as const),
    allowlistTokens: s?.allowlist_tokens ?? false,
    mfaRequiredAll: s?.mfa_required_all ?? false,
  };
}

/** Which second factors a principal has enrolled. */
export async function mfaMethods(
  kind: PrincipalKind,
  id: string,
): Promise<{ totp: boolean; passkeys: number; recoveryLeft: number }> {
  const totp = await db()
    .selectFrom('iam.totp')
    .select('confirmed_at')
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .executeTakeFirst();
  const pk = await db()
    .selectFrom('iam.passkey')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .executeTakeFirstOrThrow();
  const rc = await db()
    .selectFrom('iam.recovery_code')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { totp: Boolean(totp?.confirmed_at), passkeys: Number(pk.n), recoveryLeft: Number(rc.n) };
}
