import { AppError, type FieldError } from '../../app/errors.ts';
import { db } from '../../db/context.ts';
import { normaliseCidr } from '../../lib/ip.ts';
import { randomToken, sha256 } from './crypto.ts';
import { TOKEN_PREFIX } from './tokens-auth.ts';

/** Characters of a token kept in clear to recognise it in lists ("pva_" and eight more). */
export const PREFIX_LENGTH = 12;
export const MAX_TOKEN_CIDRS = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface NewToken {
  tenantId: string;
  userId: string;
  name: string;
  scope: 'read' | 'read-write';
  expiresInDays: number;
  serviceIds: string[] | null;
  ipAllowlist: string[];
}

/**
 * Normalises a list of CIDRs; an invalid entry is a 400 naming its position under `field`.
 * Duplicates (after normalisation) are dropped, the order is kept.
 */
export function normaliseCidrList(list: readonly string[], field: string, lang: 'ja' | 'en'): string[] {
  const out: string[] = [];
  const errors: FieldError[] = [];
  list.forEach((text, i) => {
    const c = normaliseCidr(text);
    if (!c)
      errors.push({
        field: `${field}/${i}`,
        code: 'cidr',
        message:
          lang === 'ja'
            ? 'IPv4 または IPv6 のアドレス／CIDR（例: 203.0.113.0/24）を入力してください。'
            : 'Enter an IPv4 or IPv6 address or CIDR (e.g. 203.0.113.0/24).',
      });
    else if (!out.includes(c)) out.push(c);
  });
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  return out;
}

/**
 * Checks a token's service subset: every id must be one of the tenant's services and inside the
 * user's own service-code scope (a token never reaches more than its user). 400 otherwise.
 */
export async function checkServiceSubset(
  tenantId: string,
  userScope: readonly string[] | null,
  serviceIds: readonly string[],
  lang: 'ja' | 'en',
): Promise<string[]> {
  const unique = [...new Set(serviceIds)];
  if (unique.length === 0) return [];
  const known = await db()
    .selectFrom('customer.service')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', unique)
    .execute();
  const ok = new Set(known.map((k) => k.id));
  const errors: FieldError[] = [];
  serviceIds.forEach((id, i) => {
    if (!ok.has(id) || (userScope !== null && !userScope.includes(id)))
      errors.push({
        field: `/body/serviceIds/${i}`,
        code: 'scope',
        message:
          lang === 'ja' ? 'あなたの権限範囲にないサービスです。' : 'This service is not within your scope.',
      });
  });
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  return unique;
}

/** Issues a token: the secret is returned once, only its SHA-256 is stored. */
export async function createToken(t: NewToken, now = new Date()) {
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const prefix = token.slice(0, PREFIX_LENGTH);
  const row = await db()
    .insertInto('iam.api_token')
    .values({
      tenant_id: t.tenantId,
      user_id: t.userId,
      name: t.name,
      token_hash: sha256(token),
      prefix,
      scope: t.scope,
      service_scope: t.serviceIds,
      ip_allowlist: t.ipAllowlist,
      expires_at: new Date(now.getTime() + t.expiresInDays * DAY_MS),
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    })
    .returning(['id', 'expires_at', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, token, prefix, expiresAt: row.expires_at, createdAt: row.created_at };
}

/**
 * Tokens of a tenant, with their owners; `userId` narrows to one user's. iam.api_token has no
 * row-level security, so the tenant filter here is the isolation: never drop it.
 */
export async function listTokens(tenantId: string, userId?: string) {
  let q = db()
    .selectFrom('iam.api_token as t')
    .leftJoin('customer.app_user as u', (j) =>
      j.onRef('u.id', '=', 't.user_id').onRef('u.tenant_id', '=', 't.tenant_id'),
    )
    .select([
      't.id',
      't.name',
      't.prefix',
      't.scope',
      't.service_scope',
      't.ip_allowlist',
      't.expires_at',
      't.created_at',
      't.last_used_at',
      't.revoked_at',
      't.user_id',
      'u.name as owner_name',
    ])
    .where('t.tenant_id', '=', tenantId);
  if (userId) q = q.where('t.user_id', '=', userId);
  return q.orderBy('t.created_at', 'desc').orderBy('t.id').execute();
}

/** Looks one token up inside a tenant (and, when given, of one user); undefined = 404. */
export async function findToken(tenantId: string, id: string, userId?: string) {
  let q = db()
    .selectFrom('iam.api_token')
    .select(['id', 'user_id', 'scope', 'revoked_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (userId) q = q.where('user_id', '=', userId);
  return q.executeTakeFirst();
}

export async function revokeToken(tenantId: string, id: string, now = new Date()): Promise<void> {
  await db()
    .updateTable('iam.api_token')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}
