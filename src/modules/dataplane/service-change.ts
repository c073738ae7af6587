import { db } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';
import { getChange } from './change-repository.ts';
import { prepareChange } from './change-service.ts';

/**
 * A customer's bandwidth change request, executed by staff, changes the model; the equipment
 * follows through a provider change record for the PEs that carry the service's connections.
 *
 * The record is created `submitted` (prepared by the staff member who executed the customer's
 * request) and still needs a second person's approval before it is applied. It is not
 * auto-approved by the two people who approved and executed the customer request: they decided
 * about a business change (200 → 500 Mbit/s), not about the equipment diff, which holds
 * everything pending in the model for those PEs at this moment, possibly more than this request;
 * and in a small team both steps are often taken by one person. An approval must cover exactly
 * the diff it was shown (docs/change-management.md).
 */
export async function proposeForServiceChange(r: {
  serviceId: string;
  changeRequestId: string;
  changeRequestNumber: string;
  fromMbps: number | null;
  toMbps: number;
  staffId: string;
}): Promise<string | null> {
  const conns = await db()
    .selectFrom('customer.connection as c')
    .innerJoin('ops.port as p', 'p.id', 'c.port_id')
    .innerJoin('ops.device as d', 'd.id', 'p.device_id')
    .innerJoin('customer.service as s', 's.id', 'c.service_id')
    .select(['c.id', 'p.device_id', 'd.hostname', 's.code'])
    .where('c.service_id', '=', r.serviceId)
    .where('c.status', '<>', 'disabled')
    .where('d.status', 'not in', ['decommissioning', 'reused', 'disposed'])
    .orderBy('d.hostname')
    .execute();
  if (!conns.length) return null;
  const deviceIds = [...new Set(conns.map((c) => c.device_id))];
  const hosts = [...new Set(conns.map((c) => c.hostname))].join(', ');
  const code = conns[0]!.code;
  const from = r.fromMbps === null ? '—' : `${r.fromMbps}`;
  const id = await prepareChange(
    {
      title: `${r.changeRequestNumber}: ${code} ${from} → ${r.toMbps} Mbit/s`,
      deviceIds,
      riskLevel: r.fromMbps !== null && r.toMbps < r.fromMbps ? 'medium' : 'low',
      riskAssessment:
        `お客様の変更依頼 ${r.changeRequestNumber} の実施: サービス ${code} の帯域を ${from} から ${r.toMbps} Mbit/s に変更します（${hosts}）。` +
        `帯域制御の設定のみが変わる想定です。差分にほかの変更が含まれていないか、影響範囲と合わせて確認してください。` +
        (r.fromMbps !== null && r.toMbps < r.fromMbps ? '帯域の縮小はお客様の通信を制限します。' : '') +
        `\n\nCarries out customer change request ${r.changeRequestNumber}: bandwidth of service ${code} from ${from} to ${r.toMbps} Mbit/s (${hosts}). ` +
        `Only the shaping should change; check the diff and the impact for anything else pending in the model.` +
        (r.fromMbps !== null && r.toMbps < r.fromMbps ? ' A lower rate limits the customer’s traffic.' : ''),
      changeRequest: { id: r.changeRequestId, number: r.changeRequestNumber },
      directConnectionIds: conns.map((c) => c.id),
      submit: true,
      strict: false,
    },
    { kind: 'staff', id: r.staffId },
    'en',
  );
  const row = (await getChange(id))!;
  await recordAudit({
    action: 'config_change.prepare',
    targetType: 'config_change',
    targetId: id,
    summary: {
      number: row.number,
      to: row.status,
      devices: deviceIds,
      change_request: r.changeRequestId,
      tenants: row.impact.tenants.map((t) => t.id),
    },
  });
  return id;
}
