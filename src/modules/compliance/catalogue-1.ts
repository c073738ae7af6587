import type { ClauseDef } from './catalogue.ts';

/** Builds one catalogue row; features are [ja, en] pairs. */
export const row = (
  section: string,
  clause: string,
  title: [string, string],
  statement: [string, string],
  features: [string, string][],
  checkIds: string[],
): ClauseDef => ({
  clause,
  section,
  title: { ja: title[0], en: title[1] },
  statement: { ja: statement[0], en: statement[1] },
  features: features.map(([ja, en]) => ({ ja, en })),
  checkIds,
});

/**
 * Sections 1 to 7 of the whitepaper. `{address}`, `{dataLocation}` and `{jurisdiction}` are filled
 * from the provider's configuration (PVA_PROVIDER_ADDRESS_*, PVA_DATA_LOCATION_*, PVA_JURISDICTION_*).
 */
export const CLAUSES_1: ClauseDef[] = [
  row(
    '1.1',
    '5.1.1',
    ['情報セキュリティのための方針群', 'Information security policies'],
    [
      '本サービスでは、弊社の情報セキュリティ基本方針に従い、セキュリティに関して極めて重要な事項として取り扱い、サービス運営を行います。詳細は、弊社の情報セキュリティ方針をご覧ください。また、クラウドサービスの提供にあたり、お客様の情報セキュリティ要求を満たすため、十の設計原則を考慮します。',
      'We run this service in accordance with our basic information security policy, treating security as a matter of the utmost importance. For details, see our information security policy. In providing the cloud service, we also take ten design principles into account to meet our customers’ information security requirements.',
    ],
    [
      [
        'ポータルのセキュリティ方針ページ（本文とリンクは設定可能）',
        'Security policy page in the portal (configurable text and link)',
      ],
      [
        '十の設計原則をライブのエビデンスとともに公開',
        'The ten design principles published with live evidence',
      ],
    ],
    [],
  ),
  row(
    '2.1',
    '6.1.1',
    ['情報セキュリティの役割及び責任', 'Roles and responsibilities'],
    [
      '契約約款やサービスドキュメントにて契約やサービス内容を定義し、サービス提供を実施しております。ネットワーク設備などサービス基盤の運用は弊社の責任範囲としてサービスの提供範囲に含まれております。保存データはお客様責任範囲となります。',
      'The contract and the service are defined in the terms of service and the service documents, under which we provide the service. Operating the service infrastructure, such as the network equipment, is our responsibility and part of the service we provide. Stored data is the customer’s responsibility.',
    ],
    [
      ['ポータルに責任分界点を表示', 'The responsibility split shown in the portal'],
      [
        '各オブジェクトに事業者所有／お客様所有（保存データ）の区分を表示',
        'Every object labelled provider-owned or customer-owned (stored data)',
      ],
    ],
    [],
  ),
  row(
    '2.2',
    '6.1.3',
    ['関係当局との連絡', 'Contact with authorities'],
    [
      '弊社の本社所在地は、{address}となります。お問い合わせ窓口はサービスドキュメントに記載しております。なお、本サービスに保存された情報の所在は{dataLocation}となります。',
      'Our head office is at {address}. The inquiry desk is given in the service documents. Information stored in this service is located in {dataLocation}.',
    ],
    [
      [
        '本社所在地・問い合わせ窓口・データ所在地を設定から表示（API でも取得可能）',
        'Head office, inquiry desk and data location shown from configuration (also through the API)',
      ],
    ],
    [],
  ),
  row(
    '2.3',
    'CLD.6.3.1',
    ['クラウドコンピューティング環境における役割及び責任の共有及び分担', 'Shared roles in the cloud'],
    [
      '契約約款やサービスドキュメントにてサービス内容を定義し、サービス提供を実施しております。また、責任分界点の詳細は、「2.1 情報セキュリティの役割及び責任」を参照ください。',
      'The service is defined in the terms of service and the service documents, under which we provide it. For the details of the responsibility split, see “2.1 Information security roles and responsibilities”.',
    ],
    [
      [
        'サービス種別ごとの責任分界をサービスドキュメントとポータルに表示',
        'The split per service type in the service documents and the portal',
      ],
    ],
    [],
  ),
  row(
    '3.1',
    '7.2.2',
    ['情報セキュリティの意識向上、教育及び訓練', 'Awareness, education, training'],
    [
      '弊社では情報セキュリティ基本方針を定め、方針に従いサービスを運営しております。なお、上記規程に、全ての社員に対する教育活動を実施する旨を定めております。',
      'We have established a basic information security policy and run the service in accordance with it. That policy provides for education of all employees.',
    ],
    [
      ['セキュリティ方針ページ', 'The security policy page'],
      [
        '事業者スタッフごとのセキュリティ教育受講確認日（任意項目）',
        'Security training acknowledgement date per staff account (optional)',
      ],
    ],
    [],
  ),
  row(
    '4.1',
    '8.1.1',
    ['資産目録', 'Inventory of assets'],
    [
      'お客様の情報資産（お客様にて保存されるデータ）と弊社がサービスを運営する為の情報は、明確に分離しております。',
      'Customers’ information assets (data stored by customers) are clearly separated from the information we use to run the service.',
    ],
    [
      [
        'お客様データは customer スキーマ、運用データは ops スキーマに分離',
        'Customer data in the customer schema, operational data in the ops schema',
      ],
      [
        'お客様テーブルは行レベルセキュリティ（FORCE）でテナントごとに分離',
        'Customer tables separated per tenant by forced row-level security',
      ],
    ],
    ['tenancy.rls'],
  ),
  row(
    '4.2',
    '8.2.2',
    ['情報のラベル付け', 'Labelling of information'],
    [
      'ご契約頂きましたサービスやオプションの一覧やサービス機能を定めたサービスドキュメントが、お客様専用のポータルサイトにて閲覧可能です。また、ご契約頂きましたサービスは、サービスコードにて、お客様毎の識別および利用サービスを分類しております。また、お客様専用ポータルサイトにおいて、サービスコードに対して自由記入の可能なラベル欄を用意しております。',
      'The list of contracted services and options, and the service documents that define the service functions, can be viewed in the customer portal. Each contracted service has a service code that identifies the customer and classifies the service used. In the customer portal, a free-text label can be attached to each service code.',
    ],
    [
      [
        '契約サービス・オプション・サービスドキュメントの一覧',
        'Contracted services, options and service documents listed',
      ],
      [
        'サービスコード（お客様とサービスを識別）と自由記入ラベル',
        'Service codes identifying customer and service, with free-text labels',
      ],
    ],
    [],
  ),
  row(
    '4.3',
    'CLD.8.1.5',
    ['クラウドサービスカスタマの資産の除去', 'Removal of customer assets'],
    [
      '本サービスの解約の際、弊社サービス設備に残存したお客様の情報資産は、解約申込の際にお客様が指定する解約日の翌日を起算日（1 日目）として、起算日から 90 日以内に消去しております。',
      'When the service is terminated, the customer’s information assets remaining in our service equipment are erased within 90 days, counting the day after the termination date the customer chose when applying as day 1.',
    ],
    [
      [
        '解約日の翌日を 1 日目とする JST 日付で消去期限を計算',
        'Erasure deadline computed in JST days from the day after the termination date',
      ],
      [
        'カタログ駆動の消去、テナント鍵の破棄、署名付き消去証明書',
        'Catalogue-driven erasure, tenant key destruction and signed erasure certificates',
      ],
      ['80 日目以降の未消去テナントを毎日通知', 'Daily alerts for tenants not yet erased from day 80'],
    ],
    ['lifecycle.erasure'],
  ),
  row(
    '5.1',
    '9.2.1',
    ['利用者登録及び登録削除', 'User registration / deregistration'],
    [
      'お客様専用のポータルサイトにて、ご契約頂きましたサービスに対する運用管理担当者、利用者 ID の登録および削除機能を提供しております。登録、削除に必要な手順、情報はサービスドキュメントに記載しております。',
      'The customer portal provides functions to register and delete operations managers and user IDs for the contracted services. The procedures and information needed to register and delete them are given in the service documents.',
    ],
    [
      [
        'ポータルでの運用管理担当者・利用者の登録と削除（監査記録あり）',
        'Registering and deleting operations managers and users in the portal (audited)',
      ],
    ],
    [],
  ),
  row(
    '5.2',
    '9.2.2',
    ['利用者アクセスの提供', 'User access provisioning'],
    [
      'お客様専用のポータルサイトにて、契約頂きましたサービスに対する運用管理担当者の権限管理機能を提供しております。権限ごとのアクセス可能な範囲、および権限の変更手順はサービスドキュメントに記載しております。',
      'The customer portal provides permission management for the operations managers of the contracted services. What each permission can reach, and how to change permissions, is given in the service documents.',
    ],
    [
      [
        '宣言的な権限表（管理者・オペレーター・閲覧者）とサービスコード単位の範囲指定',
        'A declarative permission matrix (administrator, operator, viewer) with service-code scopes',
      ],
    ],
    [],
  ),
  row(
    '5.3',
    '9.2.3',
    ['特権的アクセス権の管理', 'Privileged access rights'],
    [
      'お客様専用のポータルサイトの管理者認証に関しましては、ID とパスワードの認証に加え、アクセス元 IP アドレスによる制限や多要素認証を設定する機能を提供しております。',
      'For administrator authentication in the customer portal, in addition to ID and password we provide functions to restrict access by source IP address and to set up multi-factor authentication.',
    ],
    [
      [
        '管理者とスタッフに多要素認証（TOTP・パスキー）を必須化',
        'Multi-factor authentication (TOTP, passkeys) mandatory for administrators and staff',
      ],
      [
        'お客様が設定する接続元 IP アドレス制限（IPv4/IPv6 CIDR）',
        'Customer-set source-IP allowlists (IPv4/IPv6 CIDR)',
      ],
    ],
    ['identity.mfa', 'identity.ip-allowlist'],
  ),
  row(
    '5.4',
    '9.2.4',
    ['利用者の秘密認証情報の管理', 'Secret authentication information'],
    [
      'お客様専用のポータルサイトを利用される際の運用管理担当者および利用者 ID の登録やパスワード変更、再発行方法につきましては、サービスドキュメントに記載しております。',
      'How to register operations managers and user IDs for the customer portal, and how to change and reissue passwords, is given in the service documents.',
    ],
    [
      [
        '招待リンクによる登録、パスワード変更・再発行（argon2id、漏洩パスワード照合）',
        'Registration by invitation link, password change and reissue (argon2id, breached-password check)',
      ],
    ],
    [],
  ),
  row(
    '5.5',
    '9.4.1',
    ['情報へのアクセス制限', 'Information access restriction'],
    [
      'お客様専用のポータルサイトの管理者権限、ユーザ権限等、権限ごとのアクセス可能な範囲につきましては、サービスドキュメントに記載しております。',
      'What each permission in the customer portal (administrator rights, user rights and so on) can reach is given in the service documents.',
    ],
    [
      [
        'すべてのルートが権限を宣言し、一つのポリシーで判定（権限一覧は自動生成）',
        'Every route declares its permission, decided by one policy (the permission list is generated)',
      ],
    ],
    [],
  ),
  row(
    '5.6',
    '9.4.4',
    ['特権的なユーティリティプログラムの使用', 'Privileged utility programs'],
    [
      'セキュリティ手順を回避し各種サービス機能の利用を可能とするユーティリティプログラムの提供は行っておりません。',
      'We provide no utility program that makes service functions usable while bypassing security procedures.',
    ],
    [
      [
        '認証・認可を宣言しないルートは登録時に拒否',
        'A route that does not declare authentication and authorisation is refused at registration',
      ],
    ],
    [],
  ),
  row(
    '5.7',
    'CLD.9.5.1',
    ['仮想コンピューティング環境における分離', 'Segregation in virtual computing'],
    [
      'お客様がアクセスするネットワークと弊社運用担当者が利用する管理ネットワークは分離しています。また、お客様間のデータ分離は、ソフトウェアにて適切に制御しております。',
      'The network customers access is separated from the management network our operations staff use. Separation of data between customers is properly controlled by software.',
    ],
    [
      [
        'ポータルと管理画面は別のリスナー（管理ルートはポータルに存在しない）',
        'Portal and management console on separate listeners (no management route on the portal)',
      ],
      [
        'ポリシー・クエリ範囲・行レベルセキュリティの三重のテナント分離',
        'Tenant isolation by policy, query scope and row-level security',
      ],
    ],
    ['tenancy.rls', 'network.mgmt-segregation'],
  ),
  row(
    '5.8',
    'CLD.9.5.2',
    ['仮想マシンの要塞化', 'Virtual machine hardening'],
    [
      '設備に対する IP アドレスによるアクセス制限の実施、および不要なポート、常駐プログラムは停止しております。',
      'Access to the equipment is restricted by IP address, and unneeded ports and resident programs are stopped.',
    ],
    [
      [
        '設備の管理アクセスは管理ネットワークに限定',
        'Management access to equipment limited to the management networks',
      ],
    ],
    ['network.mgmt-segregation'],
  ),
  row(
    '6.1',
    '10.1.1',
    ['暗号による管理策の利用方針', 'Cryptographic controls'],
    [
      'お客様専用のポータルサイトの利用にあたっては TLS による暗号化通信が利用できます。また、本サービス設備と送受信するデータを IPsec により暗号化することができます。',
      'The customer portal is used over TLS-encrypted connections. Data exchanged with the service equipment can be encrypted with IPsec.',
    ],
    [
      ['両リスナーとも TLS 1.2 以上のみ、HSTS', 'TLS 1.2 or later only on both listeners, with HSTS'],
      [
        'IPsec 接続（事前共有鍵はテナント鍵で暗号化して保管）',
        'IPsec connections (pre-shared keys stored encrypted under the tenant key)',
      ],
    ],
    ['tls.listeners'],
  ),
  row(
    '7.1',
    '11.2.7',
    ['装置のセキュリティを保った処分又は再利用', 'Secure disposal or re-use'],
    [
      '設備を再利用、廃棄する際には適切なプロセスで、保存データの削除や設備の破壊を実施しております。',
      'When equipment is reused or disposed of, stored data is deleted or the equipment destroyed through a proper process.',
    ],
    [
      [
        '廃棄・再利用の記録（実施者と確認者の二名、証跡ファイル）',
        'Disposal and re-use records (performer and a second verifier, evidence files)',
      ],
    ],
    ['equipment.disposal'],
  ),
];
