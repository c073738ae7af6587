import { AppError, notFound, type Lang } from '../../app/errors.ts';
import { lockPortLoad } from '../capacity/placement.ts';
import { checkDeviceStatusEdit } from '../equipment/lifecycle.ts';
import * as dev from './physical-device-repository.ts';
import * as repo from './physical-repository.ts';
import {
  capacityExceeded,
  checkDriverTarget,
  deleteOrInUse,
  inUse,
  invalid,
  limitOf,
  parseHost,
  taken,
  unknownRef,
  usableIn,
} from './physical-rules.ts';
import type { DeviceBodyT, DevicePatchT, PortBodyT, PortPatchT } from './physical-schema.ts';
import { after, diff, type Changes, type OverrideInfo } from './physical-service.ts';

/** Devices and ports: addressing rules on devices, capacity rules on ports. */

/** Checks a device's complete intended values: PoP, management network and address, underlay, uniqueness. */
async function checkDevice(v: dev.DeviceValues, exceptId: string | undefined, lang: Lang): Promise<void> {
  if (!(await repo.lockPop(v.pop_id))) throw unknownRef('/body/popId', lang, { ja: 'PoP', en: 'PoP' });
  await repo.lockMgmtNetworks();
  const m = await repo.lockMgmtNetwork(v.mgmt_network_id);
  if (!m) {
    throw unknownRef('/body/mgmtNetworkId', lang, { ja: '管理ネットワーク', en: 'management network' });
  }
  if (!usableIn(v.mgmt_address, m.prefix)) {
    throw invalid(
      '/body/mgmtAddress',
      'outside_mgmt_network',
      {
        ja: `管理アドレスは管理ネットワーク ${m.name}（${m.prefix}）内のホストアドレスにしてください。`,
        en: `The management address must be a host address inside management network ${m.name} (${m.prefix}).`,
      },
      lang,
    );
  }
  if (v.underlay_address) {
    const inside = await repo.mgmtNetworkContaining(v.underlay_address);
    if (inside) {
      throw new AppError('mgmt_network_overlap', {
        detail: {
          ja: `アンダーレイアドレス ${v.underlay_address} は管理ネットワーク ${inside.name}（${inside.prefix}）内にあります。お客様が接続するアドレスに管理ネットワークは使えません。`,
          en: `Underlay address ${v.underlay_address} lies in management network ${inside.name} (${inside.prefix}); customers never reach the management network.`,
        },
        extensions: { prefix: inside.prefix, overlapKind: 'underlay', overlapPrefix: v.underlay_address },
        fields: [{ field: '/body/underlayAddress', code: 'in_mgmt_network', message: inside.prefix }],
      });
    }
  }
  checkDriverTarget(v.driver_target, lang);
  const clash = await dev.deviceClashes(
    { hostname: v.hostname, mgmtAddress: v.mgmt_address, underlayAddress: v.underlay_address },
    exceptId,
  );
  if (clash.hostname) throw taken('/body/hostname', lang, { ja: 'ホスト名', en: 'host name' });
  if (clash.mgmtAddress)
    throw taken('/body/mgmtAddress', lang, { ja: '管理アドレス', en: 'management address' });
  if (clash.underlayAddress) {
    throw taken('/body/underlayAddress', lang, { ja: 'アンダーレイアドレス', en: 'underlay address' });
  }
}

export async function createDevice(
  b: DeviceBodyT,
  lang: Lang,
): Promise<{ id: string; values: dev.DeviceValues }> {
  const values: dev.DeviceValues = {
    pop_id: b.popId,
    hostname: b.hostname,
    role: b.role,
    vendor: b.vendor.trim(),
    model: b.model.trim(),
    serial: b.serial.trim(),
    os_version: b.osVersion.trim(),
    mgmt_network_id: b.mgmtNetworkId,
    mgmt_address: parseHost(b.mgmtAddress, '/body/mgmtAddress', lang),
    underlay_address: b.underlayAddress ? parseHost(b.underlayAddress, '/body/underlayAddress', lang) : null,
    driver: b.driver ?? 'render-only',
    driver_target: b.driverTarget ?? {},
    status: b.status ?? 'active',
  };
  // later stages (decommissioning, reused, disposed) are reached only through the equipment lifecycle
  if (!['planned', 'active', 'maintenance'].includes(values.status))
    throw new AppError('invalid_transition', {
      detail: {
        ja: '新しい機器は「計画中」「稼働中」「保守中」のいずれかで登録してください。',
        en: 'A new device is registered as planned, in service (active) or in maintenance.',
      },
    });
  await checkDevice(values, undefined, lang);
  return { id: await dev.insertDevice(values), values };
}

export async function updateDevice(
  id: string,
  b: DevicePatchT,
  lang: Lang,
): Promise<{ hostname: string; changes: Changes }> {
  const d = await dev.lockDevice(id);
  if (!d) throw notFound();
  const next: Partial<dev.DeviceValues> = {
    pop_id: b.popId,
    hostname: b.hostname,
    role: b.role,
    vendor: b.vendor?.trim(),
    model: b.model?.trim(),
    serial: b.serial?.trim(),
    os_version: b.osVersion?.trim(),
    mgmt_network_id: b.mgmtNetworkId,
    mgmt_address:
      b.mgmtAddress === undefined ? undefined : parseHost(b.mgmtAddress, '/body/mgmtAddress', lang),
    underlay_address:
      b.underlayAddress === undefined
        ? undefined
        : b.underlayAddress && parseHost(b.underlayAddress, '/body/underlayAddress', lang),
    driver: b.driver,
    driver_target: b.driverTarget,
    status: b.status,
  };
  const changes = diff(d, next); // null (remove the underlay address) counts as a change
  // a status change follows the equipment lifecycle rules and is written to its history
  if (changes.status) await checkDeviceStatusEdit(id, d.hostname, d.status, b.status!);
  if (Object.keys(changes).length) {
    await checkDevice({ ...d, ...after<dev.DeviceValues>(changes) }, id, lang);
    await dev.updateDevice(id, after(changes));
  }
  return { hostname: b.hostname ?? d.hostname, changes };
}

export async function deleteDevice(id: string): Promise<{ hostname: string; ports: number }> {
  const d = await dev.lockDevice(id);
  if (!d) throw notFound();
  const use = await dev.deviceUsage(id);
  if (use.connections || use.links) {
    throw inUse(
      {
        ja: `機器 ${d.hostname} のポートに接続 ${use.connections} 件・リンク ${use.links} 本があります。先に移設または削除してください。`,
        en: `Device ${d.hostname} still has ${use.connections} connection(s) and ${use.links} link(s) on its ports. Move or delete them first.`,
      },
      { connections: use.connections, links: use.links },
    );
  }
  const ports = (await dev.listPorts({ deviceId: id })).length;
  await deleteOrInUse(d.hostname, () => dev.deleteDevice(id));
  return { hostname: d.hostname, ports };
}

const CLASS = { ja: 'ポートクラス', en: 'port class' };
const PORT_NAME = { ja: 'ポート名', en: 'port name' };

async function classRatio(code: string, lang: Lang): Promise<number> {
  const c = (await repo.listPortClasses(code))[0];
  if (!c) throw unknownRef('/body/classCode', lang, CLASS);
  return c.oversubscription;
}

export async function createPort(deviceId: string, b: PortBodyT, lang: Lang) {
  const d = await dev.lockDevice(deviceId);
  if (!d) throw notFound();
  await classRatio(b.classCode, lang);
  const values: dev.PortValues = {
    name: b.name,
    capacity_mbps: b.capacityMbps,
    class_code: b.classCode,
    purpose: b.purpose ?? 'access',
    status: b.status ?? 'active',
    description: b.description?.trim() ?? '',
  };
  const id = await dev.insertPort(deviceId, values);
  if (!id) throw taken('/body/name', lang, PORT_NAME);
  return { id, hostname: d.hostname, values };
}

/**
 * Changing a port's capacity or class re-checks its limit: when the new capacity × oversubscription
 * is below the contracted total (planned + active), the change is refused unless overridden.
 */
export async function updatePort(
  id: string,
  b: PortPatchT,
  lang: Lang,
): Promise<{
  deviceId: string;
  hostname: string;
  name: string;
  changes: Changes;
  override: OverrideInfo | null;
}> {
  const p = await dev.lockPort(id);
  if (!p) throw notFound();
  const changes = diff(p, {
    name: b.name,
    capacity_mbps: b.capacityMbps,
    class_code: b.classCode,
    purpose: b.purpose,
    status: b.status,
    description: b.description?.trim(),
  });
  if (changes.name && (await dev.portNameTaken(p.device_id, b.name!, id)))
    throw taken('/body/name', lang, PORT_NAME);
  let override: OverrideInfo | null = null;
  const load = await lockPortLoad(id);
  if (!load) throw notFound();
  if (changes.capacity_mbps || changes.class_code) {
    const capacity = b.capacityMbps ?? p.capacity_mbps;
    const ratio = changes.class_code ? await classRatio(b.classCode!, lang) : load.oversubscription;
    const limit = limitOf(capacity, ratio);
    if (limit < load.limitMbps && load.contractedMbps > limit) {
      const port = `${load.deviceHostname} ${b.name ?? p.name}`;
      if (!b.override) {
        throw capacityExceeded({
          portId: id,
          port,
          capacityMbps: capacity,
          oversubscription: ratio,
          contractedMbps: load.contractedMbps,
        });
      }
      override = {
        reason: b.override.reason.trim(),
        ports: [{ portId: id, port, contractedMbps: load.contractedMbps, limitMbps: limit }],
      };
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
  if (Object.keys(changes).length) await dev.updatePort(id, after(changes));
  return { deviceId: p.device_id, hostname: load.deviceHostname, name: b.name ?? p.name, changes, override };
}

export async function deletePort(id: string): Promise<{ deviceId: string; hostname: string; name: string }> {
  const p = await dev.lockPort(id);
  if (!p) throw notFound();
  const [row] = await dev.listPorts({ id });
  const connections = await dev.portConnections(id);
  if (connections || row?.link_id) {
    throw inUse(
      {
        ja: `ポート ${row!.hostname} ${p.name} には接続 ${connections} 件${row?.link_id ? 'とリンク' : ''}があります。先に移設または削除してください。`,
        en: `Port ${row!.hostname} ${p.name} still carries ${connections} connection(s)${row?.link_id ? ' and a link' : ''}. Move or delete them first.`,
      },
      { connections, links: row?.link_id ? 1 : 0 },
    );
  }
  await deleteOrInUse(`${row!.hostname} ${p.name}`, () => dev.deletePort(id));
  return { deviceId: p.device_id, hostname: row!.hostname, name: p.name };
}
