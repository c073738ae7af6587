import { mailTime } from '../identity/links.ts';
import type { ChangeStatus, Desired } from './repository.ts';

export const STATUS_TEXT: Record<ChangeStatus, { ja: string; en: string }> = {
  submitted: { ja: '受付済み', en: 'submitted' },
  approved: { ja: '承認済み', en: 'approved' },
  rejected: { ja: '却下', en: 'rejected' },
  executed: { ja: '実施済み', en: 'executed' },
  withdrawn: { ja: '取り下げ', en: 'withdrawn' },
};

const HEADLINE: Record<ChangeStatus, { ja: string; en: string }> = {
  submitted: { ja: '変更依頼を受け付けました。', en: 'We have received your change request.' },
  approved: {
    ja: '変更依頼が承認されました。ご希望日に向けて実施します。',
    en: 'Your change request was approved and will be carried out for the desired date.',
  },
  rejected: {
    ja: '変更依頼は却下されました。設定は変更されていません。',
    en: 'Your change request was rejected. Nothing was changed.',
  },
  executed: { ja: '変更依頼の内容を実施しました。', en: 'The change you requested has been made.' },
  withdrawn: {
    ja: '変更依頼は取り下げられました。設定は変更されていません。',
    en: 'The change request was withdrawn. Nothing was changed.',
  },
};

export interface ChangeMailInput {
  number: string;
  status: ChangeStatus;
  serviceCode: string;
  serviceLabel: string;
  kind: 'bandwidth' | 'other';
  desired: Desired;
  current: { bandwidthMbps?: number | null } | null;
  desiredDate: string;
  /** The decision reason (reject) or the note of the step (approve, execute, withdraw). */
  reason: string | null;
  at: Date;
  url: string;
}

function whatJa(m: ChangeMailInput): string {
  if (m.kind === 'bandwidth') {
    const from = m.current?.bandwidthMbps;
    return `帯域変更 ${from != null ? `${from} Mbit/s → ` : ''}${m.desired.bandwidthMbps} Mbit/s`;
  }
  return `その他の変更: ${m.desired.description ?? ''}`;
}
function whatEn(m: ChangeMailInput): string {
  if (m.kind === 'bandwidth') {
    const from = m.current?.bandwidthMbps;
    return `Bandwidth change ${from != null ? `${from} Mbit/s → ` : ''}${m.desired.bandwidthMbps} Mbit/s`;
  }
  return `Other change: ${m.desired.description ?? ''}`;
}

/** The notice of one step of a change request: Japanese first, then English, times in JST. */
export function changeMail(m: ChangeMailInput): { subject: string; text: string } {
  const st = STATUS_TEXT[m.status];
  const when = mailTime(m.at);
  const service = `${m.serviceCode}${m.serviceLabel ? `（${m.serviceLabel}）` : ''}`;
  const serviceEn = `${m.serviceCode}${m.serviceLabel ? ` (${m.serviceLabel})` : ''}`;
  const [labelJa, labelEn] =
    m.status === 'rejected'
      ? ['却下の理由', 'Reason']
      : m.status === 'submitted'
        ? ['依頼理由', 'Your reason']
        : ['備考', 'Note'];
  const reasonJa = m.reason ? [`${labelJa}: ${m.reason}`] : [];
  const reasonEn = m.reason ? [`${labelEn}: ${m.reason}`] : [];
  return {
    subject: `[PVA] 変更依頼 ${m.number}: ${st.ja} / Change request ${m.number}: ${st.en}`,
    text: [
      HEADLINE[m.status].ja,
      '',
      `依頼番号: ${m.number}`,
      `サービスコード: ${service}`,
      `内容: ${whatJa(m)}`,
      `希望日: ${m.desiredDate}`,
      `状態: ${st.ja}`,
      `日時: ${when}`,
      ...reasonJa,
      '',
      `詳細: ${m.url}`,
      '',
      'このメールは送信専用です。',
      '',
      '----',
      '',
      HEADLINE[m.status].en,
      '',
      `Request: ${m.number}`,
      `Service code: ${serviceEn}`,
      `Change: ${whatEn(m)}`,
      `Desired date: ${m.desiredDate}`,
      `Status: ${st.en}`,
      `Time: ${when}`,
      ...reasonEn,
      '',
      `Details: ${m.url}`,
      '',
      'This message was sent automatically.',
      '',
    ].join('\n'),
  };
}
