import { zonedDate, zonedParts } from '../../lib/time.ts';
import { changeServiceBandwidth } from '../services/service.ts';
import {
  findService,
  insertChangeRequest,
  insertEvent,
  nextNumber,
  type ChangeStatus,
  type Desired,
} from './repository.ts';

/** One demo tenant as the change-request seed needs it. */
export interface ChangeDemoTenant {
  tenantId: string;
  /** The customer user who wrote the requests (the tenant's operations manager). */
  requesterId: string;
  /** The tenant's services, in the demo's order. */
  serviceIds: string[];
}

interface Plan {
  status: ChangeStatus;
  /** index into the tenant's services that have a bandwidth (bandwidth) or into all (other) */
  service: number;
  kind: 'bandwidth' | 'other';
  /** bandwidth: the new value; other: the request in words */
  mbps?: number;
  description?: string;
  reason: string;
  /** days ago the request was written, and the desired day relative to today */
  daysAgo: number;
  desiredIn: number;
  note?: string;
}

/** A request in every status across the demo tenants; texts in Japanese and English. */
const PLANS: Plan[][] = [
  [
    {
      status: 'submitted',
      service: -1, // the last one with a bandwidth: the Osaka rack of the journey, 200 → 500 Mbps
      kind: 'bandwidth',
      mbps: 500,
      reason: '大阪ラック向けの通信量が増え、95 パーセンタイルが契約帯域に近づいているため。',
      daysAgo: 0,
      desiredIn: 14,
    },
    {
      status: 'approved',
      service: 0,
      kind: 'other',
      description: '疎通監視の対象に 192.0.2.10（本社ファイルサーバー）を追加してください。',
      reason: '本社に新しいファイルサーバーを設置したため。',
      daysAgo: 3,
      desiredIn: 7,
      note: '次回の作業枠で実施します。',
    },
    {
      status: 'executed',
      service: 1,
      kind: 'other',
      description: 'Please add 198.51.100.0/24 to the routes advertised to the Nagoya factory.',
      reason: 'A new production line network in the factory.',
      daysAgo: 30,
      desiredIn: -21,
      note: 'Route 198.51.100.0/24 added on both PEs; reachability confirmed.',
    },
    {
      status: 'rejected',
      service: 0,
      kind: 'bandwidth',
      mbps: 10_000,
      reason: '一時的に大容量のバックアップ転送を行うため。',
      daysAgo: 20,
      desiredIn: -15,
      note: '本社 IPsec 接続の回線種別では 10 Gbps を提供できません。ダイレクト接続への変更をご検討ください。',
    },
    {
      status: 'withdrawn',
      service: 1,
      kind: 'bandwidth',
      mbps: 50,
      reason: '工場の稼働停止期間中の費用削減のため。',
      daysAgo: 10,
      desiredIn: -3,
    },
  ],
  [
    {
      status: 'executed',
      service: 0,
      kind: 'bandwidth',
      mbps: 100,
      reason: 'Sapporo centre traffic doubled after the winter peak started.',
      daysAgo: 45,
      desiredIn: -40,
      note: 'Changed during the maintenance window.',
    },
    {
      status: 'submitted',
      service: 1,
      kind: 'other',
      description: '東京ラックの監視間隔を 1 分に短縮してください。',
      reason: '障害検知を早めたいため。',
      daysAgo: 1,
      desiredIn: 10,
    },
  ],
  [
    {
      status: 'approved',
      service: 0,
      kind: 'bandwidth',
      mbps: 50,
      reason: '電子カルテの画像転送が増えたため。',
      daysAgo: 2,
      desiredIn: 5,
    },
  ],
];

const DAY = 86_400_000;

/**
 * Seeds change requests in every status for the demo tenants (runs inside the demo's system
 * transaction). `tenants` in the demo's order (Minato, Hokuto, Sakura); `staffId` is the provider
 * staff member who decided and executed. The executed bandwidth change goes through the service
 * edit path, so its audit record links back to the request like a real one.
 */
export async function seedChangeRequests(tenants: ChangeDemoTenant[], staffId: string): Promise<number> {
  const now = Date.now();
  let count = 0;
  for (const [i, t] of tenants.entries()) {
    const services = [];
    for (const id of t.serviceIds) {
      const s = await findService(id);
      if (s) services.push(s);
    }
    const withBandwidth = services.filter((s) => s.bandwidth_mbps !== null);
    for (const plan of PLANS[i] ?? []) {
      const pool = plan.kind === 'bandwidth' ? withBandwidth : services;
      const service = pool.at(plan.service % pool.length);
      if (!service) continue;
      // a request to keep the bandwidth as it is would be refused: ask for twice as much instead
      const mbps = plan.mbps === service.bandwidth_mbps ? plan.mbps * 2 : plan.mbps;
      const created = new Date(now - plan.daysAgo * DAY - 3_600_000);
      const decided = new Date(created.getTime() + 5 * 3_600_000);
      const executed = new Date(decided.getTime() + 2 * DAY);
      const desired: Desired =
        plan.kind === 'bandwidth' ? { bandwidthMbps: mbps! } : { description: plan.description! };
      const decidedStep = ['approved', 'rejected', 'executed'].includes(plan.status);
      const ended = plan.status === 'withdrawn' ? decided : plan.status === 'executed' ? executed : decided;
      const id = await insertChangeRequest({
        tenantId: t.tenantId,
        number: await nextNumber(zonedParts(created).y),
        serviceId: service.id,
        kind: plan.kind,
        desired,
        current: plan.kind === 'bandwidth' ? { bandwidthMbps: service.bandwidth_mbps } : null,
        desiredDate: zonedDate(new Date(now + plan.desiredIn * DAY)),
        reason: plan.reason,
        requestedBy: t.requesterId,
        history: {
          status: plan.status,
          createdAt: created,
          updatedAt: plan.status === 'submitted' ? created : ended,
          ...(decidedStep
            ? {
                decidedBy: staffId,
                decidedAt: decided,
                decisionReason: plan.status === 'executed' ? null : (plan.note ?? null),
              }
            : {}),
          ...(plan.status === 'executed'
            ? { executedBy: staffId, executedAt: executed, executionNote: plan.note ?? null }
            : {}),
        },
      });
      const step = (from: ChangeStatus | null, to: ChangeStatus, at: Date, note: string | null = null) =>
        insertEvent({
          tenantId: t.tenantId,
          changeRequestId: id,
          actorKind: to === 'submitted' || to === 'withdrawn' ? 'customer' : 'staff',
          actorId: to === 'submitted' || to === 'withdrawn' ? t.requesterId : staffId,
          fromStatus: from,
          toStatus: to,
          note,
          at,
        });
      await step(null, 'submitted', created);
      if (plan.status === 'withdrawn') await step('submitted', 'withdrawn', decided);
      if (plan.status === 'rejected') await step('submitted', 'rejected', decided, plan.note ?? null);
      if (plan.status === 'approved') await step('submitted', 'approved', decided, plan.note ?? null);
      if (plan.status === 'executed') {
        await step('submitted', 'approved', decided);
        if (plan.kind === 'bandwidth')
          await changeServiceBandwidth(service.id, mbps!, { changeRequestId: id });
        await step('approved', 'executed', executed, plan.note ?? null);
      }
      count++;
    }
  }
  return count;
}
