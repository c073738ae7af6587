import { db } from '../../db/context.ts';
import type { tenantSettings } from './principals.ts';

export type TenantSecuritySettings = Awaited<ReturnType<typeof tenantSettings>>;

/** Writes the tenant's security settings (one row per tenant, created on first save). */
export async function saveTenantSettings(tenantId: string, s: TenantSecuritySettings): Promise<void> {
  const values = {
    ip_allowlist: s.ipAllowlist,
    allowlist_scope: s.allowlistScope,
    allowlist_tokens: s.allowlistTokens,
    mfa_required_all: s.mfaRequiredAll,
    updated_at: new Date(),
  };
  await db()
    .insertInto('customer.tenant_setting')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

/** Audit actions shown in a tenant's security log: authentication and account events. */
export const SECURITY_ACTION_PREFIXES = [
  'auth.',
  'mfa.',
  'password.',
  'session.',
  'user.',
  'users.',
  'tokens.',
  'tenant.admin.',
  'security.',
] as const;

/**
 * A page of the tenant's security log, newest first, with the login name and source address
 * from the personal-data store while they still exist (erasure removes them, the record stays).
 * audit.log has no row-level security: the tenant filter here is the isolation.
 */
export async function securityEvents(tenantId: string, limit: number, beforeSeq?: number) {
  let q = db()
    .selectFrom('audit.log as l')
    .leftJoin('audit.personal as p', (j) =>
      j.onRef('p.ref', '=', 'l.personal_ref').onRef('p.tenant_id', '=', 'l.tenant_id'),
    )
    .select([
      'l.seq',
      'l.at',
      'l.action',
      'l.outcome',
      'l.actor_kind',
      'l.actor_id',
      'l.target_type',
      'l.target_id',
      'l.summary',
      'p.data as personal',
    ])
    .where('l.tenant_id', '=', tenantId)
    .where((eb) => eb.or(SECURITY_ACTION_PREFIXES.map((prefix) => eb('l.action', 'like', `${prefix}%`))));
  if (beforeSeq !== undefined) q = q.where('l.seq', '<', beforeSeq);
  const rows = await q.orderBy('l.seq', 'desc').limit(limit).execute();
  return rows.map((r) => {
    const provider = r.actor_kind === 'staff' || r.actor_kind === 'system';
    // the provider's staff addresses are the provider's operational data, not the customer's
    const data = provider ? {} : ((r.personal as { data?: Record<string, unknown> } | null)?.data ?? {});
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    return {
      seq: Number(r.seq),
      at: r.at,
      action: r.action,
      outcome: r.outcome,
      actorKind: r.actor_kind,
      actorId: provider ? null : r.actor_id,
      targetType: r.target_type,
      targetId: r.target_id,
      summary: r.summary,
      login: str(data.login),
      sourceIp: str(data.source_ip),
    };
  });
}
