import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { PlacementOverride } from '../../db/schema-network.ts';

/** Reads of port load for placement, and the bandwidth path's connection updates. */

/** Access ports of PEs with their load: what the console offers for placing a connection. */
export async function placementPorts() {
  const r = await sql<{
    port_id: string;
    port_name: string;
    device_id: string;
    hostname: string;
    device_status: string;
    underlay_address: string | null;
    pop_code: string;
    pop_name_ja: string;
    pop_name_en: string;
    class_code: string;
    capacity_mbps: string;
    oversubscription: string;
    threshold_pct: number;
    contracted_mbps: string;
  }>`
    SELECT p.id AS port_id, p.name AS port_name, d.id AS device_id, d.hostname, d.status AS device_status,
      host(d.underlay_address) AS underlay_address, pop.code AS pop_code, pop.name_ja AS pop_name_ja,
      pop.name_en AS pop_name_en, p.class_code, p.capacity_mbps::text AS capacity_mbps,
      c.oversubscription::text AS oversubscription, c.threshold_pct,
      coalesce(l.total, 0)::text AS contracted_mbps
    FROM ops.port p
    JOIN ops.device d ON d.id = p.device_id
    JOIN ops.pop pop ON pop.id = d.pop_id
    JOIN ops.port_class c ON c.code = p.class_code
    LEFT JOIN (SELECT port_id, sum(bandwidth_mbps) AS total FROM customer.connection
               WHERE port_id IS NOT NULL AND status IN ('planned', 'active') GROUP BY port_id) l ON l.port_id = p.id
    WHERE p.purpose = 'access' AND p.status = 'active' AND d.role = 'pe'
      AND d.status NOT IN ('decommissioning', 'reused', 'disposed')
    ORDER BY pop.code, d.hostname, p.name`.execute(db());
  return r.rows;
}

export type PlacementPortRow = Awaited<ReturnType<typeof placementPorts>>[number];

/** Connections of a service (the bandwidth change path keeps them in step). */
export async function connectionsOfServiceForUpdate(serviceId: string) {
  return db()
    .selectFrom('customer.connection')
    .select(['id', 'bandwidth_mbps', 'status', 'port_id'])
    .where('service_id', '=', serviceId)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function setBandwidth(id: string, mbps: number, override: PlacementOverride | null | undefined) {
  await db()
    .updateTable('customer.connection')
    .set({
      bandwidth_mbps: mbps,
      updated_at: new Date(),
      ...(override !== undefined ? { placement_override: override ? JSON.stringify(override) : null } : {}),
    })
    .where('id', '=', id)
    .execute();
}
