import { row } from './catalogue-1.ts';
import type { ClauseDef } from './catalogue.ts';

/** Sections 8 to 13 of the whitepaper. */
export const CLAUSES_2: ClauseDef[] = [
  row(
    '8.1',
    '12.1.2',
    ['変更管理', 'Change management'],
    [
      'サービス内容を変更する場合、影響のあるお客様に対し変更内容をお客様専用のポータルサイトへのアナウンス掲載、および運用管理担当者宛にメールにてご連絡しております。',
      'When the service changes, we inform the affected customers of the change by an announcement in the customer portal and by email to their operations managers.',
    ],
    [
      [
        '影響のあるお客様へのお知らせ（ポータル掲載と運用管理担当者へのメール、送達記録あり）',
        'Notices to affected customers (portal and email to operations managers, with delivery records)',
      ],
    ],
    ['notices.lead-time'],
  ),
  row(
    '8.2',
    '12.1.3',
    ['容量・能力の管理', 'Capacity management'],
    [
      '安定的にサービスを提供できる仕組みを構築しています。具体的には、ネットワーク設備のリソースの利用状況を管理しております。',
      'We have built mechanisms to provide the service stably. Specifically, we manage the usage of the network equipment’s resources.',
    ],
    [
      [
        'ポートごとの契約帯域と実測帯域、しきい値超過の通知と増強計画',
        'Contracted and measured bandwidth per port, threshold alerts and augmentation plans',
      ],
    ],
    ['capacity.augmentation'],
  ),
  row(
    '8.3',
    '12.3.1',
    ['情報のバックアップ', 'Information backup'],
    [
      'サービスの復旧を目的とした設備情報のバックアップを実施しておりますが、保存データを直接的にバックアップする機能は付帯していません。バックアップを管理する必要がある場合は、お客様にてご取得ください。',
      'We back up equipment information for the purpose of restoring the service, but the service has no function that backs up stored data directly. If you need to manage backups, please take them yourself.',
    ],
    [
      ['設備設定の定期バックアップ', 'Scheduled backups of equipment configuration'],
      [
        'お客様による設定（保存データ）のエクスポート',
        'Customers export their settings (stored data) themselves',
      ],
    ],
    ['dataplane.backups'],
  ),
  row(
    '8.4',
    '12.4.1',
    ['イベントログの取得', 'Event logging'],
    [
      'サービス設備を経由するお客様データ通信の利用状況を取得し、弊社サービス設備で保管しています。お客様専用のポータルサイトにて公開をしています。',
      'We collect the usage of customer data traffic passing through the service equipment and keep it on our service equipment. It is published in the customer portal.',
    ],
    [
      [
        '接続ごとのトラフィック収集（SNMP／Linux カウンタ）と保存期間別の集計',
        'Per-connection traffic collection (SNMP, Linux counters) with rollups per retention period',
      ],
      ['ポータルのトラフィックグラフと CSV エクスポート', 'Traffic graphs and CSV export in the portal'],
    ],
    ['traffic.collection', 'traffic.retention'],
  ),
  row(
    '8.5',
    '12.4.4',
    ['クロックの同期', 'Clock synchronisation'],
    [
      '弊社では、NTP による時刻同期の仕組みを有しており、日本時間(JST)で管理しています。本サービスで記録される時刻は、すべて時刻同期に基づいて記録されています。',
      'We synchronise time by NTP and manage it in Japan Standard Time (JST). All times recorded in this service are recorded on the basis of that synchronisation.',
    ],
    [
      ['NTP サーバーとの時刻差を SNTP で測定', 'Clock offset from an NTP server measured with SNTP'],
      [
        '表示・出力・メール・ログの時刻はすべて JST（+09:00 明示）',
        'Every time shown, exported, emailed or logged in JST (explicit +09:00)',
      ],
    ],
    ['time.ntp', 'time.zone'],
  ),
  row(
    '8.6',
    '12.6.1',
    ['技術的ぜい弱性の管理', 'Technical vulnerabilities'],
    [
      '弊社では非公開情報を含め、脆弱性情報を常時収集しております。収集した情報を元に、サービス設備への影響を評価し、弊社の責任範囲において影響がある場合は、速やかに対応しております。',
      'We continuously collect vulnerability information, including non-public information. Based on it we assess the impact on the service equipment and, where our scope of responsibility is affected, respond promptly.',
    ],
    [
      [
        'CSAF・OSV の取り込みと機器台帳との照合',
        'CSAF and OSV advisories matched against the equipment inventory',
      ],
      ['深刻度ごとの対応期限と影響評価の記録', 'Due dates per severity and recorded impact assessments'],
    ],
    ['vulnerabilities.overdue'],
  ),
  row(
    '8.7',
    'CLD.12.1.5',
    ['実務管理者の運用のセキュリティ', "Administrator's operational security"],
    [
      '本サービスを利用頂くにあたり、サービスとして提供している環境をお客様自身で管理操作いただくことはありません。環境の変更等が必要な場合、お客様の依頼に応じて弊社にて変更いたします。',
      'Customers do not operate the environment provided as the service themselves. When the environment needs to change, we make the change at the customer’s request.',
    ],
    [
      [
        'お客様の変更依頼から承認済みの設備変更へ（お客様は設備を直接操作しない）',
        'Customer change requests become approved equipment changes (customers never operate equipment)',
      ],
    ],
    ['changes.approval'],
  ),
  row(
    '8.8',
    'CLD.12.4.5',
    ['クラウドサービスの監視', 'Monitoring of cloud services'],
    [
      'お客様環境からサービス設備との接続点までの到達性監視を提供しており、お客様専用のポータルサイトにおきまして、監視の停止や再開を操作する機能を提供しています。',
      'We provide reachability monitoring from the customer environment to the connection point with the service equipment, and the customer portal lets customers stop and resume the monitoring.',
    ],
    [
      [
        '接続ごとの到達性監視と、ポータルでの一時停止・再開',
        'Reachability monitoring per connection, paused and resumed in the portal',
      ],
    ],
    ['monitoring.coverage'],
  ),
  row(
    '9.1',
    '13.1.3',
    ['ネットワークの分離', 'Segregation in networks'],
    [
      'お客様がアクセスするネットワークと弊社運用担当者が利用する管理ネットワークは分離しています。また、ネットワークの仮想化技術を利用し、他のお客様と論理的にネットワークを分離しています。',
      'The network customers access is separated from the management network our operations staff use. Network virtualisation separates each customer’s network logically from other customers’.',
    ],
    [
      [
        '管理ネットワークとお客様ネットワークのアドレス重複を拒否',
        'Management and customer networks may not overlap',
      ],
      ['お客様ごとの仮想ネットワーク（VRF・VNI）', 'A virtual network per customer (VRF, VNI)'],
    ],
    ['network.mgmt-segregation', 'tenancy.rls'],
  ),
  row(
    '9.2',
    'CLD.13.1.4',
    [
      '仮想及び物理ネットワークのセキュリティ管理の整合',
      'Alignment of virtual and physical network security',
    ],
    [
      '本サービスにおいて物理ネットワーク、仮想ネットワークの整合性が取れるよう設計、構築、管理を徹底しています。お客様毎の仮想ネットワークの契約帯域や実効帯域を踏まえて物理ネットワーク上の帯域リソースを管理しています。物理ネットワークのポート数、帯域リソースやその他性能等を踏まえて物理ネットワークごとに収容する仮想ネットワークを管理し、増強・増設の計画をしています。',
      'We thoroughly design, build and manage the service so that the physical and virtual networks stay consistent. We manage the bandwidth of the physical network in view of the contracted and effective bandwidth of each customer’s virtual network. We decide which virtual networks each physical network carries in view of its ports, bandwidth and other performance, and plan augmentation and expansion.',
    ],
    [
      [
        'ポートごとの契約帯域の合計と物理帯域の比較、収容先の自動選択',
        'Contracted totals per port against physical bandwidth; placement chosen automatically',
      ],
      ['しきい値超過ポートの増強計画', 'Augmentation plans for ports over threshold'],
    ],
    ['capacity.augmentation'],
  ),
  row(
    '10.1',
    '14.1.1',
    ['情報セキュリティ要求事項の分析及び仕様化', 'Security requirements'],
    [
      '情報セキュリティ基本方針、ホワイトペーパーおよびサービスドキュメントに定めております。',
      'They are set out in the basic information security policy, this whitepaper and the service documents.',
    ],
    [
      [
        '本声明（ライブのエビデンス付き）とサービスドキュメントの公開',
        'This statement (with live evidence) and the service documents published',
      ],
    ],
    [],
  ),
  row(
    '10.2',
    '14.2.1',
    ['セキュリティに配慮した開発のための方針', 'Secure development policy'],
    [
      '本サービスでは、変更管理に関するプロセスを定めてサービス開発・運営を実施しております。変更管理プロセスでは、リスクアセスメントを実施した後、サービスのリリースをしております。',
      'We develop and run the service under a defined change-management process. In that process, a risk assessment is carried out before the service is released.',
    ],
    [
      [
        '設備変更はリスク評価と別人による承認の後にのみ実行',
        'Equipment changes run only after a risk assessment and approval by a second person',
      ],
    ],
    ['changes.approval'],
  ),
  row(
    '11.1',
    '15.1.2',
    ['供給者との合意におけるセキュリティの取扱い', 'Security in supplier agreements'],
    [
      '本サービスはクラウドサービスとなり、責任分界点の詳細は、「2.1 情報セキュリティの役割及び責任」を参照ください。また情報セキュリティ対策も「2.1 情報セキュリティの役割及び責任」の範囲において必要なセキュリティ対策を実施しております。',
      'This service is a cloud service; for the details of the responsibility split, see “2.1 Information security roles and responsibilities”. We also take the necessary security measures within the scope set out there.',
    ],
    [['責任分界点の表示', 'The responsibility split shown']],
    [],
  ),
  row(
    '11.2',
    '15.1.3',
    ['ICT サプライチェーン', 'ICT supply chain'],
    [
      '他のクラウドサービスの供給は受けておりません。本サービスの提供のために必要となる構成要素（データセンターや機器等）の供給については、弊社のセキュリティ方針に沿うようリスク管理しております。',
      'We do not use any other cloud service. The supply of the components needed to provide this service (data centres, equipment and so on) is risk-managed in line with our security policy.',
    ],
    [
      [
        '供給者台帳、リスク評価と次回見直し日、契約のセキュリティ条項',
        'Supplier register, risk assessments with next review dates, security clauses of agreements',
      ],
    ],
    ['equipment.suppliers'],
  ),
  row(
    '12.1',
    '16.1.1',
    ['責任及び手順', 'Incident responsibilities'],
    [
      '弊社の責任範囲である、契約者情報やお客様に影響のあるサービス運営上の派生データ等に関する情報セキュリティインシデントが発生した場合には、お客様専用のポータルサイトやメールにて速やかに報告いたします。',
      'If an information security incident occurs within our scope of responsibility, such as one concerning contractor information or data derived from running the service that affects customers, we report it promptly in the customer portal and by email.',
    ],
    [
      [
        '障害・インシデント情報のポータル掲載と影響のあるお客様へのメール',
        'Incidents published in the portal and emailed to affected customers',
      ],
    ],
    ['incidents.reporting'],
  ),
  row(
    '12.2',
    '16.1.2',
    ['情報セキュリティ事象の報告', 'Reporting security events'],
    [
      '情報セキュリティ事故が発生した場合には、お客様専用のポータルサイトやメール等にて速やかに報告いたします。また、お客様からの事象報告はお問い合わせ窓口にて受け付けております。',
      'If an information security incident occurs, we report it promptly in the customer portal, by email and by other means. Event reports from customers are received by the inquiry desk.',
    ],
    [
      [
        'ポータルからのセキュリティ事象報告（添付・担当割当・状態管理）',
        'Security event reports from the portal (attachments, assignment, status)',
      ],
    ],
    ['incidents.reporting'],
  ),
  row(
    '12.3',
    '16.1.7',
    ['証拠の収集', 'Collection of evidence'],
    [
      'お客様責任範囲における情報セキュリティインシデントに関するログ等の証拠の収集はお客様にて実施頂く範囲となります。弊社責任範囲でのログ等の証拠が必要な場合は、お客様の要望に応じて個別に対応しております。都度、ご相談ください。',
      'Collecting evidence such as logs of information security incidents within the customer’s scope is the customer’s task. When evidence such as logs within our scope is needed, we respond individually at the customer’s request. Please contact us each time.',
    ],
    [
      [
        '事業者ログの提供依頼（承認、署名付き証跡バンドル、オフライン検証）',
        'Requests for provider-side logs (approval, signed evidence bundles, offline verification)',
      ],
    ],
    ['audit.chain'],
  ),
  row(
    '13.1',
    '18.1.1',
    ['適用法令及び契約上の要求事項の特定', 'Applicable legislation'],
    [
      '本サービスのサービス設備は{dataLocation}に設置しております。本サービスをご利用にあたり、当社と契約者の間で訴訟の必要が生じた場合、{jurisdiction}。詳細は契約約款に記載しておりますので、ご確認ください。',
      'The service equipment of this service is installed in {dataLocation}. Should litigation between us and a contractor become necessary in connection with this service, {jurisdiction}. Details are given in the terms of service; please refer to them.',
    ],
    [
      [
        '設備所在地・管轄裁判所・契約約款を設定から表示',
        'Equipment location, jurisdiction and terms of service shown from configuration',
      ],
    ],
    [],
  ),
  row(
    '13.2',
    '18.1.2',
    ['知的財産権', 'Intellectual property'],
    [
      'サービス提供機能で設定された内容や、お客様の送信されたデータ、お客様宛のデータはお客様管理下にあります。本サービスのお問い合わせ窓口はサービスドキュメントに記載しております。',
      'What is configured in the service functions, and the data customers send and receive, remain under the customer’s control. The inquiry desk of this service is given in the service documents.',
    ],
    [['設定（保存データ）のエクスポート', 'Export of settings (stored data)']],
    [],
  ),
  row(
    '13.3',
    '18.1.3',
    ['記録の保護', 'Protection of records'],
    [
      '8.4 で定めたログを記録し、保管しています。データはお客様ネットワークとは分離された環境で保管され、障害対応で必要になる場合などサービス運用上の用途でのみ利用します。また、利用については、契約約款の契約者情報の定めによります。',
      'The logs defined in 8.4 are recorded and kept. The data is kept in an environment separated from customer networks and used only for running the service, for example when needed for failure handling. Its use is governed by the provisions on contractor information in the terms of service.',
    ],
    [
      [
        '運用ログは ops スキーマに保管し、保存期間を設定',
        'Operational logs kept in the ops schema with configured retention',
      ],
      [
        'ハッシュチェーンと署名付きチェックポイントによる改ざん検知（毎日検証）',
        'Tamper evidence by a hash chain and signed checkpoints (verified daily)',
      ],
    ],
    ['traffic.collection', 'traffic.retention', 'audit.chain'],
  ),
  row(
    '13.4',
    '18.1.5',
    ['暗号化機能に対する規制', 'Cryptographic regulation'],
    [
      'お客様専用のポータルサイトでは SSL/TLS の暗号化を使用しております。なお、輸出規制の対象となる暗号化の利用はありません。',
      'The customer portal uses SSL/TLS encryption. No export-controlled cryptography is used.',
    ],
    [['標準的な TLS 1.2／1.3 と IPsec のみを使用', 'Only standard TLS 1.2/1.3 and IPsec are used']],
    ['tls.listeners'],
  ),
  row(
    '13.5',
    '18.2.1',
    ['情報セキュリティの独立したレビュー', 'Independent review'],
    [
      '組織的な取り組みとして弊社では ISMS 認証やプライバシーマークを取得しております。',
      'As an organisation-wide effort, we hold ISMS certification and the PrivacyMark.',
    ],
    [
      [
        'ソフトウェアの範囲外（本声明に条項として表示）',
        'Outside the software (the statement shows the clause)',
      ],
    ],
    [],
  ),
];
