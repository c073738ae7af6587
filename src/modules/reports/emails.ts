import type { EventReportCategory, EventReportStatus } from '../../db/schema-reports.ts';
import { mailTime } from '../identity/links.ts';

export const CATEGORY_TEXT: Record<EventReportCategory, { ja: string; en: string }> = {
  security_incident: { ja: 'セキュリティインシデント', en: 'Security incident' },
  outage: { ja: '障害・停止', en: 'Outage' },
  suspected_misuse: { ja: '不正利用の疑い', en: 'Suspected misuse' },
  other: { ja: 'その他', en: 'Other' },
};

export const STATUS_TEXT: Record<EventReportStatus, { ja: string; en: string }> = {
  received: { ja: '受付', en: 'received' },
  triaged: { ja: '一次確認済み', en: 'triaged' },
  investigating: { ja: '調査中', en: 'investigating' },
  resolved: { ja: '解決', en: 'resolved' },
  closed: { ja: '完了', en: 'closed' },
};

export interface ReportMailInput {
  number: string;
  category: EventReportCategory;
  title: string;
  status: EventReportStatus;
  services: { code: string; label: string }[];
  at: Date;
  url: string;
  /** a comment from the provider shown with this message */
  comment?: string | null;
}

type Kind = 'ack' | 'status' | 'comment';

const HEADLINE: Record<Kind, { ja: string; en: string }> = {
  ack: {
    ja: '事象のご報告を受け付けました。担当者が確認し、状況をポータルとメールでお知らせします。',
    en: 'We have received your event report. Our staff will review it and keep you informed in the portal and by email.',
  },
  status: {
    ja: 'ご報告いただいた事象の状況が更新されました。',
    en: 'The status of your event report has changed.',
  },
  comment: {
    ja: 'ご報告いただいた事象に担当者からコメントがあります。',
    en: 'Our staff commented on your event report.',
  },
};

const services = (m: ReportMailInput, sep: string): string =>
  m.services.length ? m.services.map((s) => `${s.code}${s.label ? `${sep}${s.label}` : ''}`).join(', ') : '-';

/** To the reporter and the tenant's administrators: Japanese first, then English, times in JST. */
export function reportMail(kind: Kind, m: ReportMailInput): { subject: string; text: string } {
  const st = STATUS_TEXT[m.status];
  const cat = CATEGORY_TEXT[m.category];
  const when = mailTime(m.at);
  const comment = m.comment ? [m.comment] : [];
  const what = { ack: ['受付', 'received'], status: [st.ja, st.en], comment: ['コメント', 'comment'] }[kind];
  return {
    subject: `[PVA] 事象報告 ${m.number}: ${what[0]} / Event report ${m.number}: ${what[1]}`,
    text: [
      HEADLINE[kind].ja,
      '',
      `報告番号: ${m.number}`,
      `件名: ${m.title}`,
      `分類: ${cat.ja}`,
      `サービスコード: ${services(m, ' ')}`,
      `状態: ${st.ja}`,
      `日時: ${when}`,
      ...(comment.length ? ['', 'コメント:', ...comment] : []),
      '',
      `詳細: ${m.url}`,
      '',
      'このメールは送信専用です。',
      '',
      '----',
      '',
      HEADLINE[kind].en,
      '',
      `Report: ${m.number}`,
      `Title: ${m.title}`,
      `Category: ${cat.en}`,
      `Service codes: ${services(m, ' ')}`,
      `Status: ${st.en}`,
      `Time: ${when}`,
      ...(comment.length ? ['', 'Comment:', ...comment] : []),
      '',
      `Details: ${m.url}`,
      '',
      'This message was sent automatically.',
      '',
    ].join('\n'),
  };
}

/** To the provider's inquiry desk: a new report in its queue (no customer text: it is read in the console). */
export function staffMail(m: ReportMailInput & { tenantCode: string; tenantName: string }): {
  subject: string;
  text: string;
} {
  const cat = CATEGORY_TEXT[m.category];
  return {
    subject: `[PVA] 新しい事象報告 ${m.number} (${cat.ja}) / New event report ${m.number} (${cat.en}): ${m.tenantCode}`,
    text: [
      `顧客 ${m.tenantName}（${m.tenantCode}）から事象報告がありました。`,
      `分類: ${cat.ja}`,
      `サービスコード: ${services(m, ' ')}`,
      `受付日時: ${mailTime(m.at)}`,
      `管理コンソール: ${m.url}`,
      '',
      '----',
      '',
      `${m.tenantName} (${m.tenantCode}) reported an event.`,
      `Category: ${cat.en}`,
      `Service codes: ${services(m, ' ')}`,
      `Received: ${mailTime(m.at)}`,
      `Console: ${m.url}`,
      '',
    ].join('\n'),
  };
}
