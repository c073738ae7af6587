import { AppError, notFound, type Lang } from '../../app/errors.ts';
import * as repo from './physical-repository.ts';
import {
  capacityExceeded,
  deleteOrInUse,
  inUse,
  invalid,
  mgmtOverlap,
  parseMgmtPrefix,
  roundRatio,
  taken,
  limitOf,
} from './physical-rules.ts';
import type {
  MgmtNetworkBodyT,
  MgmtNetworkPatchT,
  PopBodyT,
  PopPatchT,
  PortClassBodyT,
  PortClassPatchT,
} from './physical-schema.ts';

/** PoPs, management networks and port classes: the rules around each write. */

export type Changes = Record<string, { before: unknown; after: unknown }>;

/** The fields of `next` that differ from `current` (keys as stored). */
export function diff<T extends Record<string, unknown>>(current: T, next: Partial<T>): Changes {
  const out: Changes = {};
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined) continue;
    if (JSON.stringify(current[k]) !== JSON.stringify(v)) out[k] = { before: current[k], after: v };
  }
  return out;
}
/** The new values of a set of changes, keyed as stored. */
export const after = <T>(c: Changes): Partial<T> =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.after])) as Partial<T>;

const POP = { ja: 'PoP コード', en: 'PoP code' };

export async function createPop(b: PopBodyT, lang: Lang): Promise<string> {
  const id = await repo.insertPop({
    code: b.code,
    name_ja: b.nameJa.trim(),
    name_en: b.nameEn.trim(),
    address: b.address?.trim() ?? '',
  });
  if (!id) throw taken('/body/code', lang, POP);
  return id;
}

export async function updatePop(
  id: string,
  b: PopPatchT,
  lang: Lang,
): Promise<{ code: string; changes: Changes }> {
  const pop = await repo.lockPop(id);
  if (!pop) throw notFound();
  const changes = diff(pop, {
    code: b.code,
    name_ja: b.nameJa?.trim(),
    name_en: b.nameEn?.trim(),
    address: b.address?.trim(),
  });
  if (changes.code && (await repo.popCodeTaken(b.code!, id))) throw taken('/body/code', lang, POP);
  if (Object.keys(changes).length) await repo.updatePop(id, after(changes));
  return { code: b.code ?? pop.code, changes };
}

export async function deletePop(id: string): Promise<{ code: string }> {
  const pop = await repo.lockPop(id);
  if (!pop) throw notFound();
  const devices = (await repo.listPops(id))[0]?.devices ?? 0;
  if (devices > 0) {
    throw inUse(
      {
        ja: `PoP ${pop.code} には機器が ${devices} 台あります。先に機器を移設または削除してください。`,
        en: `PoP ${pop.code} still has ${devices} device(s). Move or delete them first.`,
      },
      { devices },
    );
  }
  await deleteOrInUse(pop.code, () => repo.deletePop(id));
  return { code: pop.code };
}

const MGMT_NAME = { ja: '管理ネットワーク名', en: 'management network name' };

export async function createMgmtNetwork(
  b: MgmtNetworkBodyT,
  lang: Lang,
): Promise<{ id: string; prefix: string }> {
  const prefix = parseMgmtPrefix(b.prefix, '/body/prefix', lang);
  await repo.lockMgmtNetworks();
  if (await repo.mgmtNameTaken(b.name.trim())) throw taken('/body/name', lang, MGMT_NAME);
  const clash = await repo.findMgmtOverlap(prefix);
  if (clash) throw mgmtOverlap(prefix, clash);
  return { id: await repo.insertMgmtNetwork(b.name.trim(), prefix), prefix };
}

export async function updateMgmtNetwork(
  id: string,
  b: MgmtNetworkPatchT,
  lang: Lang,
): Promise<{ name: string; changes: Changes }> {
  await repo.lockMgmtNetworks();
  const m = await repo.lockMgmtNetwork(id);
  if (!m) throw notFound();
  const prefix = b.prefix === undefined ? undefined : parseMgmtPrefix(b.prefix, '/body/prefix', lang);
  const changes = diff(m, { name: b.name?.trim(), prefix });
  if (changes.name && (await repo.mgmtNameTaken(b.name!.trim(), id)))
    throw taken('/body/name', lang, MGMT_NAME);
  if (changes.prefix && prefix) {
    const clash = await repo.findMgmtOverlap(prefix, id);
    if (clash) throw mgmtOverlap(prefix, clash);
    const outside = await repo.devicesOutside(id, prefix);
    if (outside.length) {
      const list = outside.slice(0, 5).join(', ');
      throw new AppError('conflict', {
        detail: {
          ja: `${prefix} の外になる管理アドレスの機器があります（${list}）。先に機器の管理アドレスを変更してください。`,
          en: `Devices would have management addresses outside ${prefix} (${list}). Change their addresses first.`,
        },
        extensions: { devices: outside.length },
        fields: [
          {
            field: '/body/prefix',
            code: 'devices_outside',
            message:
              lang === 'ja'
                ? '機器の管理アドレスを含みません。'
                : "It does not contain the devices' addresses.",
          },
        ],
      });
    }
  }
  if (Object.keys(changes).length) await repo.updateMgmtNetwork(id, after(changes));
  return { name: b.name?.trim() ?? m.name, changes };
}

export async function deleteMgmtNetwork(id: string): Promise<{ name: string; prefix: string }> {
  const m = await repo.lockMgmtNetwork(id);
  if (!m) throw notFound();
  const devices = (await repo.listMgmtNetworks(id))[0]?.devices ?? 0;
  if (devices > 0) {
    throw inUse(
      {
        ja: `管理ネットワーク ${m.name} を使う機器が ${devices} 台あります。`,
        en: `${devices} device(s) still use management network ${m.name}.`,
      },
      { devices },
    );
  }
  await deleteOrInUse(m.name, () => repo.deleteMgmtNetwork(id));
  return { name: m.name, prefix: m.prefix };
}

export async function createPortClass(b: PortClassBodyT, lang: Lang): Promise<void> {
  const ok = await repo.insertPortClass({
    code: b.code,
    name_ja: b.nameJa.trim(),
    name_en: b.nameEn.trim(),
    oversubscription: roundRatio(b.oversubscription),
    threshold_pct: b.thresholdPct ?? 80,
  });
  if (!ok) throw taken('/body/code', lang, { ja: 'ポートクラスコード', en: 'port class code' });
}

export interface OverrideInfo {
  reason: string;
  ports: { portId: string; port: string; contractedMbps: number; limitMbps: number }[];
}

/**
 * Lowering a class's oversubscription limit checks every port of the class: any port whose
 * contracted total would pass its new limit refuses the change, unless overridden with a reason.
 */
export async function updatePortClass(
  code: string,
  b: PortClassPatchT,
  lang: Lang,
): Promise<{ changes: Changes; override: OverrideInfo | null }> {
  const c = await repo.lockPortClass(code);
  if (!c) throw notFound();
  const changes = diff(c, {
    name_ja: b.nameJa?.trim(),
    name_en: b.nameEn?.trim(),
    oversubscription: b.oversubscription === undefined ? undefined : roundRatio(b.oversubscription),
    threshold_pct: b.thresholdPct,
  });
  let override: OverrideInfo | null = null;
  const ratio = changes.oversubscription?.after as number | undefined;
  if (ratio !== undefined && ratio < c.oversubscription) {
    const over = (await repo.lockClassPortLoads(code)).filter(
      (p) => p.contracted_mbps > limitOf(p.capacity_mbps, ratio),
    );
    if (over.length) {
      const ports = over.map((p) => ({
        portId: p.id,
        port: `${p.hostname} ${p.name}`,
        contractedMbps: p.contracted_mbps,
        limitMbps: limitOf(p.capacity_mbps, ratio),
      }));
      if (!b.override) {
        const first = over[0]!;
        throw capacityExceeded(
          {
            portId: first.id,
            port: `${first.hostname} ${first.name}`,
            capacityMbps: first.capacity_mbps,
            oversubscription: ratio,
            contractedMbps: first.contracted_mbps,
          },
          { portsOverLimit: over.length },
        );
      }
      override = { reason: b.override.reason.trim(), ports };
    }
  }
  if (b.override && !override) {
    throw invalid(
      '/body/override',
      'not_needed',
      { ja: 'この変更に超過の承認は不要です。', en: 'This change needs no override.' },
      lang,
    );
  }
  if (Object.keys(changes).length) await repo.updatePortClass(code, after(changes));
  return { changes, override };
}

export async function deletePortClass(code: string): Promise<void> {
  const c = await repo.lockPortClass(code);
  if (!c) throw notFound();
  const ports = (await repo.listPortClasses(code))[0]?.ports ?? 0;
  if (ports > 0) {
    throw inUse(
      {
        ja: `ポートクラス ${code} のポートが ${ports} 個あります。`,
        en: `${ports} port(s) still belong to port class ${code}.`,
      },
      { ports },
    );
  }
  await deleteOrInUse(code, () => repo.deletePortClass(code));
}
