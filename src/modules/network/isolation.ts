import { sql } from 'kysely';
import { db } from '../../db/context.ts';

export interface IsolationIds {
  vni: number;
  routeDistinguisher: string;
  routeTarget: string;
  /** the per-device namespace (Linux) or VRF name; 15 characters at most, as interface names */
  namespace: string;
}

/** RD, RT and namespace derive from the VNI, so they are unique exactly when the VNI is. */
export function isolationIds(asn: number, vni: number): IsolationIds {
  return {
    vni,
    routeDistinguisher: `${asn}:${vni}`,
    routeTarget: `target:${asn}:${vni}`,
    namespace: `vn${vni}`,
  };
}

/**
 * Allocates a VNI for a tenant, race-free: an identifier whose quarantine has passed is taken
 * under FOR UPDATE SKIP LOCKED (two transactions never take the same row), otherwise a fresh one
 * comes from a sequence. Runs inside the ambient (provider) transaction.
 */
export async function allocateIsolationId(tenantId: string, asn: number): Promise<IsolationIds> {
  const reused = await sql<{ vni: number }>`
    UPDATE ops.isolation_id SET state = 'allocated', tenant_id = ${tenantId}, allocated_at = now(),
      quarantine_until = NULL
    WHERE vni = (SELECT vni FROM ops.isolation_id
                 WHERE state = 'quarantined' AND quarantine_until <= now()
                 ORDER BY quarantine_until, vni LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING vni`.execute(db());
  let vni = reused.rows[0]?.vni;
  if (vni === undefined) {
    const fresh = await sql<{ vni: number }>`
      INSERT INTO ops.isolation_id (vni, tenant_id, state)
      VALUES (nextval('ops.vni_seq'), ${tenantId}, 'allocated') RETURNING vni`.execute(db());
    vni = fresh.rows[0]!.vni;
  }
  return isolationIds(asn, vni);
}

/**
 * At the tenant's erasure (issue 9): every identifier the tenant ever held enters quarantine and
 * becomes reusable only after `days` days.
 */
export async function quarantineTenantIsolationIds(tenantId: string, days: number): Promise<number> {
  const r = await sql`
    UPDATE ops.isolation_id SET state = 'quarantined',
      quarantine_until = now() + make_interval(days => ${days}::int)
    WHERE tenant_id = ${tenantId} AND state = 'allocated'`.execute(db());
  return Number(r.numAffectedRows ?? 0);
}
