import { AppError, notFound, type Lang } from '../../app/errors.ts';
import { currentScope } from '../../db/context.ts';
import type { LifecycleStatus } from '../../db/schema-equipment.ts';
import { completedDisposal } from './disposal-repository.ts';
import * as repo from './inventory-repository.ts';

/**
 * The lifecycle: planned → active (in service) ⇄ maintenance → decommissioning → reused | disposed.
 * Decommissioning may be called off (back to service); a reused item may be planned again for a
 * new use. Disposed is final.
 */
export const NEXT: Record<LifecycleStatus, readonly LifecycleStatus[]> = {
  planned: ['active', 'decommissioning'],
  active: ['maintenance', 'decommissioning'],
  maintenance: ['active', 'decommissioning'],
  decommissioning: ['active', 'reused', 'disposed'],
  reused: ['planned'],
  disposed: [],
};

export const STATUS_LABEL: Record<LifecycleStatus, { ja: string; en: string }> = {
  planned: { ja: '計画中', en: 'planned' },
  active: { ja: '稼働中', en: 'in service' },
  maintenance: { ja: '保守中', en: 'maintenance' },
  decommissioning: { ja: '撤去中', en: 'decommissioning' },
  reused: { ja: '再利用', en: 'reused' },
  disposed: { ja: '廃棄済み', en: 'disposed' },
};

export type ItemKind = 'device' | 'component';

/** The dependants of a device, as the 409 problem's extension member and the detail text. */
// a type, not an interface: it must fit the problem's JSON extension member
export type Dependants = {
  connections: { id: string; serviceCode: string; status: string; port: string }[];
  tenants: number;
  virtualNetworks: { id: string; name: string }[];
  ports: { id: string; name: string }[];
};

export async function deviceDependants(deviceId: string): Promise<Dependants> {
  const rows = await repo.dependants(deviceId);
  const vnets = new Map<string, string>();
  const ports = new Map<string, string>();
  for (const r of rows) {
    if (r.virtual_network_id) vnets.set(r.virtual_network_id, r.virtual_network_name ?? '');
    ports.set(r.port_id, r.port_name);
  }
  return {
    connections: rows.map((r) => ({
      id: r.connection_id,
      serviceCode: r.service_code,
      status: r.connection_status,
      port: r.port_name,
    })),
    tenants: new Set(rows.map((r) => r.tenant_id)).size,
    virtualNetworks: [...vnets].map(([id, name]) => ({ id, name })),
    ports: [...ports].map(([id, name]) => ({ id, name })),
  };
}

function inUse(deviceId: string, hostname: string, d: Dependants): AppError {
  const codes = [...new Set(d.connections.map((c) => c.serviceCode))].join(', ');
  const vn = d.virtualNetworks.map((v) => v.name).join(', ');
  const ports = d.ports.map((p) => p.name).join(', ');
  return new AppError('device_in_use', {
    detail: {
      ja: `機器 ${hostname} はまだ使われています: 接続 ${d.connections.length} 件（サービス ${codes}、顧客 ${d.tenants} 社）、仮想ネットワーク ${d.virtualNetworks.length} 件（${vn}）、ポート ${ports}。先に接続を移設または削除してください。`,
      en: `Device ${hostname} is still in use: ${d.connections.length} connection(s) (services ${codes}; ${d.tenants} tenant(s)), ${d.virtualNetworks.length} virtual network(s) (${vn}), ports ${ports}. Move or delete the connections first.`,
    },
    extensions: { deviceId, dependants: d },
  });
}

function refused(from: LifecycleStatus, to: LifecycleStatus): AppError {
  return new AppError('invalid_transition', {
    detail: {
      ja: `「${STATUS_LABEL[from].ja}」から「${STATUS_LABEL[to].ja}」へは移行できません。`,
      en: `An item cannot go from ${STATUS_LABEL[from].en} to ${STATUS_LABEL[to].en}.`,
    },
    extensions: { from, to, allowed: [...NEXT[from]] },
  });
}

/**
 * Checks one transition against the rules, the dependants and the disposal records. Reused and
 * disposed need a completed record of that outcome covering the item.
 */
export async function checkTransition(
  kind: ItemKind,
  id: string,
  label: string,
  from: LifecycleStatus,
  to: LifecycleStatus,
): Promise<void> {
  if (!NEXT[from].includes(to)) throw refused(from, to);
  if (to === 'decommissioning' && kind === 'device') {
    const d = await deviceDependants(id);
    if (d.connections.length) throw inUse(id, label, d);
  }
  if (
    (to === 'reused' || to === 'disposed') &&
    !(await completedDisposal(kind, id, to === 'reused' ? 'reuse' : 'dispose'))
  )
    throw new AppError('disposal_required', {
      detail: {
        ja: `「${STATUS_LABEL[to].ja}」にするには、この品目の完了した${to === 'reused' ? '再利用' : '廃棄'}記録（作業者と別の確認者、証跡つき）が必要です。`,
        en: `To mark it ${STATUS_LABEL[to].en}, the item needs a completed ${to === 'reused' ? 'reuse' : 'disposal'} record (performer, a different verifier, evidence).`,
      },
    });
}

/** The staff member acting in this transaction, if a staff member is. */
export function actingStaff(): string | null {
  const a = currentScope().actor;
  return a.kind === 'staff' ? a.id : null;
}

/** Moves an item, with its history row; the caller audits. */
export async function transition(
  kind: ItemKind,
  id: string,
  to: LifecycleStatus,
  reason: string,
  _lang: Lang,
): Promise<{ from: LifecycleStatus; label: string }> {
  const from = await repo.lockStatus(kind, id);
  if (!from) throw notFound();
  const item = (await repo.findItem(kind, id))!;
  const label = kind === 'device' ? item.hostname! : `${item.model} ${item.serial}`;
  await checkTransition(kind, id, label, from, to);
  await repo.setStatus(kind, id, to);
  await repo.insertTransition({ kind, id, from, to, reason, actor: actingStaff() });
  return { from, label };
}

/**
 * A device's status changed through the network model's device edit: the same rules apply and
 * the change is written to the history (called before the network module writes the status).
 */
export async function checkDeviceStatusEdit(
  deviceId: string,
  hostname: string,
  from: LifecycleStatus,
  to: LifecycleStatus,
): Promise<void> {
  await checkTransition('device', deviceId, hostname, from, to);
  await repo.insertTransition({
    kind: 'device',
    id: deviceId,
    from,
    to,
    reason: 'device edit',
    actor: actingStaff(),
  });
}
