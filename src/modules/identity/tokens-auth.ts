import { db } from '../../db/context.ts';
import { ipAllowed } from '../../lib/ip.ts';
import { sha256 } from './crypto.ts';
import type { Principal } from './policy.ts';
import { findById, tenantSettings } from './principals.ts';

export const TOKEN_PREFIX = 'pva_';

/**
 * Resolves an API token to the principal it acts for: never more than its user's role, narrowed
 * to the token's scope and service codes, and refused outside the tenant's and the token's allowlists.
 */
export async function authenticateToken(
  token: string,
  ip: string,
  now = new Date(),
): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const t = await db()
    .selectFrom('iam.api_token')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!t || t.revoked_at || t.expires_at <= now) return null;
  const user = await findById('customer', t.user_id);
  if (!user || user.status !== 'active' || user.tenantId !== t.tenant_id) return null;
  if (!ipAllowed(ip, t.ip_allowlist)) return null;
  const settings = await tenantSettings(t.tenant_id);
  if (settings.allowlistTokens && !ipAllowed(ip, settings.ipAllowlist)) return null;
  if (!t.last_used_at || now.getTime() - t.last_used_at.getTime() > 60_000) {
    await db().updateTable('iam.api_token').set({ last_used_at: now }).where('id', '=', t.id).execute();
  }
  let scope = user.serviceScope;
  if (t.service_scope) scope = scope ? t.service_scope.filter((s) => scope!.includes(s)) : t.service_scope;
  return {
    kind: 'customer',
    id: user.id,
    tenantId: user.tenantId,
    role: user.role,
    serviceScope: scope,
    readOnly: t.scope === 'read',
  };
}
