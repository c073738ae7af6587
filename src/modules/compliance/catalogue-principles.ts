import { row } from './catalogue-1.ts';
import type { ClauseDef } from './catalogue.ts';

/** The ten design principles of 1.1 (5.1.1), each with what implements it and its evidence. */
export const PRINCIPLES: ClauseDef[] = [
  row(
    '1.1',
    'principle-1',
    [
      '設計及び実装に適用可能な基本的な情報セキュリティ要求事項',
      'Apply baseline security requirements to design and implementation',
    ],
    [
      'クラウドサービスの設計及び実装に適用可能な基本的な情報セキュリティの要求事項を考慮します。',
      'We take into account the baseline information security requirements applicable to the design and implementation of the cloud service.',
    ],
    [
      [
        'ISO/IEC 27017 の各管理策を機能として実装し、ライブのエビデンスで確認',
        'Each ISO/IEC 27017 control built in as a feature and checked with live evidence',
      ],
      ['TLS 1.2 以上、argon2id、厳格な CSP', 'TLS 1.2+, argon2id, a strict Content-Security-Policy'],
    ],
    ['tls.listeners'],
  ),
  row(
    '1.1',
    'principle-2',
    [
      'クラウドサービス提供業務従事者に関するリスク',
      'Identify and treat risks from insiders (provider staff)',
    ],
    [
      'クラウドサービス提供業務従事者に関するリスクを特定し対処します。',
      'We identify and treat the risks relating to the staff who provide the cloud service.',
    ],
    [
      ['スタッフの役割別権限と多要素認証の必須化', 'Role-based staff permissions and mandatory MFA'],
      [
        'スタッフによる顧客データの閲覧と全変更を改ざん検知可能な監査ログに記録',
        'Staff reads of customer data and every change recorded in a tamper-evident audit log',
      ],
    ],
    ['identity.mfa', 'audit.chain'],
  ),
  row(
    '1.1',
    'principle-3',
    ['マルチテナント及び利用者の隔離', 'Isolate tenants (multi-tenancy) and customers'],
    [
      '仮想化技術などによりマルチテナント及びクラウドサービス利用者を隔離します。',
      'We isolate tenants and cloud service customers from each other by virtualisation and other techniques.',
    ],
    [
      ['お客様ごとの仮想ネットワーク', 'A virtual network per customer'],
      ['行レベルセキュリティ（FORCE）によるデータ分離', 'Data separated by forced row-level security'],
    ],
    ['tenancy.rls'],
  ),
  row(
    '1.1',
    'principle-4',
    ['従事者による顧客データへのアクセス制限', "Restrict provider staff's access to customer data"],
    [
      'クラウドサービス提供業務従事者による、クラウドサービスカスタマデータへのアクセスを制限します。',
      'We restrict access to cloud service customer data by the staff who provide the cloud service.',
    ],
    [
      [
        '管理画面は管理ネットワークのみ、顧客データの閲覧は監査記録',
        'The console only on the management network; reads of customer data audited',
      ],
    ],
    ['network.mgmt-segregation', 'audit.chain'],
  ),
  row(
    '1.1',
    'principle-5',
    [
      '管理上のアクセスのための制御手順',
      'Define control procedures for administrative access to the service',
    ],
    [
      'クラウドサービスへの管理上のアクセスのための制御手順を定めます。',
      'We define control procedures for administrative access to the cloud service.',
    ],
    [
      [
        '管理者・スタッフの多要素認証と接続元 IP 制限',
        'MFA and source-IP allowlists for administrators and staff',
      ],
      [
        '設備変更は別人の承認が必要（四つの目）',
        'Equipment changes need approval by a second person (four eyes)',
      ],
    ],
    ['identity.mfa', 'changes.approval'],
  ),
  row(
    '1.1',
    'principle-6',
    ['サービス変更の通知', 'Notify customers of changes to the service'],
    [
      'クラウドサービスの変更はサービス利用者に通知します。',
      'We notify service customers of changes to the cloud service.',
    ],
    [
      [
        '影響のあるお客様へのポータル掲載とメール通知',
        'Portal announcements and emails to affected customers',
      ],
    ],
    ['notices.lead-time'],
  ),
  row(
    '1.1',
    'principle-7',
    ['仮想化技術に固有のリスク', 'Identify and treat risks specific to virtualisation'],
    [
      '仮想化技術に固有のリスクを特定し対処します。',
      'We identify and treat the risks specific to virtualisation.',
    ],
    [
      [
        '仮想ネットワークと物理帯域の整合、収容ポートの容量管理',
        'Virtual networks kept consistent with physical bandwidth; capacity per port',
      ],
      [
        '分離識別子（VNI 等）の隔離期間付き再利用',
        'Isolation identifiers (VNI etc.) reused only after quarantine',
      ],
    ],
    ['capacity.augmentation'],
  ),
  row(
    '1.1',
    'principle-8',
    ['利用者データへのアクセス方法の定義と保護', 'Define and protect how customer data is accessed'],
    [
      'クラウドサービス利用者のデータへのアクセス方法を定め保護します。',
      'We define and protect how cloud service customers’ data is accessed.',
    ],
    [
      [
        'すべてのアクセスは認証・認可済みの API 経由（TLS）',
        'All access through authenticated, authorised APIs over TLS',
      ],
      ['秘密情報はテナント鍵で暗号化', 'Secrets encrypted under the tenant key'],
    ],
    ['tls.listeners', 'tenancy.rls'],
  ),
  row(
    '1.1',
    'principle-9',
    ['利用者アカウントのライフサイクル管理', 'Manage the lifecycle of customer accounts'],
    [
      'クラウドサービス利用者のアカウントのライフサイクルを管理します。',
      'We manage the lifecycle of cloud service customers’ accounts.',
    ],
    [
      ['ユーザーの招待・権限変更・削除', 'Inviting, re-roling and deleting users'],
      ['解約後 90 日以内の消去と消去証明書', 'Erasure within 90 days of termination, with a certificate'],
    ],
    ['lifecycle.erasure'],
  ),
  row(
    '1.1',
    'principle-10',
    [
      '違反時の通知・情報共有・責任範囲と調査支援',
      'On a breach: define notification, information sharing and responsibility, and support investigation and forensics',
    ],
    [
      'クラウドサービスの利用に関る違反が発生した場合の通知、情報共有の方法、及び責任範囲を定め、調査及びフォレンジックを支援します。',
      'We define how breaches relating to the use of the cloud service are notified and information shared, and the scope of responsibility, and we support investigation and forensics.',
    ],
    [
      [
        'インシデントのポータル掲載とメール通知、お客様からの事象報告',
        'Incidents published and emailed; event reports from customers',
      ],
      ['検証可能な監査ログと署名付き証跡バンドル', 'A verifiable audit log and signed evidence bundles'],
    ],
    ['audit.chain', 'incidents.reporting'],
  ),
];
