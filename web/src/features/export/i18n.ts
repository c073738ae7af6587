import { useI18n } from '../../i18n/index.tsx';

/** The export page's own words (Japanese first; English fills the same shape). */
const ja = {
  title: 'エクスポート',
  lead: 'お客様の設定（保存データ）を JSON または CSV で取り出し、お手元に保管できます。',
  backupTitle: '設定のバックアップはお客様ご自身で',
  backupText:
    '当社はサービス復旧のために設備の設定をバックアップしていますが、お客様の設定（ラベル、接続、ユーザー、セキュリティ設定、変更依頼など）をお客様のためにバックアップすることはしていません（ISO/IEC 27017 12.3.1）。',
  reminder: '定期的に、また設定を変更したときにはその都度エクスポートし、安全な場所に保管してください。',
  lastHere: (when: string) => `このブラウザでの前回のエクスポート: ${when}`,
  neverHere: 'このブラウザからはまだエクスポートしていません。',
  scoped: 'ご利用のサービスコードが限定されているため、担当のサービスとそれに関わるデータだけが含まれます。',
  adminOnly: 'ユーザー一覧とセキュリティ設定は、管理者のエクスポートにだけ含まれます。',
  jsonTitle: 'JSON（すべてのデータ）',
  jsonLead: '1 つのファイルにすべてのセクションを含みます。公開スキーマで検証でき、機械処理に向いています。',
  objectsTotal: (n: string) => `${n} 件のオブジェクト`,
  download: 'JSON をダウンロード',
  cancel: '中止',
  cancelled: 'ダウンロードを中止しました。',
  progress: (done: string, total: string, size: string) => `${done} / ${total} 件（${size}）`,
  finished: (n: string, size: string, at: string) => `${at} に ${n} 件（${size}）をダウンロードしました。`,
  incomplete: 'ダウンロードが途中で終わりました。もう一度お試しください。',
  csvTitle: 'CSV（セクションごと）',
  csvLead:
    'セクションごとに 1 つの CSV ファイルです（UTF-8 BOM 付き、Excel でそのまま開けます）。数式として扱われる文字で始まるセルには先頭にアポストロフィを付けています。正確な値は JSON をご利用ください。',
  colSection: 'セクション',
  colOwner: '区分',
  colCount: '件数',
  csvDownload: 'CSV',
  ownerCustomer: 'お客様のデータ',
  ownerProvider: '当社の記録',
  schemaTitle: 'スキーマと形式',
  schemaText: (id: string, version: number) =>
    `JSON は JSON Schema 2020-12 で定義しています（${id}、形式バージョン ${version}）。時刻はすべて日本時間（+09:00）です。`,
  schemaLink: 'スキーマ（JSON）を開く',
  sections: {
    tenant: 'お客様情報',
    contracts: '契約',
    services: 'サービス（ラベル付き）',
    virtualNetworks: '仮想ネットワーク',
    connections: '接続',
    users: 'ユーザー',
    securitySettings: 'セキュリティ設定',
    changeRequests: '変更依頼',
    changeRequestEvents: '変更依頼の履歴',
  } as Record<string, string>,
};

export type ExportText = typeof ja;

const en: ExportText = {
  title: 'Export',
  lead: 'Take your settings (stored data) out as JSON or CSV and keep your own copy.',
  backupTitle: 'You keep the backup of your settings',
  backupText:
    'We back up our equipment configuration to restore the service, but we do not back up your settings (labels, connections, users, security settings, change requests …) for you (ISO/IEC 27017 12.3.1).',
  reminder: 'Export regularly, and each time you change settings, and keep the files somewhere safe.',
  lastHere: (when) => `Last export from this browser: ${when}`,
  neverHere: 'You have not exported from this browser yet.',
  scoped:
    'Your account is limited to some service codes: the export holds those services and the data that belongs to them.',
  adminOnly: 'The user list and the security settings are in administrators’ exports only.',
  jsonTitle: 'JSON (everything)',
  jsonLead: 'One file with every section. It validates against the published schema and suits programs.',
  objectsTotal: (n) => `${n} objects`,
  download: 'Download JSON',
  cancel: 'Cancel',
  cancelled: 'The download was cancelled.',
  progress: (done, total, size) => `${done} of ${total} objects (${size})`,
  finished: (n, size, at) => `Downloaded ${n} objects (${size}) at ${at}.`,
  incomplete: 'The download ended early. Please try again.',
  csvTitle: 'CSV (one file per section)',
  csvLead:
    'One CSV file per section (UTF-8 with a byte-order mark, opens directly in Excel). A cell that a spreadsheet would run as a formula gets a leading apostrophe; use JSON for the exact values.',
  colSection: 'Section',
  colOwner: 'Owner',
  colCount: 'Objects',
  csvDownload: 'CSV',
  ownerCustomer: 'Your data',
  ownerProvider: 'Our records',
  schemaTitle: 'Schema and format',
  schemaText: (id, version) =>
    `The JSON is defined by a JSON Schema 2020-12 (${id}, format version ${version}). All times are Japan Standard Time (+09:00).`,
  schemaLink: 'Open the schema (JSON)',
  sections: {
    tenant: 'Customer',
    contracts: 'Contracts',
    services: 'Services (with labels)',
    virtualNetworks: 'Virtual networks',
    connections: 'Connections',
    users: 'Users',
    securitySettings: 'Security settings',
    changeRequests: 'Change requests',
    changeRequestEvents: 'Change request history',
  },
};

/** Both dictionaries, for route titles (`exportText[t.app.lang].title`). */
export const exportText: Record<'ja' | 'en', ExportText> = { ja, en };

/** The export texts in the language the app shows. */
export function useExportText(): ExportText {
  return exportText[useI18n().lang];
}
