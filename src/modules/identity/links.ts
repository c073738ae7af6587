import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { PrincipalKind } from '../../db/schema.ts';
import { formatInstant, getTimezone } from '../../lib/time.ts';
import { randomToken, sha256 } from './crypto.ts';

/**
 * Single-use links (9.2.1, 9.2.4): invitations (72 h) and password resets (30 min). The token
 * travels only in the emailed URL's fragment; the database keeps its SHA-256. A link is
 * consumed by one conditional UPDATE, so two concurrent uses cannot both succeed.
 */
export type LinkPurpose = 'invite' | 'reset';

export const INVITE_TTL_S = 72 * 60 * 60;
export const RESET_TTL_S = 30 * 60;
/** At most this many reset links (and so reset emails) per account per hour. */
export const RESET_LINKS_PER_HOUR = 3;

/** What a link token looks like on the wire (base64url); anything else is not a token. */
export const LINK_TOKEN_PATTERN = '^[A-Za-z0-9_-]{16,200}$';

export interface IssuedLink {
  token: string;
  expiresAt: Date;
}

export type LinkRow = NonNullable<Awaited<ReturnType<typeof findLiveLink>>>;

/**
 * Issues a link and returns its token (shown nowhere but in the email). An earlier unused link of
 * the same purpose for the same principal stops working: only the newest one counts.
 */
export async function createLink(
  purpose: LinkPurpose,
  kind: PrincipalKind,
  principalId: string,
  tenantId: string | null,
  ttlS: number,
  now = new Date(),
): Promise<IssuedLink> {
  await db()
    .updateTable('iam.one_time_link')
    .set({ used_at: now })
    .where('purpose', '=', purpose)
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .where('used_at', 'is', null)
    .execute();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + ttlS * 1000);
  await db()
    .insertInto('iam.one_time_link')
    .values({
      token_hash: sha256(token),
      purpose,
      principal_kind: kind,
      principal_id: principalId,
      tenant_id: tenantId,
      expires_at: expiresAt,
      used_at: null,
      created_at: now,
    })
    .execute();
  return { token, expiresAt };
}

/** The link behind a token if it is unused and unexpired (it is not consumed). */
export async function findLiveLink(token: string, kind: PrincipalKind, purpose?: LinkPurpose) {
  let q = db()
    .selectFrom('iam.one_time_link')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('principal_kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`);
  if (purpose) q = q.where('purpose', '=', purpose);
  return q.executeTakeFirst();
}

/** Uses a link up: returns its row, or null when it is unknown, used, expired or of another purpose. */
export async function consumeLink(
  token: string,
  purpose: LinkPurpose,
  kind: PrincipalKind,
): Promise<LinkRow | null> {
  const row = await db()
    .updateTable('iam.one_time_link')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .where('principal_kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** How many links of this purpose the principal was sent within the last `withinS` seconds. */
export async function recentLinkCount(
  purpose: LinkPurpose,
  kind: PrincipalKind,
  principalId: string,
  withinS: number,
  now = new Date(),
): Promise<number> {
  const r = await db()
    .selectFrom('iam.one_time_link')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('purpose', '=', purpose)
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .where('created_at', '>', new Date(now.getTime() - withinS * 1000))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Withdraws every link of a principal (deletion). */
export async function deleteLinks(kind: PrincipalKind, principalId: string): Promise<void> {
  await db()
    .deleteFrom('iam.one_time_link')
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .execute();
}

/** Where the SPA handles a link; the token is in the fragment, so it never reaches a server log. */
export const linkUrl = (baseUrl: string, purpose: LinkPurpose, token: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/${purpose === 'invite' ? 'invite' : 'reset-password'}#token=${token}`;

/** 2026-11-29 21:05 (JST): the configured zone's wall clock with its name or offset. */
export function mailTime(d: Date): string {
  const s = formatInstant(d);
  const zone = getTimezone() === 'Asia/Tokyo' ? 'JST' : `UTC${s.slice(-6)}`;
  return `${s.slice(0, 10)} ${s.slice(11, 16)} (${zone})`;
}

export interface LinkMail {
  subject: string;
  text: string;
}

const FOOTER_JA = 'このメールは送信専用です。心当たりがない場合は、このメールを破棄してください。';
const FOOTER_EN = 'This message was sent automatically. If you did not expect it, you can ignore it.';

/** Invitation to set a password: Japanese first, then English, in one message. */
export function invitationMail(o: {
  audience: 'portal' | 'console';
  url: string;
  login: string;
  expiresAt: Date;
  tenantName?: string | undefined;
}): LinkMail {
  const until = mailTime(o.expiresAt);
  const whereJa =
    o.audience === 'portal'
      ? `PVA カスタマーポータル${o.tenantName ? `（${o.tenantName}）` : ''}`
      : 'PVA 管理コンソール';
  const whereEn =
    o.audience === 'portal'
      ? `the PVA customer portal${o.tenantName ? ` (${o.tenantName})` : ''}`
      : 'the PVA management console';
  return {
    subject: `[PVA] ユーザー登録のご案内 / You have been invited`,
    text: [
      `${whereJa}に、ログイン ID「${o.login}」で登録されました。`,
      `次のリンクを開いてパスワードを設定してください。リンクは 1 回だけ使用でき、${until} まで有効です。`,
      '',
      o.url,
      '',
      FOOTER_JA,
      '',
      '----',
      '',
      `You have been registered for ${whereEn} with the login ID "${o.login}".`,
      `Open the link below to set your password. It works once and is valid until ${until}.`,
      '',
      o.url,
      '',
      FOOTER_EN,
      '',
    ].join('\n'),
  };
}

/** Password reset link: Japanese first, then English, in one message. */
export function resetMail(o: {
  url: string;
  login: string;
  expiresAt: Date;
  byAdministrator: boolean;
}): LinkMail {
  const until = mailTime(o.expiresAt);
  return {
    subject: `[PVA] パスワード再設定のご案内 / Reset your password`,
    text: [
      o.byAdministrator
        ? `管理者が、ログイン ID「${o.login}」のパスワードの再設定を開始しました。`
        : `ログイン ID「${o.login}」のパスワード再設定の依頼を受け付けました。`,
      `次のリンクを開いて新しいパスワードを設定してください。リンクは 1 回だけ使用でき、${until} まで有効です。`,
      'パスワードを設定すると、ログイン中のすべてのセッションが終了します。',
      '',
      o.url,
      '',
      FOOTER_JA,
      '',
      '----',
      '',
      o.byAdministrator
        ? `An administrator has started a password reset for the login ID "${o.login}".`
        : `We received a request to reset the password of the login ID "${o.login}".`,
      `Open the link below to choose a new password. It works once and is valid until ${until}.`,
      'Setting the password ends all open sessions.',
      '',
      o.url,
      '',
      FOOTER_EN,
      '',
    ].join('\n'),
  };
}
