import type { Bilingual } from '../types.ts';

/**
 * The fixed parts of the statement document, after the structure of the source whitepaper:
 * introduction, service overview, responsibility split, the standard's overview, then the
 * chapters of clauses. `{provider}` is replaced by the configured provider name.
 */
export const INTRODUCTION: Bilingual[] = [
  {
    ja: '組織におけるクラウドサービスの利用において、セキュリティへの懸念は必ず取り上げられる問題の一つです。2015 年 12 月に、クラウドセキュリティの国際標準規格である ISO/IEC 27017:2015 が発行され、クラウドサービスの利用者と事業者が行うべきセキュリティ管理策が定義されました。',
    en: 'Security is always one of the concerns when an organisation uses cloud services. In December 2015 the international standard for cloud security, ISO/IEC 27017:2015, was published; it defines the security controls that cloud service customers and providers should apply.',
  },
  {
    ja: '本書では、{provider} のプライベートアクセスサービスにおける ISO/IEC 27017:2015 への取り組みを、管理策ごとに解説いたします。各管理策には、本サービスの稼働中のシステムから自動的に収集した証跡の要約、その判定と確認日時（日本時間）を併記しています。',
    en: "This document explains, control by control, how {provider}'s private access service addresses ISO/IEC 27017:2015. Each control is shown with a summary of the evidence collected automatically from the live system, its result and when it was checked (Japan Standard Time).",
  },
  {
    ja: 'なお、本書の内容は作成時点での取り組みに基づいて記述しております。内容は変更される場合がございますので、最新の情報はお客様専用のポータルサイトでご確認ください。',
    en: 'This document describes our practices as of the time it was generated. They may change: the customer portal always shows the latest version.',
  },
];

export const SERVICE_OVERVIEW: Bilingual[] = [
  {
    ja: '本サービスは、お客様の拠点やデータセンター内ラックから、事業者のプライベートバックボーンへの接続を提供するサービスです。お客様の通信は、お客様ごとに論理的に分離された仮想ネットワークで運ばれます。',
    en: "The service connects customer sites and racks in data centres to the provider's private backbone. Each customer's traffic travels in its own logically separated virtual network.",
  },
  {
    ja: 'サービス仕様や操作方法は、仕様書およびマニュアル（本書ではサービスドキュメントと表記します）に記載しております。サービスドキュメントの掲載、お客様へのお知らせ、問い合わせ窓口や運用管理担当者の管理、保存データの参照のために、お客様専用のポータルサイトをご用意しております。',
    en: 'The service specifications and operating procedures are described in specifications and manuals (called service documents in this document). The customer portal publishes the service documents and notices, manages the inquiry desk contacts and operations managers, and shows the stored data.',
  },
];

export const RESPONSIBILITY_INTRO: Bilingual = {
  ja: '本サービスにおける責任分界点は下記の通りです。事業者の責任範囲はサービス基盤、お客様の責任範囲はより上層のサービス内の保存データです。保存データとは、本サービスで提供する機能の設定を指します。',
  en: 'The responsibility split of the service is as follows. The provider is responsible for the service infrastructure; the customer is responsible for the stored data within the service above it. Stored data means the settings of the functions the service provides.',
};

export const ISO_OVERVIEW: Bilingual = {
  ja: 'ISO/IEC 27017 は、ISO/IEC 27000 シリーズの一つで、クラウドサービスにおける情報セキュリティマネジメントの指針を記したものです。ISO/IEC 27002 の管理策に対するクラウド固有の実施の手引きと、クラウドサービス向けの追加の管理策（CLD）を定めています。以降、管理策ごとに本サービスでの取り組みを記載します。',
  en: 'ISO/IEC 27017, one of the ISO/IEC 27000 series, gives guidance on information security management for cloud services: cloud-specific implementation guidance for the controls of ISO/IEC 27002, and additional controls for cloud services (CLD). The following chapters describe, control by control, what the service does.',
};

/** The whitepaper's chapters (the major number of a clause's section). */
export const CHAPTERS: Record<string, Bilingual> = {
  '1': { ja: '情報セキュリティのための方針群', en: 'Information security policies' },
  '2': { ja: '情報セキュリティのための組織', en: 'Organization of information security' },
  '3': { ja: '人的資源のセキュリティ', en: 'Human resource security' },
  '4': { ja: '資産の管理', en: 'Asset management' },
  '5': { ja: 'アクセス制御', en: 'Access control' },
  '6': { ja: '暗号', en: 'Cryptography' },
  '7': { ja: '物理的及び環境的セキュリティ', en: 'Physical and environmental security' },
  '8': { ja: '運用のセキュリティ', en: 'Operations security' },
  '9': { ja: '通信のセキュリティ', en: 'Communications security' },
  '10': { ja: 'システムの取得、開発及び保守', en: 'System acquisition, development and maintenance' },
  '11': { ja: '供給者関係', en: 'Supplier relationships' },
  '12': { ja: '情報セキュリティインシデント管理', en: 'Information security incident management' },
  '13': { ja: '順守', en: 'Compliance' },
};

export const LABELS = {
  title: { ja: 'ISO/IEC 27017 への取り組み', en: 'Our approach to ISO/IEC 27017' },
  subtitle: { ja: 'プライベートアクセスサービス', en: 'Private access service' },
  introduction: { ja: 'はじめに', en: 'Introduction' },
  overview: { ja: 'サービス概要', en: 'Service overview' },
  responsibility: { ja: '責任分界点', en: 'Responsibility split' },
  providerScope: {
    ja: '事業者の責任範囲（サービス基盤）',
    en: "Provider's responsibility (service infrastructure)",
  },
  customerScope: { ja: 'お客様の責任範囲（保存データ）', en: "Customer's responsibility (stored data)" },
  isoOverview: { ja: 'ISO/IEC 27017 の概要', en: 'About ISO/IEC 27017' },
  approach: { ja: 'ISO/IEC 27017 に対する取り組み', en: 'Control by control' },
  clauseNo: { ja: 'ISO/IEC 27017 項番', en: 'ISO/IEC 27017 clause' },
  evidence: { ja: '稼働中のシステムの証跡', en: 'Evidence from the live system' },
  noCheck: {
    ja: 'この管理策はソフトウェアの外で実施しており、自動の確認はありません。',
    en: 'This control is carried out outside the software: there is no automatic check.',
  },
  notRun: { ja: 'まだ確認されていません。', en: 'Not checked yet.' },
  checkedAt: { ja: '確認日時', en: 'Checked' },
  generatedAt: { ja: '作成日時', en: 'Generated' },
  lastRun: { ja: '最終確認', en: 'Last check run' },
  policy: { ja: '情報セキュリティ方針', en: 'Information security policy' },
  principles: { ja: '設計上の考慮事項（10 原則）', en: 'The ten design principles' },
  summary: { ja: '判定の内訳', en: 'Results' },
  page: { ja: 'ページ', en: 'Page' },
} satisfies Record<string, Bilingual>;

export const STATUS: Record<string, Bilingual> = {
  pass: { ja: '適合', en: 'Pass' },
  warn: { ja: '注意', en: 'Warning' },
  fail: { ja: '不適合', en: 'Fail' },
  error: { ja: '確認エラー', en: 'Check error' },
  none: { ja: '自動確認なし', en: 'No automatic check' },
};
