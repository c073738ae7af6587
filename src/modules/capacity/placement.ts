import { sql } from 'kysely';
import { AppError } from '../../app/errors.ts';
import { db } from '../../db/context.ts';

/** Connection states whose bandwidth is reserved on their port. */
export const COUNTED_STATUSES = ['planned', 'active'] as const;

export interface PortLoad {
  portId: string;
  portName: string;
  deviceHostname: string;
  capacityMbps: number;
  oversubscription: number;
  /** capacity × oversubscription, rounded down to whole Mbit/s */
  limitMbps: number;
  contractedMbps: number;
}

/**
 * The port's capacity, limit and contracted total, with the port row locked (FOR UPDATE) so two
 * concurrent placements on one port are serialised and cannot together pass the limit.
 * Connections in `exclude` are left out (the connection being moved or resized). Null: no such port.
 */
export async function lockPortLoad(portId: string, exclude: string[] = []): Promise<PortLoad | null> {
  const port = await sql<{
    id: string;
    name: string;
    hostname: string;
    capacity_mbps: string;
    oversubscription: string;
  }>`
    SELECT p.id, p.name, d.hostname, p.capacity_mbps::text AS capacity_mbps, c.oversubscription::text AS oversubscription
    FROM ops.port p JOIN ops.device d ON d.id = p.device_id JOIN ops.port_class c ON c.code = p.class_code
    WHERE p.id = ${portId} FOR UPDATE OF p`.execute(db());
  const row = port.rows[0];
  if (!row) return null;
  const excluded = exclude.length ? sql`AND id NOT IN (${sql.join(exclude)})` : sql``;
  const sum = await sql<{ total: string }>`
    SELECT coalesce(sum(bandwidth_mbps), 0)::text AS total FROM customer.connection
    WHERE port_id = ${portId} AND status IN ('planned', 'active') ${excluded}`.execute(db());
  const capacityMbps = Number(row.capacity_mbps);
  const oversubscription = Number(row.oversubscription);
  return {
    portId: row.id,
    portName: row.name,
    deviceHostname: row.hostname,
    capacityMbps,
    oversubscription,
    limitMbps: Math.floor(capacityMbps * oversubscription),
    contractedMbps: Number(sum.rows[0]?.total ?? 0),
  };
}

export interface PlacementOutcome {
  load: PortLoad;
  totalMbps: number;
  overLimit: boolean;
}

/**
 * Checks that adding `bandwidthMbps` keeps the port within capacity × oversubscription (CLD.13.1.4).
 * Over the limit: refused with capacity_exceeded naming port, capacity, limit and requested total,
 * unless `override` is true (the caller records who and why; the request's audit record carries it).
 */
export async function checkPlacement(
  portId: string,
  bandwidthMbps: number,
  opts: { exclude?: string[]; override?: boolean } = {},
): Promise<PlacementOutcome> {
  const load = await lockPortLoad(portId, opts.exclude);
  if (!load) throw new AppError('not_found');
  const totalMbps = load.contractedMbps + bandwidthMbps;
  const overLimit = totalMbps > load.limitMbps;
  if (overLimit && !opts.override) {
    const name = `${load.deviceHostname} ${load.portName}`;
    throw new AppError('capacity_exceeded', {
      detail: {
        ja: `ポート ${name}（容量 ${load.capacityMbps} Mbit/s、上限 ${load.limitMbps} Mbit/s）の契約帯域合計が ${totalMbps} Mbit/s になります。`,
        en: `Port ${name} (capacity ${load.capacityMbps} Mbit/s, limit ${load.limitMbps} Mbit/s) would carry ${totalMbps} Mbit/s contracted in total.`,
      },
      extensions: {
        portId: load.portId,
        port: name,
        capacityMbps: load.capacityMbps,
        oversubscription: load.oversubscription,
        limitMbps: load.limitMbps,
        contractedMbps: load.contractedMbps,
        requestedTotalMbps: totalMbps,
      },
    });
  }
  return { load, totalMbps, overLimit };
}
