/**
 * The provider's standing statements, published on the service information page of both
 * listeners: the ten design principles of its information security policy (5.1.1, controls.md
 * §1.1), the responsibility split (6.1.1, CLD.6.3.1) and the customer's control over its settings
 * (18.1.2). They describe how the service is built, so they are data here, not configuration.
 */
export interface Localized {
  ja: string;
  en: string;
}

/** The ten design principles (5.1.1), in the order of the policy. */
export const DESIGN_PRINCIPLES: readonly Localized[] = [
  {
    ja: '設計と実装に、基本となるセキュリティ要件を適用する。',
    en: 'Apply baseline security requirements to design and implementation.',
  },
  {
    ja: '内部関係者（事業者の要員）によるリスクを特定し、対処する。',
    en: 'Identify and treat risks from insiders (provider staff).',
  },
  {
    ja: 'テナント（マルチテナンシー）とお客様を互いに分離する。',
    en: 'Isolate tenants (multi-tenancy) and customers.',
  },
  {
    ja: '事業者の要員によるお客様データへのアクセスを制限する。',
    en: "Restrict provider staff's access to customer data.",
  },
  {
    ja: 'サービスへの管理者アクセスの管理手順を定める。',
    en: 'Define control procedures for administrative access to the service.',
  },
  {
    ja: 'サービスの変更をお客様に通知する。',
    en: 'Notify customers of changes to the service.',
  },
  {
    ja: '仮想化に固有のリスクを特定し、対処する。',
    en: 'Identify and treat risks specific to virtualisation.',
  },
  {
    ja: 'お客様データへのアクセス方法を定め、保護する。',
    en: 'Define and protect how customer data is accessed.',
  },
  {
    ja: 'お客様アカウントのライフサイクルを管理する。',
    en: 'Manage the lifecycle of customer accounts.',
  },
  {
    ja: '侵害が発生した場合の通知、情報共有と責任分担を定め、調査とフォレンジックを支援する。',
    en: 'On a breach: define notification, information sharing and responsibility, and support investigation and forensics.',
  },
];

/** Who is responsible for what (6.1.1, CLD.6.3.1). */
export const RESPONSIBILITY = {
  provider: {
    summary: {
      ja: '事業者は、本サービスを提供する基盤に責任を負います。',
      en: 'The provider is responsible for the infrastructure that delivers the service.',
    },
    items: [
      { ja: 'ネットワーク', en: 'Network' },
      { ja: 'サーバー', en: 'Servers' },
      { ja: '建物・設備とその運用', en: 'Buildings, facilities and their operation' },
      { ja: '保守', en: 'Maintenance' },
      { ja: '監視', en: 'Monitoring' },
      { ja: '障害対応', en: 'Failure handling' },
      { ja: 'サーバーのセキュリティ', en: 'Server security' },
      { ja: 'ソフトウェア', en: 'Software' },
    ],
  },
  customer: {
    summary: {
      ja: 'お客様は、保存データに責任を負います。本サービスの保存データとは、本サービスが提供する機能の設定内容です。',
      en: 'The customer is responsible for its stored data: in this service, the settings of the functions the service provides.',
    },
    items: [
      {
        ja: '本サービスが提供する機能の設定（接続、アドレス、監視対象、ラベルなど）',
        en: 'The settings of the functions the service provides (connections, addresses, monitoring targets, labels and the like)',
      },
      {
        ja: 'ポータルの利用者 ID と権限の管理',
        en: 'The portal user IDs and their permissions',
      },
    ],
  },
} as const;

/** 18.1.2: settings and content configured by the customer remain under the customer's control. */
export const CUSTOMER_CONTROL: Localized = {
  ja: 'お客様が設定した内容（本サービスの機能の設定とラベル）は、お客様の管理下にあります。ポータルでいつでも閲覧・エクスポートでき、事業者はお客様の依頼に基づいてのみ変更します。',
  en: 'The settings and content you configure (the settings of the service functions and your labels) remain under your control. You can view and export them in the portal at any time; the provider changes them only at your request.',
};

/** 18.1.1: the law that governs the contract (the court is configurable: PVA_JURISDICTION_*). */
export const GOVERNING_LAW: Localized = { ja: '日本法', en: 'The laws of Japan' };
