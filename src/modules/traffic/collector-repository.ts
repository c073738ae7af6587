import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import { db } from '../../db/context.ts';
import { sealSecrets, splitSecrets } from './secrets.ts';

/** Claiming devices due for collection and recording the outcome. */

export interface DueCollector {
  device_id: string;
  kind: 'snmp' | 'linux';
  settings: Record<string, unknown>;
  /** sealed SNMP secrets (secrets.ts), opened only when polling */
  secrets_sealed: Uint8Array | null;
  mgmt_address: string;
  hostname: string;
}

/**
 * Claims up to `limit` devices whose collection is due and moves their next due time one interval
 * on, in one statement: rows another worker has locked are skipped (FOR UPDATE SKIP LOCKED), so
 * workers sharing the database never poll the same device in the same round.
 */
export async function claimDue(limit: number, now: Date): Promise<DueCollector[]> {
  const r = await sql<DueCollector>`
    WITH due AS (
      SELECT device_id FROM ops.traffic_collector
       WHERE enabled AND next_due_at <= ${now}::timestamptz
       ORDER BY next_due_at LIMIT ${limit}
       FOR UPDATE SKIP LOCKED
    )
    UPDATE ops.traffic_collector t
       SET next_due_at = greatest(t.next_due_at + make_interval(secs => t.interval_s),
                                  ${now}::timestamptz + make_interval(secs => t.interval_s / 2))
      FROM due, ops.device d
     WHERE t.device_id = due.device_id AND d.id = t.device_id
    RETURNING t.device_id, t.kind, t.settings, t.secrets_sealed, host(d.mgmt_address) AS mgmt_address, d.hostname`.execute(
    db(),
  );
  return r.rows;
}

/** This process as the NOC sees it among several workers: host:pid. */
export const POLLER = `${hostname()}:${process.pid}`;

/** Records the outcome of polls: when, by which worker, and the error if any. */
export async function finishPolls(
  polls: { deviceId: string; at: Date; error: string | null }[],
): Promise<void> {
  if (polls.length === 0) return;
  await sql`
    UPDATE ops.traffic_collector t
       SET last_polled_at = p.at, last_error = p.error, last_polled_by = ${POLLER}
      FROM unnest(${polls.map((p) => p.deviceId)}::uuid[], ${polls.map((p) => p.at.toISOString())}::timestamptz[],
                  ${polls.map((p) => p.error)}::text[]) AS p(device_id, at, error)
     WHERE t.device_id = p.device_id`.execute(db());
}

/**
 * Creates or replaces a device's collector. SNMP secrets in `settings` (community, authKey,
 * privKey) are sealed into `secrets_sealed` (secrets.ts); `settings` keeps the rest and the
 * names of the secrets that are set.
 */
export async function upsertCollector(
  deviceId: string,
  kind: 'snmp' | 'linux',
  settings: Record<string, unknown>,
  intervalS: number,
  enabled: boolean,
  keys: Pick<Config, 'masterKeyFile'>,
): Promise<void> {
  const { clear, secrets } = splitSecrets(settings);
  const fields = Object.keys(secrets);
  const stored = JSON.stringify(fields.length ? { ...clear, secretFields: fields } : clear);
  const sealed = fields.length ? sealSecrets(keys, deviceId, secrets) : null;
  await db()
    .insertInto('ops.traffic_collector')
    .values({
      device_id: deviceId,
      kind,
      settings: stored,
      secrets_sealed: sealed,
      interval_s: intervalS,
      enabled,
    })
    .onConflict((oc) =>
      oc.column('device_id').doUpdateSet({
        kind,
        settings: stored,
        secrets_sealed: sealed,
        interval_s: intervalS,
        enabled,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

export async function upsertInterface(
  connectionId: string,
  deviceId: string,
  ifName: string,
  namespace: string | null,
): Promise<void> {
  // another interface counts from scratch: the devices' tokens change (so no worker's memory of
  // the old interface is used) and a new mapping starts with a mark without counters, at
  // 'infinity' so it outweighs every interval written before (whatever the clocks say)
  await sql`
    UPDATE ops.traffic_device_state SET token = gen_random_uuid()
     WHERE device_id = ${deviceId}
        OR device_id = (SELECT device_id FROM ops.traffic_interface WHERE connection_id = ${connectionId})`.execute(
    db(),
  );
  // a mapping saved again unchanged keeps counting
  await sql`
    INSERT INTO ops.traffic_interface (connection_id, device_id, if_name, namespace, mark_at)
    VALUES (${connectionId}, ${deviceId}, ${ifName}, ${namespace}, 'infinity')
    ON CONFLICT (connection_id) DO UPDATE
       SET device_id = excluded.device_id, if_name = excluded.if_name, namespace = excluded.namespace,
           mark_at = 'infinity', mark_in = NULL, mark_out = NULL, mark_uptime = NULL
     WHERE (traffic_interface.device_id, traffic_interface.if_name, traffic_interface.namespace)
           IS DISTINCT FROM (excluded.device_id, excluded.if_name, excluded.namespace)`.execute(db());
}

/** Direct connections placed on ports of a device, with their handoff and tenant namespace. */
export async function directConnectionsOn(
  deviceId: string,
): Promise<{ connection_id: string; handoff_id: number; vn_namespace: string }[]> {
  const r = await sql<{ connection_id: string; handoff_id: number; vn_namespace: string }>`
    SELECT c.id AS connection_id, c.handoff_id, v.namespace AS vn_namespace
      FROM customer.connection c
      JOIN ops.port p ON p.id = c.port_id
      JOIN customer.virtual_network v ON v.id = c.virtual_network_id
     WHERE p.device_id = ${deviceId} AND c.kind = 'direct' AND c.handoff_id IS NOT NULL
     ORDER BY c.id`.execute(db());
  return r.rows;
}

/** Adds a mapping for each connection that has none (explicit mappings are kept). */
export async function addMissingInterfaces(
  deviceId: string,
  rows: { connectionId: string; ifName: string; namespace: string }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db()
    .insertInto('ops.traffic_interface')
    .values(
      rows.map((x) => ({
        connection_id: x.connectionId,
        device_id: deviceId,
        if_name: x.ifName,
        namespace: x.namespace,
      })),
    )
    .onConflict((oc) => oc.column('connection_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export async function deviceTarget(
  deviceId: string,
): Promise<{ driver: string; driver_target: Record<string, unknown> } | undefined> {
  return db()
    .selectFrom('ops.device')
    .select(['driver', 'driver_target'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
}
