import type {
  Bilingual,
  IncidentReport,
  NoticeKind,
  NoticeStatus,
  Severity,
} from '../../db/schema-notices.ts';
import { mailTime } from '../identity/links.ts';

export const KIND_TEXT: Record<NoticeKind, Bilingual> = {
  maintenance: { ja: 'メンテナンス', en: 'Maintenance' },
  service_change: { ja: 'サービス変更', en: 'Service change' },
  information: { ja: 'お知らせ', en: 'Information' },
  incident: { ja: '障害', en: 'Incident' },
};
export const SEVERITY_TEXT: Record<Severity, Bilingual> = {
  critical: { ja: '重大', en: 'critical' },
  major: { ja: '重要', en: 'major' },
  minor: { ja: '軽微', en: 'minor' },
};
export const STATUS_TEXT: Record<NoticeStatus, Bilingual> = {
  draft: { ja: '下書き', en: 'draft' },
  published: { ja: '公開中', en: 'published' },
  cancelled: { ja: '中止', en: 'cancelled' },
  completed: { ja: '完了', en: 'completed' },
  investigating: { ja: '調査中', en: 'investigating' },
  identified: { ja: '原因特定', en: 'identified' },
  monitoring: { ja: '経過観察中', en: 'monitoring' },
  resolved: { ja: '解決', en: 'resolved' },
};

/** Why this email goes out. */
export type MailOccasion =
  | { kind: 'published' }
  | { kind: 'revised'; note: Bilingual | null }
  | { kind: 'cancelled'; note: Bilingual | null }
  | { kind: 'reminder'; days: number }
  | { kind: 'declared' }
  | { kind: 'update'; update: Bilingual }
  | { kind: 'resolved'; report: IncidentReport; note: Bilingual | null };

export interface NoticeMailInput {
  occasion: MailOccasion;
  number: string;
  kind: NoticeKind;
  severity: Severity | null;
  status: NoticeStatus;
  title: Bilingual;
  body: Bilingual;
  windowStart: Date | null;
  windowEnd: Date | null;
  /** the tenant's affected services, with the labels the tenant gave them */
  services: { code: string; label: string }[];
  url: string;
}

const HEAD: Record<MailOccasion['kind'], (o: MailOccasion) => Bilingual> = {
  published: () => ({ ja: 'お知らせ', en: 'Notice' }),
  revised: () => ({ ja: '内容変更', en: 'Updated' }),
  cancelled: () => ({ ja: '中止', en: 'Cancelled' }),
  reminder: (o) => {
    const d = (o as { days: number }).days;
    return { ja: `${d} 日前のご案内`, en: `Reminder: ${d} day${d === 1 ? '' : 's'} to go` };
  },
  declared: () => ({ ja: '障害発生', en: 'Incident' }),
  update: () => ({ ja: '続報', en: 'Update' }),
  resolved: () => ({ ja: '復旧', en: 'Resolved' }),
};

function lines(m: NoticeMailInput, lang: 'ja' | 'en'): string[] {
  const ja = lang === 'ja';
  const o = m.occasion;
  const out: string[] = [];
  const lead: Record<MailOccasion['kind'], Bilingual> = {
    published: {
      ja: 'ご利用のサービスに関するお知らせです。',
      en: 'This notice concerns services you use.',
    },
    revised: { ja: '以下のお知らせの内容が変更されました。', en: 'The following notice has been updated.' },
    cancelled: { ja: '以下の予定は中止されました。', en: 'The following has been cancelled.' },
    reminder: { ja: '', en: '' }, // worded below with its number of days
    declared: {
      ja: 'ご利用のサービスに影響する障害が発生しています。',
      en: 'An incident is affecting services you use.',
    },
    update: { ja: '障害の続報です。', en: 'An update on the incident.' },
    resolved: { ja: '障害は復旧しました。', en: 'The incident has been resolved.' },
  };
  if (o.kind === 'reminder')
    out.push(
      ja
        ? `予定されているメンテナンスの ${o.days} 日前のご案内です。`
        : `A reminder: the scheduled maintenance begins in ${o.days} day${o.days === 1 ? '' : 's'}.`,
      '',
    );
  else out.push(lead[o.kind][lang], '');
  out.push(`${ja ? '番号' : 'Number'}: ${m.number}`);
  out.push(`${ja ? '件名' : 'Title'}: ${m.title[lang]}`);
  out.push(`${ja ? '種別' : 'Kind'}: ${KIND_TEXT[m.kind][lang]}`);
  if (m.severity) out.push(`${ja ? '重要度' : 'Severity'}: ${SEVERITY_TEXT[m.severity][lang]}`);
  out.push(`${ja ? '状態' : 'Status'}: ${STATUS_TEXT[m.status][lang]}`);
  if (m.windowStart) {
    const label =
      m.kind === 'incident' ? (ja ? '発生日時' : 'Started') : ja ? '作業予定' : 'Scheduled window';
    out.push(
      `${label}: ${mailTime(m.windowStart)}${m.windowEnd && m.kind !== 'incident' ? ` – ${mailTime(m.windowEnd)}` : ''}`,
    );
  }
  if (m.kind === 'incident' && m.windowEnd)
    out.push(`${ja ? '復旧日時' : 'Ended'}: ${mailTime(m.windowEnd)}`);
  out.push(`${ja ? '対象サービス' : 'Affected services'}:`);
  if (!m.services.length) out.push(ja ? '  （サービスの指定なし）' : '  (no specific service)');
  for (const s of m.services)
    out.push(`  - ${s.code}${s.label ? (ja ? `（${s.label}）` : ` (${s.label})`) : ''}`);
  out.push('');
  if (o.kind === 'update') out.push(o.update[lang], '');
  if ((o.kind === 'revised' || o.kind === 'cancelled' || o.kind === 'resolved') && o.note)
    out.push(o.note[lang], '');
  if (o.kind === 'resolved') {
    out.push(`${ja ? '原因' : 'Cause'}: ${o.report.cause[lang]}`);
    out.push(`${ja ? '対応内容' : 'Actions taken'}: ${o.report.actions[lang]}`);
    out.push(`${ja ? '再発防止策' : 'Prevention'}: ${o.report.prevention[lang]}`, '');
  }
  if (o.kind !== 'update' && m.body[lang]) out.push(m.body[lang], '');
  out.push(`${ja ? '詳細・確認' : 'Details and acknowledgement'}: ${m.url}`, '');
  out.push(ja ? 'このメールは送信専用です。' : 'This message was sent automatically.');
  return out;
}

/**
 * One notice email: Japanese first, then English (the project's recipients have no language
 * preference of their own), every time in the configured zone (JST).
 */
export function noticeMail(m: NoticeMailInput): { subject: string; text: string } {
  const h = HEAD[m.occasion.kind](m.occasion);
  return {
    subject: `[PVA] ${h.ja}: ${m.title.ja} / ${h.en}: ${m.title.en} (${m.number})`,
    text: [...lines(m, 'ja'), '', '----', '', ...lines(m, 'en'), ''].join('\n'),
  };
}
