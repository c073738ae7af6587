import { zonedDate } from '../../lib/time.ts';
import { insertDocument } from './repository.ts';

/**
 * Demo service documents: for each service type a specification (v1.0 and v1.1, both in force by
 * now, so there is an earlier version), a manual (plus an upcoming revision for IPsec), the terms
 * and the responsibility split, in Japanese and English. Written for the demo, not legal text.
 */
type DemoType = 'ipsec' | 'direct' | 'option';
interface Facts {
  ja: string;
  en: string;
  /** specification body per version */
  spec: { ja: string; en: string };
  specNew: { ja: string; en: string };
  manual: { ja: string; en: string };
  customerSide: { ja: string; en: string };
}

const FACTS: Record<DemoType, Facts> = {
  ipsec: {
    ja: 'IPsec アクセス',
    en: 'IPsec access',
    spec: {
      ja: `| 項目 | 内容 |
|---|---|
| 接続方式 | インターネット経由の IPsec（IKEv2） |
| 暗号 | AES-256-GCM、PRF SHA-256、DH グループ 19 / 20 |
| 契約帯域 | 10 Mbps〜1 Gbps（10 Mbps 単位） |
| お客様機器の要件 | 固定グローバル IPv4 アドレス、IKEv2 対応ルーター |
| 冗長化 | 事業者側の終端装置 2 台へトンネルを 2 本張れます |`,
      en: `| Item | Value |
|---|---|
| Connection | IPsec (IKEv2) over the internet |
| Cryptography | AES-256-GCM, PRF SHA-256, DH groups 19 / 20 |
| Contracted bandwidth | 10 Mbps to 1 Gbps (in steps of 10 Mbps) |
| Customer equipment | A fixed global IPv4 address and an IKEv2 router |
| Redundancy | Two tunnels, one to each of the provider's two termination devices |`,
    },
    specNew: {
      ja: '- お客様側の終端アドレスに IPv6 を使えるようになりました。\n- DH グループ 14 の受け付けを終了しました。',
      en: "- The customer's tunnel endpoint may now be an IPv6 address.\n- DH group 14 is no longer accepted.",
    },
    manual: {
      ja: `1. ポータルの「サービス」で IPsec のサービスコードを選び、接続先アドレスと事前共有鍵の受け渡し方法を確認します。
2. お客様ルーターに IKEv2 のピアとして事業者の終端アドレス 2 つを設定します。
3. トンネルが確立したら、ポータルの疎通監視で状態が「正常」になることを確認します。
4. 設定値の変更（帯域、接続先アドレスなど）はポータルの「変更依頼」から申し込みます。`,
      en: `1. In the portal's Services page, pick the IPsec service code and check the termination addresses and how the pre-shared key is handed over.
2. Configure both of the provider's termination addresses as IKEv2 peers on your router.
3. Once the tunnels are up, check that reachability monitoring in the portal shows "OK".
4. Request any change of settings (bandwidth, endpoint addresses and so on) with a change request in the portal.`,
    },
    customerSide: {
      ja: 'お客様ルーターの設定と運用、インターネット回線、事前共有鍵の社内での管理',
      en: 'The configuration and operation of your router, your internet line, and the handling of the pre-shared key inside your organisation',
    },
  },
  direct: {
    ja: 'ダイレクトアクセス',
    en: 'Direct access',
    spec: {
      ja: `| 項目 | 内容 |
|---|---|
| 接続方式 | 提携データセンター内の専用線（構内配線） |
| インターフェース | 1000BASE-LX、10GBASE-LR（シングルモード、LC コネクタ） |
| 契約帯域 | 100 Mbps〜10 Gbps |
| 論理分離 | IEEE 802.1Q VLAN（お客様ごとに割り当て） |`,
      en: `| Item | Value |
|---|---|
| Connection | A dedicated cross-connect in a partner data centre |
| Interface | 1000BASE-LX, 10GBASE-LR (single-mode fibre, LC connectors) |
| Contracted bandwidth | 100 Mbps to 10 Gbps |
| Logical separation | IEEE 802.1Q VLANs, assigned per customer |`,
    },
    specNew: {
      ja: '- 25GBASE-LR のインターフェースを追加しました。\n- 構内配線の開通試験結果をポータルで確認できるようになりました。',
      en: '- A 25GBASE-LR interface was added.\n- The acceptance test results of the cross-connect can now be viewed in the portal.',
    },
    manual: {
      ja: `1. 事業者が発行する LOA（接続許可書）を受け取り、データセンターに構内配線を申し込みます。
2. 配線の完了後、お客様機器のポートに割り当て VLAN を設定します。
3. ポータルの疎通監視で状態が「正常」になることを確認します。
4. 帯域や VLAN の変更はポータルの「変更依頼」から申し込みます。`,
      en: `1. Receive the letter of authorisation (LOA) from the provider and order the cross-connect from the data centre.
2. When the cross-connect is in place, configure the assigned VLAN on your equipment's port.
3. Check that reachability monitoring in the portal shows "OK".
4. Request changes of bandwidth or VLAN with a change request in the portal.`,
    },
    customerSide: {
      ja: 'ラック内のお客様機器とその設定、データセンターへの構内配線の申し込み',
      en: 'Your equipment in the rack and its configuration, and ordering the cross-connect from the data centre',
    },
  },
  option: {
    ja: 'オプションサービス',
    en: 'Optional services',
    spec: {
      ja: `| オプション | 内容 |
|---|---|
| 監視強化 | 疎通監視の間隔を 60 秒から 20 秒に短縮し、通知先を 5 件まで登録 |
| 帯域追加 | 契約帯域を 10 Mbps 単位で追加（月単位） |`,
      en: `| Option | What it adds |
|---|---|
| Extended monitoring | Reachability probes every 20 seconds instead of 60, up to 5 notification addresses |
| Extra bandwidth | Additional contracted bandwidth in steps of 10 Mbps (monthly) |`,
    },
    specNew: {
      ja: '- 監視強化オプションで、疎通監視の一時停止予定をあらかじめ登録できるようになりました。',
      en: '- With extended monitoring, pauses of reachability monitoring can now be scheduled in advance.',
    },
    manual: {
      ja: `1. オプションの追加・解約はポータルの「変更依頼」から申し込みます。
2. 監視強化の通知先はポータルの監視設定で確認できます。
3. 保守作業などで監視を止めるときは、ポータルで一時停止し、作業後に再開してください。`,
      en: `1. Add or cancel an option with a change request in the portal.
2. The notification addresses of extended monitoring are shown in the portal's monitoring settings.
3. To stop monitoring during your own maintenance, pause it in the portal and resume it afterwards.`,
    },
    customerSide: {
      ja: '監視対象と通知先の指定、監視の一時停止と再開',
      en: 'Choosing monitoring targets and notification addresses, and pausing and resuming monitoring',
    },
  },
};

interface Doc {
  kind: 'specification' | 'manual' | 'terms' | 'responsibility';
  version: string;
  effectiveFrom: string;
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
}

function docsFor(type: DemoType, upcoming: string): Doc[] {
  const f = FACTS[type];
  const spec = (version: string, effectiveFrom: string, withNew: boolean): Doc => ({
    kind: 'specification',
    version,
    effectiveFrom,
    titleJa: `${f.ja} サービス仕様書`,
    titleEn: `${f.en} service specification`,
    bodyJa: `# ${f.ja} サービス仕様書（第 ${version} 版）\n\n## 仕様\n\n${f.spec.ja}\n${
      withNew ? `\n## 第 ${version} 版での変更\n\n${f.specNew.ja}\n` : ''
    }\n## お問い合わせ\n\nご不明な点はサービス情報ページのお問い合わせ窓口までご連絡ください。\n`,
    bodyEn: `# ${f.en} service specification (version ${version})\n\n## Specification\n\n${f.spec.en}\n${
      withNew ? `\n## Changes in version ${version}\n\n${f.specNew.en}\n` : ''
    }\n## Questions\n\nContact the inquiry desk shown on the service information page.\n`,
  });
  const docs: Doc[] = [
    spec('1.0', '2024-04-01', false),
    spec('1.1', '2025-04-01', true),
    {
      kind: 'manual',
      version: '1.0',
      effectiveFrom: '2024-04-01',
      titleJa: `${f.ja} 利用マニュアル`,
      titleEn: `${f.en} user manual`,
      bodyJa: `# ${f.ja} 利用マニュアル\n\n## 開通までの手順\n\n${f.manual.ja}\n\n## 困ったときは\n\n障害と思われる事象は、お問い合わせ窓口（24 時間受付）へご連絡ください。ポータルのお知らせに障害情報を掲載します。\n`,
      bodyEn: `# ${f.en} user manual\n\n## Getting connected\n\n${f.manual.en}\n\n## If something goes wrong\n\nReport a suspected failure to the inquiry desk (open 24 hours). Failure information is posted in the portal's notices.\n`,
    },
    {
      kind: 'terms',
      version: '1.0',
      effectiveFrom: '2024-04-01',
      titleJa: `${f.ja} 利用規約`,
      titleEn: `${f.en} terms of service`,
      bodyJa: `# ${f.ja} 利用規約\n\n第 1 条（適用）本規約は、お客様と事業者との間の${f.ja}の利用に関する一切の関係に適用されます。\n\n第 2 条（お客様の設定）本サービスの機能の設定内容はお客様の保存データであり、お客様の管理下にあります。事業者はお客様の依頼に基づいてのみこれを変更します。\n\n第 3 条（データの所在）本サービスの設備とお客様の保存データは日本国内に置かれます。\n\n第 4 条（契約終了後の消去）契約終了日の翌日から起算して 90 日以内に、事業者の設備に残るお客様の保存データを消去します。\n\n第 5 条（準拠法）本規約は日本法に準拠し、日本法に従って解釈されます。\n\n第 6 条（管轄裁判所）本規約に関する一切の紛争は、東京地方裁判所を第一審の専属的合意管轄裁判所とします。\n`,
      bodyEn: `# ${f.en} terms of service\n\nArticle 1 (Scope) These terms govern every aspect of the customer's use of ${f.en.toLowerCase()} provided by the provider.\n\nArticle 2 (Customer settings) The settings of the service's functions are the customer's stored data and remain under the customer's control. The provider changes them only at the customer's request.\n\nArticle 3 (Location of data) The service equipment and the customer's stored data are located in Japan.\n\nArticle 4 (Erasure after termination) The customer's stored data left in the provider's equipment is erased within 90 days, counting the day after the termination date as day 1.\n\nArticle 5 (Governing law) These terms are governed by and construed in accordance with the laws of Japan.\n\nArticle 6 (Jurisdiction) The Tokyo District Court has exclusive jurisdiction of first instance over any dispute concerning these terms.\n`,
    },
    {
      kind: 'responsibility',
      version: '1.0',
      effectiveFrom: '2024-04-01',
      titleJa: `${f.ja} 責任分界`,
      titleEn: `${f.en} responsibility split`,
      bodyJa: `# ${f.ja} 責任分界\n\n| 範囲 | 事業者 | お客様 |\n|---|---|---|\n| ネットワーク・サーバー・設備 | 提供、運用、保守、監視、障害対応 | — |\n| サーバーのセキュリティとソフトウェア | 脆弱性対応を含めて管理 | — |\n| 本サービスの機能の設定（保存データ） | お客様の依頼に基づいて変更 | 内容を決定し、ポータルで確認・エクスポート |\n| お客様側 | — | ${f.customerSide.ja} |\n`,
      bodyEn: `# ${f.en} responsibility split\n\n| Area | Provider | Customer |\n|---|---|---|\n| Network, servers, facilities | Provides, operates, maintains, monitors, handles failures | — |\n| Server security and software | Manages them, vulnerabilities included | — |\n| Settings of the service functions (stored data) | Changes them at the customer's request | Decides them; views and exports them in the portal |\n| Customer side | — | ${f.customerSide.en} |\n`,
    },
  ];
  if (type === 'ipsec') {
    const next = docs.find((d) => d.kind === 'manual')!;
    docs.push({
      ...next,
      version: '1.1',
      effectiveFrom: upcoming,
      bodyJa: next.bodyJa.replace(
        '## 困ったときは',
        '## IPv6 での接続\n\n第 1.1 版から、お客様側の終端に IPv6 アドレスを使えます。\n\n## 困ったときは',
      ),
      bodyEn: next.bodyEn.replace(
        '## If something goes wrong',
        '## Connecting over IPv6\n\nFrom version 1.1 your tunnel endpoint may be an IPv6 address.\n\n## If something goes wrong',
      ),
    });
  }
  return docs;
}

/**
 * Seeds the demo's service documents; runs inside the demo's system transaction. `publishedBy` is
 * the staff member recorded as publisher (e.g. the security officer), or null.
 */
export async function seedDemoDocuments(opts: { publishedBy?: string | null } = {}): Promise<{
  documents: number;
}> {
  const upcoming = zonedDate(new Date(Date.now() + 30 * 86_400_000));
  let documents = 0;
  for (const type of ['ipsec', 'direct', 'option'] as const) {
    for (const d of docsFor(type, upcoming)) {
      await insertDocument({
        serviceType: type,
        kind: d.kind,
        version: d.version,
        titleJa: d.titleJa,
        titleEn: d.titleEn,
        effectiveFrom: d.effectiveFrom,
        createdBy: opts.publishedBy ?? null,
        content: { format: 'markdown', bodyJa: d.bodyJa, bodyEn: d.bodyEn },
      });
      documents++;
    }
  }
  return { documents };
}
