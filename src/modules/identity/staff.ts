import { sql } from 'kysely';
import { AppError, type Lang } from '../../app/errors.ts';
import { db } from '../../db/context.ts';
import type { StaffRole } from '../../db/schema.ts';
import { deleteLinks } from './links.ts';
import { revokeAllSessions } from './sessions.ts';
import { deleteCredentials, mfaEnrolledSql } from './users.ts';

/** Provider staff (9.2.1, 9.2.2, 7.2.2) and the provider's minimal tenant register for the console. */
export interface StaffView {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  status: 'invited' | 'active' | 'disabled';
  mfaEnrolled: boolean;
  /** YYYY-MM-DD: when the member acknowledged the security training (7.2.2). */
  trainingAcknowledgedOn: string | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

const staffQuery = () =>
  db()
    .selectFrom('ops.staff as s')
    .select([
      's.id',
      's.email',
      's.name',
      's.role',
      's.status',
      's.last_login_at',
      's.created_at',
      // as text: the two drivers turn a date into different Date values
      sql<string | null>`to_char(s.training_acknowledged_on, 'YYYY-MM-DD')`.as('training'),
      mfaEnrolledSql('staff', 's.id').as('mfa_enrolled'),
    ]);

type StaffQueryRow = NonNullable<Awaited<ReturnType<ReturnType<typeof staffQuery>['executeTakeFirst']>>>;

function view(s: StaffQueryRow): StaffView {
  return {
    id: s.id,
    email: s.email,
    name: s.name,
    role: s.role,
    status: s.status,
    mfaEnrolled: Boolean(s.mfa_enrolled),
    trainingAcknowledgedOn: s.training,
    lastLoginAt: s.last_login_at,
    createdAt: s.created_at,
  };
}

export async function listStaff(): Promise<StaffView[]> {
  return (await staffQuery().orderBy('s.created_at').orderBy('s.email').execute()).map(view);
}

export async function getStaff(id: string): Promise<StaffView | undefined> {
  const s = await staffQuery().where('s.id', '=', id).executeTakeFirst();
  return s && view(s);
}

/** Refuses (409 last_admin) a change that takes away the last active provider administrator. */
export async function guardLastStaffAdmin(target: Pick<StaffView, 'id' | 'role' | 'status'>): Promise<void> {
  const admins = await db()
    .selectFrom('ops.staff')
    .select('id')
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .orderBy('id')
    .forUpdate()
    .execute();
  if (target.role === 'admin' && target.status === 'active' && !admins.some((a) => a.id !== target.id)) {
    throw new AppError('last_admin', {
      detail: {
        ja: '有効な事業者管理者が 1 人もいなくなるため、この操作はできません。',
        en: 'At least one active provider administrator must remain.',
      },
    });
  }
}

/** Creates a staff member in status 'invited' without a password; the email address is the login. */
export async function createInvitedStaff(
  s: { email: string; name: string; role: StaffRole; trainingAcknowledgedOn: string | null },
  lang: Lang,
): Promise<StaffView> {
  const row = await db()
    .insertInto('ops.staff')
    .values({
      email: s.email,
      name: s.name,
      role: s.role,
      password_hash: null,
      status: 'invited',
      password_changed_at: null,
      last_login_at: null,
      training_acknowledged_on: s.trainingAcknowledgedOn,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    throw new AppError('conflict', {
      fields: [
        {
          field: '/body/email',
          code: 'taken',
          message:
            lang === 'ja'
              ? 'このメールアドレスは登録済みです。'
              : 'This email address is already registered.',
        },
      ],
    });
  }
  return (await getStaff(row.id))!;
}

export async function updateStaff(
  id: string,
  set: { role?: StaffRole; name?: string; trainingAcknowledgedOn?: string | null },
): Promise<void> {
  const values: { role?: StaffRole; name?: string; training_acknowledged_on?: string | null } = {};
  if (set.role !== undefined) values.role = set.role;
  if (set.name !== undefined) values.name = set.name;
  if (set.trainingAcknowledgedOn !== undefined) values.training_acknowledged_on = set.trainingAcknowledgedOn;
  if (Object.keys(values).length === 0) return;
  await db().updateTable('ops.staff').set(values).where('id', '=', id).execute();
}

/** Deletes a staff member: sessions end at once, second factors and pending links are removed. */
export async function deleteStaff(id: string): Promise<{ sessionsRevoked: number }> {
  const sessionsRevoked = await revokeAllSessions('staff', id);
  await deleteCredentials('staff', id);
  await deleteLinks('staff', id);
  await db().deleteFrom('ops.staff').where('id', '=', id).execute();
  return { sessionsRevoked };
}

export interface TenantSummary {
  id: string;
  code: string;
  name: string;
  status: 'active' | 'terminating' | 'terminated' | 'erased';
  userCount: number;
  adminCount: number;
  createdAt: Date;
}

/** Every tenant with its number of users and of active administrators (runs with provider access). */
export async function listTenants(): Promise<TenantSummary[]> {
  const rows = await db()
    .selectFrom('ops.tenant as t')
    .leftJoin('customer.app_user as u', 'u.tenant_id', 't.id')
    .select((eb) => [
      't.id',
      't.code',
      't.name',
      't.status',
      't.created_at',
      eb.fn.count<number>('u.id').as('users'),
      sql<number>`count(*) FILTER (WHERE u.role = 'admin' AND u.status = 'active')`.as('admins'),
    ])
    .groupBy(['t.id', 't.code', 't.name', 't.status', 't.created_at'])
    .orderBy('t.code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    status: r.status,
    userCount: Number(r.users),
    adminCount: Number(r.admins),
    createdAt: r.created_at,
  }));
}

export async function findTenant(id: string) {
  return db()
    .selectFrom('ops.tenant')
    .select(['id', 'name', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}
