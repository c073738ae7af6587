import { AppError } from '../../app/errors.ts';
import type { ConfigChangeStatus, RiskLevel } from '../../db/schema-dataplane.ts';

/**
 * The life of a provider change record for equipment configuration (14.2.1):
 *
 *   draft → submitted → approved | rejected;  approved → executing → succeeded | failed → rolled_back
 *
 * A staff member with network.manage prepares (the diff and impact are computed, not typed), writes
 * the risk assessment and submits. A second staff member with changes.approve approves or
 * rejects: never the preparer. Only an approved change executes. `refresh` recomputes the diff
 * (the model or the device moved on) and sends the record back to draft, with whoever refreshed
 * as its preparer: an approval always covers exactly the diff it was given.
 */
export const TRANSITIONS = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  execute: { from: ['approved'], to: 'executing' },
  refresh: { from: ['draft', 'submitted', 'approved'], to: 'draft' },
} as const satisfies Record<string, { from: readonly ConfigChangeStatus[]; to: ConfigChangeStatus }>;
export type Transition = keyof typeof TRANSITIONS;

export const STATUSES: readonly ConfigChangeStatus[] = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'executing',
  'succeeded',
  'failed',
  'rolled_back',
];
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];

export const STATUS_TEXT: Record<ConfigChangeStatus, { ja: string; en: string }> = {
  draft: { ja: '下書き', en: 'draft' },
  submitted: { ja: '承認待ち', en: 'submitted' },
  approved: { ja: '承認済み', en: 'approved' },
  rejected: { ja: '却下', en: 'rejected' },
  executing: { ja: '実施中', en: 'executing' },
  succeeded: { ja: '成功', en: 'succeeded' },
  failed: { ja: '失敗', en: 'failed' },
  rolled_back: { ja: 'ロールバック済み', en: 'rolled back' },
};

/** 409 unless the record's status allows the step. */
export function checkTransition(number: string, status: ConfigChangeStatus, t: Transition): void {
  if ((TRANSITIONS[t].from as readonly ConfigChangeStatus[]).includes(status)) return;
  const st = STATUS_TEXT[status];
  throw new AppError('conflict', {
    detail: {
      ja: `変更 ${number} は「${st.ja}」のため、この操作はできません。`,
      en: `Change ${number} is ${st.en}: this step is not possible.`,
    },
    extensions: { status },
  });
}

/** The four-eyes rule: 403 when the decider prepared the change themselves. */
export function checkFourEyes(number: string, preparedBy: string | null, deciderId: string): void {
  if (preparedBy !== null && preparedBy === deciderId)
    throw new AppError('four_eyes', {
      detail: {
        ja: `変更 ${number} はあなたが準備したため、あなたは承認も却下もできません。別の承認者に依頼してください。`,
        en: `You prepared change ${number}, so you cannot approve or reject it. Ask another approver.`,
      },
    });
}

/** CHG-<year>-<6 digits>. */
export const changeNumber = (year: number, n: number | string): string =>
  `CHG-${year}-${String(n).padStart(6, '0')}`;

// Control characters other than tab and line breaks have no place in a record's text.
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
