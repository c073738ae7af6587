import type { IpsecSettings } from '../../db/schema-network.ts';
import { familyOf, hostPrefix, transfer, uniqueSorted, type Family } from './render/addr.ts';
import { quote, secretValue, tsAll } from './render/swanctl.ts';

/**
 * The customer's side of an IPsec connection (CLD.9.5.1): a strongSwan swanctl.conf for their own
 * router and a plain parameter sheet (ja/en), both rendered from the same facts as the PE's side so
 * the two always match. Pure: the caller decides whether the PSK is in (tenant administrators only).
 */

export interface CustomerIpsecFacts {
  connectionId: string;
  connectionName: string;
  virtualNetwork: string;
  pop: { ja: string; en: string } | null;
  bandwidthMbps: number;
  peUnderlay: string;
  transfers: string[];
  customerSubnets: string[];
  /** the virtual network's other destinations (other sites' transfer prefixes and subnets) */
  otherPrefixes: string[];
  settings: IpsecSettings;
  /** null: not shown to this user (or certificate authentication) */
  psk: string | null;
}

const SAFE_PSK = /^[A-Za-z0-9!#$%&()*+,\-./:;<=>?@[\]^_`{|}~]+$/;

/** The customer's own traffic selector: their transfer address(es) and their subnets. */
export function customerSelectors(f: Pick<CustomerIpsecFacts, 'transfers' | 'customerSubnets'>): string[] {
  return uniqueSorted([...f.transfers.map((t) => hostPrefix(transfer(t).customer)), ...f.customerSubnets]);
}

const familiesOf = (prefixes: readonly string[]): Family[] =>
  uniqueSorted(prefixes.map((p) => String(familyOf(p)))).map(Number) as Family[];

export const shortName = (connectionId: string): string => `pva-${connectionId.slice(0, 8)}`;

export function customerSwanctl(f: CustomerIpsecFacts, lang: 'ja' | 'en'): string {
  const name = shortName(f.connectionId);
  const local = customerSelectors(f);
  const s = f.settings;
  const ja = lang === 'ja';
  const auth = s.auth === 'psk' ? 'psk' : 'pubkey';
  const routeHint = f.otherPrefixes.length
    ? f.otherPrefixes.join(', ')
    : ja
      ? '（まだありません）'
      : '(none yet)';
  const out = [
    ja
      ? `# PVA IPsec 設定（strongSwan swanctl.conf）: 接続 ${f.connectionName}（${f.connectionId}）`
      : `# PVA IPsec configuration (strongSwan swanctl.conf): connection ${f.connectionName} (${f.connectionId})`,
    ja ? `# 仮想ネットワーク: ${f.virtualNetwork}` : `# Virtual network: ${f.virtualNetwork}`,
    ...f.transfers.map((t) =>
      ja
        ? `# 転送用アドレス ${transfer(t).customer} をルーターのインターフェース（ループバック等）に設定してください（PE 側 ${transfer(t).pe}）。`
        : `# Put the transfer address ${transfer(t).customer} on an interface of your router, e.g. a loopback (PE side: ${transfer(t).pe}).`,
    ),
    ja
      ? `# PE 側のトラフィックセレクタは ${tsAll(familiesOf(local))}（ルートベース）です。仮想ネットワーク内の宛先: ${routeHint}`
      : `# The PE's traffic selector is ${tsAll(familiesOf(local))} (route-based). Destinations in your virtual network: ${routeHint}`,
    'connections {',
    `  ${name} {`,
    '    version = 2',
    ja
      ? `    local_addrs = %any  # 登録済みのお客様側アドレス: ${s.peerAddress}`
      : `    local_addrs = %any  # your address as registered: ${s.peerAddress}`,
    `    remote_addrs = ${f.peUnderlay}`,
    `    proposals = ${s.ikeProposals.join(',')}`,
    '    dpd_delay = 30s',
    '    keyingtries = 0',
    '    local {',
    `      auth = ${auth}`,
    `      id = ${quote(s.remoteId)}`,
    ...(s.auth === 'cert'
      ? [ja ? '      # certs = お客様の証明書ファイル' : '      # certs = your certificate file']
      : []),
    '    }',
    '    remote {',
    `      auth = ${auth}`,
    `      id = ${quote(s.localId)}`,
    '    }',
    '    children {',
    `      ${name} {`,
    `        local_ts = ${local.join(',')}`,
    `        remote_ts = ${tsAll(familiesOf(local))}`,
    `        esp_proposals = ${s.espProposals.join(',')}`,
    '        mode = tunnel',
    '        start_action = start',
    '        dpd_action = restart',
    '      }',
    '    }',
    '  }',
    '}',
  ];
  if (s.auth === 'psk') {
    out.push(
      '',
      'secrets {',
      `  ike-${name} {`,
      `    id-1 = ${quote(s.remoteId)}`,
      `    id-2 = ${quote(s.localId)}`,
      f.psk === null
        ? ja
          ? '    # secret = （事前共有鍵は管理者にのみ表示されます）'
          : '    # secret = (the pre-shared key is shown to administrators only)'
        : `    secret = ${SAFE_PSK.test(f.psk) ? quote(f.psk) : secretValue(f.psk)}`,
      '  }',
      '}',
    );
  }
  return `${out.join('\n')}\n`;
}

const L = {
  ja: {
    title: 'PVA IPsec 接続パラメータシート',
    connection: '接続名',
    id: '接続 ID',
    vn: '仮想ネットワーク',
    pop: '接続先拠点 (PoP)',
    bandwidth: '契約帯域',
    ike: '■ IKE（フェーズ 1）',
    version: 'IKE バージョン',
    peAddr: '接続先アドレス（PE）',
    myAddr: 'お客様側アドレス（登録済み）',
    ikeProp: 'IKE プロポーザル',
    auth: '認証方式',
    psk: '事前共有鍵 (PSK)',
    cert: '証明書',
    peId: 'PE 側 ID',
    myId: 'お客様側 ID',
    pskHidden: '（管理者にのみ表示されます）',
    esp: '■ IPsec（フェーズ 2）',
    espProp: 'ESP プロポーザル',
    mode: 'モード',
    modeValue: 'トンネル（ESP は UDP 4500 でカプセル化: NAT 越え可）',
    localTs: 'お客様側トラフィックセレクタ',
    remoteTs: 'PE 側トラフィックセレクタ',
    routeBased: '（ルートベース）',
    addr: '■ アドレス',
    transfer: '転送用プレフィックス',
    pe: 'PE',
    you: 'お客様',
    lan: 'お客様 LAN',
    others: 'トンネルに向けて経路設定する宛先',
    none: 'なし',
  },
  en: {
    title: 'PVA IPsec connection parameter sheet',
    connection: 'Connection',
    id: 'Connection ID',
    vn: 'Virtual network',
    pop: 'Point of presence',
    bandwidth: 'Contracted bandwidth',
    ike: '== IKE (phase 1)',
    version: 'IKE version',
    peAddr: 'Peer address (PE)',
    myAddr: 'Your address (as registered)',
    ikeProp: 'IKE proposals',
    auth: 'Authentication',
    psk: 'Pre-shared key (PSK)',
    cert: 'Certificates',
    peId: 'PE identity',
    myId: 'Your identity',
    pskHidden: '(shown to administrators only)',
    esp: '== IPsec (phase 2)',
    espProp: 'ESP proposals',
    mode: 'Mode',
    modeValue: 'Tunnel (ESP encapsulated in UDP 4500: works through NAT)',
    localTs: 'Your traffic selector',
    remoteTs: "The PE's traffic selector",
    routeBased: '(route-based)',
    addr: '== Addresses',
    transfer: 'Transfer prefix',
    pe: 'PE',
    you: 'you',
    lan: 'Your LANs',
    others: 'Destinations to route into the tunnel',
    none: 'none',
  },
} as const;

export function parameterSheet(f: CustomerIpsecFacts, lang: 'ja' | 'en'): string {
  const t = L[lang];
  const s = f.settings;
  const local = customerSelectors(f);
  const row = (k: string, v: string) => `${k}: ${v}`;
  const lines = [
    t.title,
    '',
    row(t.connection, f.connectionName),
    row(t.id, f.connectionId),
    row(t.vn, f.virtualNetwork),
    ...(f.pop ? [row(t.pop, f.pop[lang])] : []),
    row(t.bandwidth, `${f.bandwidthMbps} Mbit/s`),
    '',
    t.ike,
    row(t.version, 'IKEv2'),
    row(t.peAddr, f.peUnderlay),
    row(t.myAddr, s.peerAddress),
    row(t.ikeProp, s.ikeProposals.join(', ')),
    row(t.auth, s.auth === 'psk' ? t.psk : t.cert),
    row(t.peId, s.localId),
    row(t.myId, s.remoteId),
    ...(s.auth === 'psk' ? [row(t.psk, f.psk ?? t.pskHidden)] : []),
    '',
    t.esp,
    row(t.espProp, s.espProposals.join(', ')),
    row(t.mode, t.modeValue),
    row(t.localTs, local.join(', ')),
    row(t.remoteTs, `${tsAll(familiesOf(local)).replace(',', ', ')} ${t.routeBased}`),
    '',
    t.addr,
    ...f.transfers.map((p) =>
      row(t.transfer, `${p} (${t.pe} ${transfer(p).pe}, ${t.you} ${transfer(p).customer})`),
    ),
    row(t.lan, f.customerSubnets.length ? f.customerSubnets.join(', ') : t.none),
    row(t.others, f.otherPrefixes.length ? f.otherPrefixes.join(', ') : t.none),
  ];
  return `${lines.join('\n')}\n`;
}
