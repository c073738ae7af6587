import ipaddr from 'ipaddr.js';
import { AppError, type Lang } from '../../app/errors.ts';
import type { OverlapKind } from './physical-repository.ts';

/** The rules of the physical network that need no database: addresses, errors, capacity limits. */

export type Text = { ja: string; en: string };

export const invalid = (field: string, code: string, message: Text, lang: Lang): AppError =>
  new AppError('validation_failed', { fields: [{ field, code, message: message[lang] }] });

export const taken = (field: string, lang: Lang, what: Text): AppError =>
  new AppError('conflict', {
    fields: [
      {
        field,
        code: 'taken',
        message:
          lang === 'ja' ? `この${what.ja}はすでに使われています。` : `This ${what.en} is already in use.`,
      },
    ],
  });

export const unknownRef = (field: string, lang: Lang, what: Text): AppError =>
  invalid(field, 'unknown', { ja: `${what.ja}が見つかりません。`, en: `No such ${what.en}.` }, lang);

export const inUse = (detail: Text, extensions: Record<string, string | number>): AppError =>
  new AppError('in_use', { detail, extensions });

/** Parses one address (no prefix length) to its canonical text; IPv4-mapped IPv6 becomes IPv4. */
export function parseHost(text: string, field: string, lang: Lang): string {
  const t = text.trim();
  if (!ipaddr.isValid(t) || t.includes('/')) {
    throw invalid(
      field,
      'format',
      { ja: 'IP アドレスの形式が正しくありません。', en: 'This is not a valid IP address.' },
      lang,
    );
  }
  const a = ipaddr.parse(t);
  const plain =
    a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
  if (plain.range() === 'unspecified' || plain.range() === 'multicast' || plain.range() === 'broadcast') {
    throw invalid(
      field,
      'not_unicast',
      { ja: 'ホストのアドレス（ユニキャスト）を指定してください。', en: 'Give a unicast host address.' },
      lang,
    );
  }
  return plain.toString();
}

/** Parses a management prefix; host bits must be zero (the network address is given, not a host). */
export function parseMgmtPrefix(text: string, field: string, lang: Lang): string {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let len: number;
  try {
    [addr, len] = ipaddr.parseCIDR(text.trim());
  } catch {
    throw invalid(
      field,
      'format',
      {
        ja: 'プレフィックスの形式が正しくありません（例: 10.255.0.0/24）。',
        en: 'Not a valid prefix (e.g. 10.255.0.0/24).',
      },
      lang,
    );
  }
  const v4 = addr.kind() === 'ipv4';
  const [min, max] = v4 ? [8, 30] : [32, 127];
  if (len < min || len > max) {
    throw invalid(
      field,
      'length',
      {
        ja: `プレフィックス長は /${min}〜/${max} にしてください。`,
        en: `The prefix length must be between /${min} and /${max}.`,
      },
      lang,
    );
  }
  const net = v4
    ? ipaddr.IPv4.networkAddressFromCIDR(text.trim())
    : ipaddr.IPv6.networkAddressFromCIDR(text.trim());
  const canonical = `${net.toString()}/${len}`;
  if (net.toString() !== addr.toString()) {
    throw invalid(
      field,
      'host_bits',
      {
        ja: `ネットワークアドレスで指定してください（${canonical}）。`,
        en: `Give the network address (${canonical}).`,
      },
      lang,
    );
  }
  return canonical;
}

/** Whether a host address may be a device's management address in `prefix` (inside, not network/broadcast). */
export function usableIn(address: string, prefix: string): boolean {
  const a = ipaddr.parse(address);
  const [net, len] = ipaddr.parseCIDR(prefix);
  if (a.kind() !== net.kind() || !a.match(net, len)) return false;
  if (a.kind() === 'ipv6') return a.toString() !== net.toString();
  const first = ipaddr.IPv4.networkAddressFromCIDR(prefix).toString();
  const last = ipaddr.IPv4.broadcastAddressFromCIDR(prefix).toString();
  return len >= 31 || (address !== first && address !== last);
}

const OVERLAP_WORDS: Record<OverlapKind, Text> = {
  mgmt_network: { ja: '別の管理ネットワーク', en: 'another management network' },
  tenant_pool: { ja: 'テナントのアドレスプール', en: 'a tenant address pool' },
  connection: { ja: '接続の転送用プレフィックス', en: "a connection's transfer prefix" },
  customer_subnet: { ja: 'お客様のサブネット', en: 'a customer subnet' },
  underlay: { ja: 'PE のアンダーレイアドレス', en: "a PE's underlay address" },
};

/** CLD.9.5.1 / 13.1.3: the management network shares no address with anything customers reach. */
export function mgmtOverlap(prefix: string, clash: { kind: OverlapKind; prefix: string }): AppError {
  const w = OVERLAP_WORDS[clash.kind];
  return new AppError('mgmt_network_overlap', {
    detail: {
      ja: `${prefix} は${w.ja}（${clash.prefix}）と重複します。`,
      en: `${prefix} overlaps ${w.en} (${clash.prefix}).`,
    },
    extensions: { prefix, overlapKind: clash.kind, overlapPrefix: clash.prefix },
  });
}

export interface LimitCheck {
  portId: string;
  /** "hostname port" */
  port: string;
  capacityMbps: number;
  oversubscription: number;
  contractedMbps: number;
}

export const limitOf = (capacityMbps: number, oversubscription: number): number =>
  Math.floor(capacityMbps * oversubscription);

/**
 * A port whose capacity or class changes must still carry its contracted total within
 * capacity × oversubscription (CLD.13.1.4); the same problem as a refused placement.
 */
export function capacityExceeded(c: LimitCheck, extra: Record<string, number> = {}): AppError {
  const limit = limitOf(c.capacityMbps, c.oversubscription);
  return new AppError('capacity_exceeded', {
    detail: {
      ja: `ポート ${c.port} の契約帯域合計 ${c.contractedMbps} Mbit/s が、変更後の上限 ${limit} Mbit/s（容量 ${c.capacityMbps} Mbit/s × ${c.oversubscription}）を超えます。超過を承知で変更するには理由を添えてください。`,
      en: `Port ${c.port} carries ${c.contractedMbps} Mbit/s contracted in total, above the new limit of ${limit} Mbit/s (capacity ${c.capacityMbps} Mbit/s × ${c.oversubscription}). Give a reason to override.`,
    },
    extensions: {
      portId: c.portId,
      port: c.port,
      capacityMbps: c.capacityMbps,
      oversubscription: c.oversubscription,
      limitMbps: limit,
      contractedMbps: c.contractedMbps,
      requestedTotalMbps: c.contractedMbps,
      ...extra,
    },
  });
}

/** Two decimals, as numeric(6,2) stores it. */
export const roundRatio = (x: number): number => Math.round(x * 100) / 100;

/** The JSON of driver_target is small configuration, never a place for bulk data. */
export function checkDriverTarget(target: Record<string, unknown>, lang: Lang): void {
  if (JSON.stringify(target).length > 4096) {
    throw invalid(
      '/body/driverTarget',
      'too_large',
      {
        ja: 'ドライバ接続先の設定は 4 KB 以内にしてください。',
        en: 'The driver target must be at most 4 KB of JSON.',
      },
      lang,
    );
  }
}

/** PostgreSQL's foreign-key violation (SQLSTATE 23503), on both engines. */
const isForeignKeyViolation = (e: unknown): e is { code: string; table?: string; schema?: string } =>
  typeof e === 'object' && e !== null && 'code' in e && e.code === '23503';

/**
 * Runs a delete; when other records still refer to the object (measurements, augmentation plans,
 * configuration backups or change records of other modules), answers 409 in_use instead of 500.
 */
export async function deleteOrInUse(what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!isForeignKeyViolation(e)) throw e;
    throw inUse(
      {
        ja: `${what} は他の記録（容量の計測値・増強計画・設定のバックアップや変更記録など）から参照されているため削除できません。機器は撤去（「撤去中」から廃棄・再利用）の手続きに、ポートは「無効」にしてください。`,
        en: `${what} is still referred to by other records (capacity measurements, augmentation plans, configuration backups or change records). Decommission a device (then dispose of or reuse it) or disable a port instead.`,
      },
      { referencedBy: e.table ? `${e.schema ? `${e.schema}.` : ''}${e.table}` : 'unknown' },
    );
  }
}
