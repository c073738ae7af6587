import { useI18n } from '../../i18n/index.tsx';

export type EvidenceKind = 'audit' | 'monitoring' | 'traffic' | 'changes' | 'notices';
export type EvidenceStatus =
  'submitted' | 'rejected' | 'approved' | 'building' | 'ready' | 'failed' | 'expired';

/** The evidence screens' own words (Japanese first; English fills the same shape). */
const ja = {
  title: '証跡の提供依頼',
  consoleTitle: '証跡提供依頼の承認',
  lead: '当社が保持する記録（貴社テナントの監査ログ、監視・トラフィック・変更の記録など）を、署名付きの証跡バンドルとして提供します。依頼は当社セキュリティ担当の承認後に作成されます。',
  consoleLead:
    'お客様からの証跡提供依頼を確認し、承認または却下します。承認するとバンドルの作成ジョブが始まります。',
  newRequest: '証跡を依頼する',
  empty: '証跡の提供依頼はありません。',
  number: '依頼番号',
  tenant: 'お客様',
  window: '対象期間',
  kinds: '記録の種類',
  purpose: '依頼の目的',
  purposePlaceholder: '例: 年次の内部監査のため',
  status: '状態',
  requestedAt: '依頼日時',
  requestedBy: '依頼者',
  decidedBy: '判断者',
  decisionReason: '判断の理由',
  fromDate: '開始日（日本時間）',
  toDate: '終了日（日本時間、この日を含む）',
  windowHelp: (days: number) => `最長 ${days} 日。終了日が本日の場合は現在時刻までです。`,
  submit: '依頼を送信',
  submitted: (n: string) => `証跡提供依頼 ${n} を送信しました。承認されると作成が始まります。`,
  kindLabels: {
    audit: '監査ログ（貴社テナント）',
    monitoring: '疎通監視の記録',
    traffic: 'トラフィックの記録',
    changes: '変更の記録',
    notices: 'お知らせ・障害情報',
  } as Record<EvidenceKind, string>,
  statuses: {
    submitted: '承認待ち',
    rejected: '却下',
    approved: '作成待ち',
    building: '作成中',
    ready: 'ダウンロード可',
    failed: '作成失敗',
    expired: '期限切れ',
  } as Record<EvidenceStatus, string>,
  progress: (p: number, phase: string) => `${p}%（${phase}）`,
  download: 'ダウンロード',
  expiresAt: (at: string) => `${at} まで`,
  bundleFacts: (bytes: number, sha: string) =>
    `${bytes.toLocaleString()} バイト, SHA-256 ${sha.slice(0, 16)}…`,
  verifyHint:
    '受け取ったバンドルは pva evidence verify で検証できます。署名鍵 ID はサービス情報ページに掲載しています。',
  approve: '承認',
  reject: '却下',
  approveTitle: (n: string) => `${n} を承認`,
  rejectTitle: (n: string) => `${n} を却下`,
  reason: '理由（お客様に表示されます）',
  confirm: '確定',
  cancel: 'キャンセル',
  filter: '状態で絞り込む',
  all: 'すべて',
  checkpoints: '監査ログの署名付きチェックポイント',
  checkpointsLead: '1 時間ごとに自動で作成されます。必要なときはすぐに作成できます。',
  signNow: '今すぐ署名',
  signed: (seq: number) => `記録 ${seq} までのチェックポイントに署名しました。`,
  seq: '記録番号',
  signedAt: '署名日時',
  root: 'Merkle ルート',
  keyId: '鍵 ID',
  noCheckpoints: 'チェックポイントはまだありません。',
};

export type EvidenceText = typeof ja;

const en: EvidenceText = {
  title: 'Evidence on request',
  consoleTitle: 'Evidence requests',
  lead: "We provide the records we keep (your tenant's audit records, monitoring, traffic and change records, and more) as a signed evidence bundle. A request is built after our security staff approve it.",
  consoleLead:
    "Review customers' evidence requests and approve or reject them. Approval starts the job that builds the bundle.",
  newRequest: 'Request evidence',
  empty: 'No evidence requests.',
  number: 'Number',
  tenant: 'Customer',
  window: 'Window',
  kinds: 'Kinds of records',
  purpose: 'Purpose',
  purposePlaceholder: 'e.g. for our annual internal audit',
  status: 'Status',
  requestedAt: 'Requested',
  requestedBy: 'Requested by',
  decidedBy: 'Decided by',
  decisionReason: 'Reason of the decision',
  fromDate: 'First day (JST)',
  toDate: 'Last day (JST, included)',
  windowHelp: (days: number) => `At most ${days} days. When the last day is today, the window ends now.`,
  submit: 'Send the request',
  submitted: (n: string) => `Evidence request ${n} was sent. It is built once approved.`,
  kindLabels: {
    audit: 'Audit records (your tenant)',
    monitoring: 'Reachability monitoring records',
    traffic: 'Traffic records',
    changes: 'Change records',
    notices: 'Announcements and incidents',
  },
  statuses: {
    submitted: 'Awaiting approval',
    rejected: 'Rejected',
    approved: 'Queued',
    building: 'Building',
    ready: 'Ready to download',
    failed: 'Failed',
    expired: 'Expired',
  },
  progress: (p: number, phase: string) => `${p}% (${phase})`,
  download: 'Download',
  expiresAt: (at: string) => `until ${at}`,
  bundleFacts: (bytes: number, sha: string) =>
    `${bytes.toLocaleString()} bytes, SHA-256 ${sha.slice(0, 16)}…`,
  verifyHint:
    'Verify a bundle with pva evidence verify. The signing key id is published on the service information page.',
  approve: 'Approve',
  reject: 'Reject',
  approveTitle: (n: string) => `Approve ${n}`,
  rejectTitle: (n: string) => `Reject ${n}`,
  reason: 'Reason (shown to the customer)',
  confirm: 'Confirm',
  cancel: 'Cancel',
  filter: 'Filter by status',
  all: 'All',
  checkpoints: 'Signed checkpoints of the audit trail',
  checkpointsLead: 'Made every hour; sign one now when you need it.',
  signNow: 'Sign now',
  signed: (seq: number) => `Signed a checkpoint up to record ${seq}.`,
  seq: 'Record',
  signedAt: 'Signed',
  root: 'Merkle root',
  keyId: 'Key id',
  noCheckpoints: 'No checkpoints yet.',
};

export const evidenceText: Record<'ja' | 'en', EvidenceText> = { ja, en };

export function useEvidenceText(): EvidenceText {
  return evidenceText[useI18n().lang];
}

/** The signing key section of the service information page. */
export const signingKeyText = {
  ja: {
    title: '署名鍵（監査ログと証跡バンドル）',
    lead: '当社は監査ログのチェックポイントと証跡バンドルを次の Ed25519 鍵で署名しています。受け取ったバンドルの鍵 ID がこの鍵 ID と一致することを確認してください。',
    keyId: '鍵 ID',
    spki: '公開鍵（SPKI, base64）',
    pem: '公開鍵（PEM）',
    none: '署名鍵を読み込めません。お問い合わせ窓口にご連絡ください。',
  },
  en: {
    title: 'Signing key (audit trail and evidence bundles)',
    lead: 'We sign audit checkpoints and evidence bundles with this Ed25519 key. Check that the key id of a bundle you receive equals this key id.',
    keyId: 'Key id',
    spki: 'Public key (SPKI, base64)',
    pem: 'Public key (PEM)',
    none: 'The signing key cannot be loaded. Please contact the inquiry desk.',
  },
};
