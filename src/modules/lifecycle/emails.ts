import { mailTime } from '../identity/links.ts';
import type { CertificateBody } from './certificate.ts';
import { addDays } from './dates.ts';

/**
 * Emails of termination and erasure. Customer users have no language setting, so every mail
 * carries Japanese first and English below, like the other customer mails.
 */
export interface Mail {
  subject: string;
  text: string;
}

export interface DatesText {
  tenantName: string;
  terminationDate: string;
  stopAt: Date;
  graceUntil: Date;
  deadline: Date;
  eraseAt: Date;
}

const datesJa = (d: DatesText) =>
  `解約日: ${d.terminationDate}（${mailTime(d.stopAt)} にサービスを停止します）\n` +
  `管理者によるエクスポート可能期限: ${mailTime(d.graceUntil)}\n` +
  `データ消去予定: ${mailTime(d.eraseAt)}\n` +
  `消去期限: ${addDays(d.terminationDate, 90)} の終わり（解約日の翌日を 1 日目として 90 日目）`;
const datesEn = (d: DatesText) =>
  `Termination date: ${d.terminationDate} (services stop at ${mailTime(d.stopAt)})\n` +
  `Administrators may export until: ${mailTime(d.graceUntil)}\n` +
  `Erasure scheduled: ${mailTime(d.eraseAt)}\n` +
  `Erasure deadline: end of ${addDays(d.terminationDate, 90)} (day 90, counting the day after the termination date as day 1)`;

const EXPORT_JA =
  'お客様の設定（保存データ）はバックアップしていません。解約日までにポータルの「エクスポート」から必ず控えを取得してください。';
const EXPORT_EN =
  'We keep no backup of your settings (stored data) for you: take your copy with Export in the portal before the termination date.';

export type NoticeKind = 'requested' | 'confirmed' | 'cancelled' | 'reminder' | 'stopped';

const HEAD: Record<NoticeKind, { ja: string; en: string; sj: string; se: string }> = {
  requested: {
    sj: '解約のお申し込みを受け付けました',
    se: 'Termination request received',
    ja: '解約のお申し込みを受け付けました。事業者の確認後、確定のご連絡をします。',
    en: 'We have received your termination request. We will confirm it after our review.',
  },
  confirmed: {
    sj: '解約が確定しました',
    se: 'Termination confirmed',
    ja: '解約が確定しました。解約日まではこれまでどおりご利用いただけます。',
    en: 'Your termination is confirmed. Everything works as before until the termination date.',
  },
  cancelled: {
    sj: '解約は取り消されました',
    se: 'Termination cancelled',
    ja: '解約のお申し込みは取り消されました。サービスは継続します。',
    en: 'The termination was cancelled. Your services continue.',
  },
  reminder: {
    sj: '解約日が近づいています（エクスポートのお願い）',
    se: 'Your termination date is near: please export',
    ja: '解約日が近づいています。',
    en: 'Your termination date is near.',
  },
  stopped: {
    sj: 'サービスを停止しました',
    se: 'Services stopped',
    ja: '解約日が終了したため、サービスを停止しました。管理者の方は期限までエクスポートのためにログインできます。',
    en: 'The termination date has ended and your services have stopped. Administrators may still log in to export until the date below.',
  },
};

export function noticeMail(kind: NoticeKind, d: DatesText): Mail {
  const h = HEAD[kind];
  const exportNote = kind === 'cancelled' ? '' : `\n\n${EXPORT_JA}`;
  const exportNoteEn = kind === 'cancelled' ? '' : `\n\n${EXPORT_EN}`;
  return {
    subject: `[PVA] ${h.sj} / ${h.se} (${d.tenantName})`,
    text:
      `${d.tenantName} ご担当者様\n\n${h.ja}\n\n${datesJa(d)}${exportNote}\n\n` +
      `----\n\n${h.en}\n\n${datesEn(d)}${exportNoteEn}\n`,
  };
}

export function certificateMail(c: CertificateBody, document: string): Mail {
  const total = Object.values(c.erased).reduce((a, b) => a + b, 0);
  return {
    subject: `[PVA] データ消去証明書 / Erasure certificate (${c.tenant.name})`,
    text:
      `${c.tenant.name} ご担当者様\n\nお客様のデータの消去が完了しました（${c.completedAt}、消去期限 ${c.deadlineDate} の終わり）。` +
      `消去件数 ${total}、破棄したデータ鍵 ${c.destroyedKeyId}。署名付きの証明書を以下に添付します。` +
      `このメールの送信後、このアドレスも当社の記録から消去されます。\n\n` +
      `----\n\nThe erasure of your data is complete (${c.completedAt}; deadline: end of ${c.deadlineDate}). ` +
      `${total} records erased; data key ${c.destroyedKeyId} destroyed. The signed certificate follows; ` +
      `check it with \`pva erasure verify\`. Once this mail has been sent, this address is erased from our records too.\n\n` +
      `-----BEGIN ERASURE CERTIFICATE-----\n${document}-----END ERASURE CERTIFICATE-----\n`,
  };
}

export function staffAlertMail(
  rows: { tenant: string; day: number; deadlineDate: string }[],
  consoleUrl: string,
): Mail {
  const lines = rows.map(
    (r) => `- ${r.tenant}: 第 ${r.day} 日 / day ${r.day} (期限 deadline ${r.deadlineDate})`,
  );
  return {
    subject: `[PVA] 消去期限が近い解約顧客があります / Erasure deadline approaching (${rows.length})`,
    text:
      `次の解約顧客のデータ消去がまだ完了していません（解約日の翌日を 1 日目として 90 日目が期限）。\n` +
      `Erasure has not completed for these terminated customers (deadline: end of day 90).\n\n` +
      `${lines.join('\n')}\n\n${consoleUrl}/terminations\n`,
  };
}

/** To provider administrators when a customer administrator asks to terminate: it needs confirming. */
export function staffRequestMail(r: { tenant: string; terminationDate: string }, consoleUrl: string): Mail {
  return {
    subject: `[PVA] 解約の申し込みがあります / Termination requested: ${r.tenant}`,
    text:
      `${r.tenant} の管理者から解約の申し込みがありました（解約日 ${r.terminationDate}）。` +
      `確認するまでサービスは停止されません。\n` +
      `A customer administrator of ${r.tenant} has asked to terminate on ${r.terminationDate}. ` +
      `The services are not stopped until staff confirm it.\n\n${consoleUrl}/terminations\n`,
  };
}

/** Once a day, the requests still unconfirmed within a week of their termination date (or past it). */
export function unconfirmedMail(
  rows: { tenant: string; terminationDate: string }[],
  consoleUrl: string,
): Mail {
  const lines = rows.map((r) => `- ${r.tenant}: 解約日 termination date ${r.terminationDate}`);
  return {
    subject: `[PVA] 未確認の解約申し込みがあります / Unconfirmed termination requests (${rows.length})`,
    text:
      `次の解約申し込みがまだ確認されていません。確認するまでサービスは停止されず、消去も始まりません。\n` +
      `These termination requests are not confirmed yet. Until they are, the services are not stopped ` +
      `and no erasure is scheduled to run.\n\n${lines.join('\n')}\n\n${consoleUrl}/terminations\n`,
  };
}
