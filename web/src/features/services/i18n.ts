import { useI18n } from '../../i18n/index.tsx';

type ServiceType = 'ipsec' | 'direct' | 'option';
type Status = 'active' | 'terminating' | 'terminated' | 'erased';

/** The service screens' own words (Japanese first; English fills the same shape). */
const ja = {
  title: 'サービス',
  lead: 'ご契約中のサービスとサービスコードの一覧です。サービスコードごとに、お客様の管理用のラベルを付けられます。',
  search: '検索',
  searchPlaceholder: 'サービスコードまたはラベルで検索',
  code: 'サービスコード',
  label: 'ラベル',
  type: '種別',
  bandwidth: '契約帯域',
  status: '状態',
  contract: '契約',
  options: 'オプション',
  types: { ipsec: 'IPsec 接続', direct: 'ダイレクト接続', option: 'オプション' } as Record<
    ServiceType,
    string
  >,
  statuses: {
    active: '契約中',
    terminating: '解約手続中',
    terminated: '解約済み',
    erased: 'データ消去済み',
  } as Record<Status, string>,
  noLabel: 'ラベルなし',
  empty: 'ご契約中のサービスはありません。',
  noMatch: (q: string) => `「${q}」に一致するサービスはありません。`,
  count: (n: number) => `${n} 件`,
  mbps: (n: number) => `${n.toLocaleString('ja-JP')} Mbit/s`,
  none: '—',
  back: 'サービス一覧へ戻る',
  notFound: 'サービスが見つかりません。',
  summary: 'サービスの概要',
  contractTitle: '契約',
  period: (start: string, end: string | null) => `契約期間: ${start} ～ ${end ?? '定めなし'}`,
  optionsTitle: '契約オプション',
  noOptions: 'オプションの契約はありません。',
  monitoring: '疎通監視',
  monitoringLevels: { standard: '標準', extended: '拡張' } as Record<string, string>,
  redundancy: '回線冗長化',
  redundancyLevels: { single: 'シングル', dual: 'デュアル（冗長）' } as Record<string, string>,
  burst: 'バースト帯域',
  connections: '接続',
  connectionName: '接続名',
  connectionKind: '方式',
  connectionBandwidth: '帯域',
  connectionStatus: '状態',
  noConnections: 'このサービスに接続はありません。',
  labelTitle: 'ラベル',
  labelLead:
    'サービスコードを見分けるための、お客様の自由なメモです（200 文字まで、前後の空白は除かれます）。画面ではそのまま文字として表示されます。',
  labelField: 'ラベル',
  labelPlaceholder: '例: 本社 IPsec',
  labelCount: (n: number) => `${n} / 200 文字`,
  labelSave: 'ラベルを保存',
  labelSaved: 'ラベルを保存しました。',
  labelClear: 'ラベルを消去',
  labelReadOnly: 'ラベルを編集する権限がありません。',
  labelUpdated: (at: string) => `最終更新: ${at}`,
  owner: {
    customer: 'お客様のデータ',
    provider: '事業者の管理情報',
  } as Record<'customer' | 'provider', string>,
  ownerHelp: {
    customer: 'お客様が設定・管理する保存データです。',
    provider: '当社が管理する契約・設備の情報です。',
  } as Record<'customer' | 'provider', string>,
  detailTitle: (code: string) => `サービス ${code}`,
};

export type ServicesText = typeof ja;

const en: ServicesText = {
  title: 'Services',
  lead: 'Your contracted services and their service codes. You can give each service code a label of your own.',
  search: 'Search',
  searchPlaceholder: 'Search by service code or label',
  code: 'Service code',
  label: 'Label',
  type: 'Type',
  bandwidth: 'Bandwidth',
  status: 'Status',
  contract: 'Contract',
  options: 'Options',
  types: { ipsec: 'IPsec access', direct: 'Direct access', option: 'Option' },
  statuses: {
    active: 'Active',
    terminating: 'Terminating',
    terminated: 'Terminated',
    erased: 'Data erased',
  },
  noLabel: 'No label',
  empty: 'You have no contracted services.',
  noMatch: (q) => `No service matches “${q}”.`,
  count: (n) => `${n} ${n === 1 ? 'service' : 'services'}`,
  mbps: (n) => `${n.toLocaleString('en-US')} Mbit/s`,
  none: '—',
  back: 'Back to the services',
  notFound: 'Service not found.',
  summary: 'Overview',
  contractTitle: 'Contract',
  period: (start, end) => `Term: ${start} – ${end ?? 'open-ended'}`,
  optionsTitle: 'Contracted options',
  noOptions: 'No options are contracted.',
  monitoring: 'Reachability monitoring',
  monitoringLevels: { standard: 'Standard', extended: 'Extended' },
  redundancy: 'Line redundancy',
  redundancyLevels: { single: 'Single', dual: 'Dual (redundant)' },
  burst: 'Burst bandwidth',
  connections: 'Connections',
  connectionName: 'Name',
  connectionKind: 'Kind',
  connectionBandwidth: 'Bandwidth',
  connectionStatus: 'Status',
  noConnections: 'This service has no connections.',
  labelTitle: 'Label',
  labelLead:
    'Your own free-text note to tell service codes apart (up to 200 characters; spaces at either end are removed). It is always shown exactly as text.',
  labelField: 'Label',
  labelPlaceholder: 'e.g. Head office IPsec',
  labelCount: (n) => `${n} / 200 characters`,
  labelSave: 'Save label',
  labelSaved: 'The label was saved.',
  labelClear: 'Clear label',
  labelReadOnly: 'You do not have permission to edit labels.',
  labelUpdated: (at) => `Last updated: ${at}`,
  owner: { customer: 'Your data', provider: 'Provider-managed' },
  ownerHelp: {
    customer: 'Stored data you set and control.',
    provider: 'Contract and infrastructure information the provider manages.',
  },
  detailTitle: (code) => `Service ${code}`,
};

export const servicesText: Record<'ja' | 'en', ServicesText> = { ja, en };

/** The service texts in the language the app shows. */
export function useServicesText(): ServicesText {
  return servicesText[useI18n().lang];
}
