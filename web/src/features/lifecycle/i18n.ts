import { useI18n } from '../../i18n/index.tsx';

export type TerminationStatus = 'requested' | 'confirmed' | 'cancelled' | 'stopped' | 'erasing' | 'erased';

/** The termination screens' own words (Japanese first; English fills the same shape). */
const ja = {
  title: '解約',
  lead: '契約の解約日をお選びいただけます。解約日の終わり（日本時間）にサービスを停止し、解約日の翌日を 1 日目として 90 日目の終わりまでに、お客様のデータを消去します。',
  consoleTitle: '解約と消去',
  consoleLead:
    '解約済み・解約予定のお客様と、消去期限（解約日の翌日を 1 日目として 90 日目の終わり）までの残り日数です。80 日目を過ぎても消去が済んでいない場合は、管理者とセキュリティ担当にメールで通知します。',
  none: '解約のお申し込みはありません。',
  exportTitle: '解約日までにエクスポートしてください',
  exportText:
    '当社はお客様の設定（保存データ）をお客様のためにバックアップしていません。解約日までに「エクスポート」から控えを取得してください。',
  exportLink: 'エクスポートへ',
  requestTitle: '解約を申し込む',
  requestLead:
    '解約日（最終利用日）を選んでください。事業者の確認後に確定します。解約日の前日までは取り消せます。',
  date: '解約日（最終利用日）',
  request: '解約を申し込む',
  confirmRequest: (d: string) => `${d} を解約日として申し込みます。よろしいですか？`,
  adminOnly: '解約のお申し込みは管理者（運用管理担当者）のみが行えます。',
  status: '状態',
  statuses: {
    requested: '確認待ち',
    confirmed: '確定',
    cancelled: '取り消し',
    stopped: '停止済み（消去待ち）',
    erasing: '消去中',
    erased: '消去完了',
  } as Record<TerminationStatus, string>,
  terminationDate: '解約日',
  stopAt: 'サービス停止',
  dayOne: '消去期間の 1 日目',
  deadline: '消去期限',
  deadlineValue: (d: string) => `${d} の終わり（日本時間）`,
  eraseAt: '消去予定',
  graceUntil: '管理者のエクスポート期限',
  cancel: '解約を取り消す',
  cancelled: '解約を取り消しました。',
  requested: '解約を申し込みました。確認のメールをお送りします。',
  tenant: 'お客様',
  day: '経過',
  dayValue: (n: number) => (n <= 0 ? '解約日前' : `${n} 日目`),
  daysLeft: '残り',
  daysLeftValue: (n: number) => (n < 0 ? `${-n} 日超過` : `${n} 日`),
  late: '期限間近',
  change: '設備変更',
  actions: '操作',
  confirm: '確定する',
  certificate: '消去証明書',
  download: 'ダウンロード',
  enterTitle: '解約を登録する（事業者）',
  tenantId: 'お客様 ID',
  eraseOn: '消去日（任意、早める場合）',
  enter: '登録する',
  setErase: '消去日を変更',
  empty: '解約はありません。',
};

type LifecycleText = typeof ja;

const en: LifecycleText = {
  title: 'Termination',
  lead: 'Choose the termination date of your contract. Services stop at the end of that date (JST); your data is erased by the end of day 90, counting the day after the termination date as day 1.',
  consoleTitle: 'Terminations and erasure',
  consoleLead:
    'Customers terminated or terminating, with the days left until the erasure deadline (end of day 90, day 1 being the day after the termination date). From day 80, administrators and security officers are emailed while erasure has not completed.',
  none: 'No termination has been requested.',
  exportTitle: 'Export before the termination date',
  exportText:
    'We keep no backup of your settings (stored data) for you: take your copy with Export before the termination date.',
  exportLink: 'Go to Export',
  requestTitle: 'Request termination',
  requestLead:
    'Choose the termination date (the last day of service). The provider confirms it; you can cancel until the day before.',
  date: 'Termination date (last day of service)',
  request: 'Request termination',
  confirmRequest: (d: string) => `Request termination with ${d} as the termination date?`,
  adminOnly: 'Only administrators (operations managers) can request termination.',
  status: 'Status',
  statuses: {
    requested: 'Awaiting confirmation',
    confirmed: 'Confirmed',
    cancelled: 'Cancelled',
    stopped: 'Stopped (erasure pending)',
    erasing: 'Erasing',
    erased: 'Erased',
  },
  terminationDate: 'Termination date',
  stopAt: 'Services stop',
  dayOne: 'Day 1 of the erasure period',
  deadline: 'Erasure deadline',
  deadlineValue: (d: string) => `end of ${d} (JST)`,
  eraseAt: 'Erasure scheduled',
  graceUntil: 'Administrators may export until',
  cancel: 'Cancel termination',
  cancelled: 'The termination was cancelled.',
  requested: 'Termination requested. We will email you a confirmation.',
  tenant: 'Customer',
  day: 'Day',
  dayValue: (n: number) => (n <= 0 ? 'before the date' : `day ${n}`),
  daysLeft: 'Left',
  daysLeftValue: (n: number) => (n < 0 ? `${-n} days over` : `${n} days`),
  late: 'Deadline near',
  change: 'Equipment change',
  actions: 'Actions',
  confirm: 'Confirm',
  certificate: 'Erasure certificate',
  download: 'Download',
  enterTitle: 'Enter a termination (provider)',
  tenantId: 'Customer id',
  eraseOn: 'Erasure day (optional, earlier)',
  enter: 'Enter',
  setErase: 'Change erasure day',
  empty: 'No terminations.',
};

export const lifecycleText: Record<'ja' | 'en', LifecycleText> = { ja, en };

export function useLifecycleText(): LifecycleText {
  return lifecycleText[useI18n().lang];
}
