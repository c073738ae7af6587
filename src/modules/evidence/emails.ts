import type { Config } from '../../config.ts';
import { db } from '../../db/context.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { listenerUrl } from '../../lib/url.ts';
import { mailTime } from '../identity/links.ts';

export type EvidenceMailKind = 'approved' | 'rejected' | 'ready';

export interface EvidenceMailInput {
  number: string;
  windowFrom: Date;
  windowTo: Date;
  /** the reason staff gave with their decision */
  reason?: string | null;
  /** when the bundle is deleted (ready only) */
  expiresAt?: Date | null;
  url: string;
}

const HEADLINE: Record<EvidenceMailKind, { ja: string; en: string }> = {
  approved: {
    ja: 'ログ提供のご依頼を承認しました。証跡パッケージを作成しています。完成したらお知らせします。',
    en: 'Your evidence request has been approved. The bundle is being built; we will tell you when it is ready.',
  },
  rejected: {
    ja: 'ログ提供のご依頼をお受けできませんでした。理由は以下のとおりです。',
    en: 'Your evidence request has been declined, for the reason below.',
  },
  ready: {
    ja: '証跡パッケージが完成しました。ポータルからダウンロードしてください。',
    en: 'Your evidence bundle is ready. Download it from the portal.',
  },
};

const WHAT: Record<EvidenceMailKind, [string, string]> = {
  approved: ['承認', 'approved'],
  rejected: ['却下', 'declined'],
  ready: ['ダウンロード可能', 'ready'],
};

/** To the requester (or the tenant's administrators): Japanese first, then English, times in JST. */
export function evidenceMail(
  kind: EvidenceMailKind,
  m: EvidenceMailInput,
): { subject: string; text: string } {
  const window = `${mailTime(m.windowFrom)} - ${mailTime(m.windowTo)}`;
  const reason = m.reason ? [m.reason] : [];
  const until = m.expiresAt ? mailTime(m.expiresAt) : null;
  return {
    subject: `[PVA] ログ提供 ${m.number}: ${WHAT[kind][0]} / Evidence request ${m.number}: ${WHAT[kind][1]}`,
    text: [
      HEADLINE[kind].ja,
      '',
      `依頼番号: ${m.number}`,
      `対象期間: ${window}`,
      ...(reason.length ? ['理由:', ...reason] : []),
      ...(until ? [`ダウンロード期限: ${until}`] : []),
      `詳細: ${m.url}`,
      '',
      '----',
      '',
      HEADLINE[kind].en,
      '',
      `Request: ${m.number}`,
      `Window: ${window}`,
      ...(reason.length ? ['Reason:', ...reason] : []),
      ...(until ? [`Available until: ${until}`] : []),
      `Details: ${m.url}`,
      '',
    ].join('\n'),
  };
}

/** The portal's evidence page, as emailed links point to it. */
export function evidenceUrl(config: Pick<Config, 'portalUrl' | 'portal'>, id: string): string {
  const base = config.portalUrl ?? listenerUrl(config.portal.host, config.portal.port);
  return `${base.replace(/\/+$/, '')}/evidence?id=${id}`;
}

/**
 * The requester when still an active user of the tenant, else the tenant's active
 * administrators: someone on the customer's side always hears of the decision.
 */
export async function evidenceRecipients(tenantId: string, requesterId: string | null): Promise<string[]> {
  const rows = await db()
    .selectFrom('customer.app_user')
    .select(['id', 'email', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .execute();
  const requester = rows.filter((r) => r.id === requesterId);
  const chosen = requester.length ? requester : rows.filter((r) => r.role === 'admin');
  return [...new Set(chosen.map((r) => r.email.toLowerCase()))].sort();
}

/** Queues the mail in the ambient transaction (sent after commit). */
export async function queueEvidenceMail(
  config: Pick<Config, 'portalUrl' | 'portal'>,
  kind: EvidenceMailKind,
  r: {
    id: string;
    tenant_id: string;
    number: string;
    window_from: Date | string;
    window_to: Date | string;
    requested_by: string | null;
  },
  extra: { reason?: string | null; expiresAt?: Date | null } = {},
): Promise<void> {
  const mail = evidenceMail(kind, {
    number: r.number,
    windowFrom: new Date(r.window_from),
    windowTo: new Date(r.window_to),
    reason: extra.reason ?? null,
    expiresAt: extra.expiresAt ?? null,
    url: evidenceUrl(config, r.id),
  });
  for (const to of await evidenceRecipients(r.tenant_id, r.requested_by))
    await queueEmail({ to, ...mail, tenantId: r.tenant_id });
}
