import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { pct, t, type CheckDef } from '../check.ts';
import type { EvidenceObject } from '../types.ts';

interface Principal {
  kind: 'customer' | 'staff';
  id: string;
  label: string;
  has_mfa: boolean;
  logged_in: boolean;
}

/** Active customer administrators (of tenants not terminated) and active staff, with whether MFA is enrolled. */
async function privileged(): Promise<Principal[]> {
  const mfa = (kind: 'customer' | 'staff', col: string) => sql<boolean>`(
      EXISTS (SELECT 1 FROM iam.totp t WHERE t.principal_kind = ${kind} AND t.principal_id = ${sql.ref(col)}
              AND t.confirmed_at IS NOT NULL)
   OR EXISTS (SELECT 1 FROM iam.passkey p WHERE p.principal_kind = ${kind} AND p.principal_id = ${sql.ref(col)}))`;
  const users = await db()
    .selectFrom('customer.app_user as u')
    .innerJoin('ops.tenant as tn', 'tn.id', 'u.tenant_id')
    .select([
      'u.id',
      sql<string>`tn.code || ' / ' || u.login`.as('label'),
      mfa('customer', 'u.id').as('has_mfa'),
      sql<boolean>`u.last_login_at IS NOT NULL`.as('logged_in'),
    ])
    .where('u.role', '=', 'admin')
    .where('u.status', '=', 'active')
    .where('tn.status', 'in', ['active', 'terminating'])
    .execute();
  const staff = await db()
    .selectFrom('ops.staff as s')
    .select([
      's.id',
      's.email as label',
      mfa('staff', 's.id').as('has_mfa'),
      sql<boolean>`s.last_login_at IS NOT NULL`.as('logged_in'),
    ])
    .where('s.status', '=', 'active')
    .execute();
  return [
    ...users.map((u) => ({ kind: 'customer' as const, ...u })),
    ...staff.map((s) => ({ kind: 'staff' as const, ...s })),
  ];
}

export const mfaCheck: CheckDef = {
  id: 'identity.mfa',
  clauses: ['9.2.3', 'principle-2', 'principle-5'],
  title: t('管理者とスタッフの多要素認証', 'Multi-factor authentication of administrators and staff'),
  criteria: t(
    '有効な顧客管理者と事業者スタッフ全員が多要素認証（TOTP またはパスキー）を登録済みなら合格。未登録者が初回ログイン前（ログイン時に登録が強制される）だけなら警告。ログイン済みで未登録の者が一人でもいれば不合格。',
    'Pass when every active customer administrator and every active staff member has MFA (TOTP or a passkey) enrolled. Warn when those without it have never logged in (enrolment is forced at first login). Fail when anyone who has logged in has no MFA.',
  ),
  async run(ctx) {
    const all = await ctx.read(privileged);
    const admins = all.filter((p) => p.kind === 'customer');
    const staff = all.filter((p) => p.kind === 'staff');
    const without = all.filter((p) => !p.has_mfa);
    const bypass = without.filter((p) => p.logged_in);
    const share = pct(all.length - without.length, all.length);
    const objects: EvidenceObject[] = without.map((p) => ({
      kind: p.kind === 'customer' ? 'user' : 'staff',
      id: p.id,
      label: p.label,
      note: p.logged_in
        ? t('ログイン済みだが多要素認証が未登録', 'Has logged in without MFA enrolled')
        : t('未ログイン（初回ログイン時に登録）', 'Never logged in (enrols at first login)'),
      href: p.kind === 'staff' ? `/staff/${p.id}` : undefined,
    }));
    const status = bypass.length ? 'fail' : without.length ? 'warn' : 'pass';
    return {
      status,
      summary: t(
        `多要素認証の登録率 ${share}%（顧客管理者 ${admins.filter((p) => p.has_mfa).length}/${admins.length}、スタッフ ${staff.filter((p) => p.has_mfa).length}/${staff.length}）。未登録 ${without.length} 名（うちログイン済み ${bypass.length} 名）。`,
        `MFA enrolled: ${share}% (customer administrators ${admins.filter((p) => p.has_mfa).length}/${admins.length}, staff ${staff.filter((p) => p.has_mfa).length}/${staff.length}). Without MFA: ${without.length} (${bypass.length} of them have logged in).`,
      ),
      figures: {
        adminsTotal: admins.length,
        adminsWithMfa: admins.filter((p) => p.has_mfa).length,
        staffTotal: staff.length,
        staffWithMfa: staff.filter((p) => p.has_mfa).length,
        sharePct: share,
        withoutMfa: without.length,
        loggedInWithoutMfa: bypass.length,
      },
      objects,
    };
  },
};

export const allowlistCheck: CheckDef = {
  id: 'identity.ip-allowlist',
  clauses: ['9.2.3'],
  title: t('管理者ログインの接続元 IP 制限', 'Source-IP allowlists for administrator login'),
  criteria: t(
    '接続元 IP 制限はお客様が設定する機能です。有効な全テナントが管理者ログインの IP 制限を設定していれば合格、設定していないテナントがあれば警告（件数を表示）。一つも設定していなければ（機能が使われていない）不合格ではなく警告とします。',
    'Source-IP restriction is a setting the customer chooses. Pass when every active tenant has an administrator IP allowlist; warn when some have none (the count is shown). Never fail: the control is that the setting exists and is enforced.',
  ),
  async run(ctx) {
    const rows = await ctx.read(() =>
      db()
        .selectFrom('ops.tenant as tn')
        .leftJoin('customer.tenant_setting as s', 's.tenant_id', 'tn.id')
        .select(['tn.id', 'tn.code', sql<number>`coalesce(cardinality(s.ip_allowlist), 0)`.as('entries')])
        .where('tn.status', '=', 'active')
        .execute(),
    );
    const without = rows.filter((r) => Number(r.entries) === 0);
    const share = pct(rows.length - without.length, rows.length);
    return {
      status: without.length ? 'warn' : 'pass',
      summary: t(
        `管理者 IP 制限を設定済みのテナント ${rows.length - without.length}/${rows.length}（${share}%）。`,
        `Tenants with an administrator IP allowlist: ${rows.length - without.length}/${rows.length} (${share}%).`,
      ),
      figures: {
        tenantsTotal: rows.length,
        tenantsWithAllowlist: rows.length - without.length,
        sharePct: share,
      },
      objects: without.map((r) => ({
        kind: 'tenant',
        id: r.id,
        label: r.code,
        note: t('IP 制限が未設定', 'No IP allowlist set'),
        href: `/tenants/${r.id}`,
      })),
    };
  },
};
