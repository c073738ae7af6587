import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/** One port with everything the capacity view needs, read in one statement (see portRows). */
export interface PortRow {
  id: string;
  name: string;
  purpose: 'access' | 'backbone' | 'management';
  status: 'active' | 'disabled';
  description: string;
  capacity_mbps: number;
  class_code: string;
  class_name_ja: string;
  class_name_en: string;
  oversubscription: number;
  threshold_pct: number;
  device_id: string;
  hostname: string;
  device_role: string;
  device_status: string;
  pop_id: string;
  pop_code: string;
  pop_name_ja: string;
  pop_name_en: string;
  contracted_mbps: number;
  connections: number;
  m_month: string | null;
  m_p95: number | null;
  m_peak: number | null;
  m_samples: number | null;
  trend_n: number | null;
  slope: number | null;
  intercept: number | null;
  alert_kinds: string[];
  open_plans: number;
}

export interface PortFilter {
  portId?: string | undefined;
  deviceId?: string | undefined;
  popId?: string | undefined;
}

/** The columns of PortRow, in the order portRows builds each row's array. */
const PORT_COLUMNS = [
  'id',
  'name',
  'purpose',
  'status',
  'description',
  'capacity_mbps',
  'class_code',
  'class_name_ja',
  'class_name_en',
  'oversubscription',
  'threshold_pct',
  'device_id',
  'hostname',
  'device_role',
  'device_status',
  'pop_id',
  'pop_code',
  'pop_name_ja',
  'pop_name_en',
  'contracted_mbps',
  'connections',
  'm_month',
  'm_p95',
  'm_peak',
  'm_samples',
  'trend_n',
  'slope',
  'intercept',
  'alert_kinds',
  'open_plans',
] as const satisfies readonly (keyof PortRow)[];

/**
 * The whole port view in one set-based statement: the contracted sum per port (one GROUP BY over
 * the connections in planned or active state), the latest measured month, the least-squares
 * trend of the complete months in the window (regr_slope / regr_intercept, x in months relative
 * to `current`), open alerts and open augmentation plans, joined to ports, devices, PoPs and
 * port classes. `current` is the first day of the current month (JST), `from` the window's first.
 *
 * The rows come back as one JSON array of arrays: the embedded engine decodes result rows value
 * by value in JavaScript (about 2 µs each, 60,000 values for 2,000 ports), where one JSON text
 * is parsed natively in a few milliseconds (docs/capacity.md, "Performance").
 */
export async function portRows(filter: PortFilter, current: string, from: string): Promise<PortRow[]> {
  const where = [sql`true`];
  if (filter.portId) where.push(sql`p.id = ${filter.portId}`);
  if (filter.deviceId) where.push(sql`p.device_id = ${filter.deviceId}`);
  if (filter.popId) where.push(sql`d.pop_id = ${filter.popId}`);
  const r = await sql<{ rows: string }>`
    WITH load AS (
      -- kept by a trigger on customer.connection (migration 0013), in step with every write
      SELECT port_id, contracted_mbps::float8 AS contracted, connections FROM ops.port_load
    ), trend AS (
      SELECT port_id, count(*)::int AS n, regr_slope(p95_mbps, x) AS slope,
             regr_intercept(p95_mbps, x) AS intercept
        FROM (SELECT port_id, p95_mbps,
                     -- whole months from the current one: exact, as both are first days
                     -- (extract() on a date is several times slower)
                     round((month - ${current}::date)::float8 / 30.436875) AS x
                FROM ops.port_utilisation_month
               WHERE month >= ${from}::date AND month < ${current}::date) m
       GROUP BY port_id
    ), alerts AS (
      SELECT port_id, array_agg(kind ORDER BY kind) AS kinds
        FROM ops.capacity_alert WHERE cleared_at IS NULL GROUP BY port_id
    ), plans AS (
      SELECT port_id, count(*)::int AS n
        FROM ops.augmentation_plan
       WHERE port_id IS NOT NULL AND status NOT IN ('done', 'cancelled')
       GROUP BY port_id
    )
    SELECT coalesce(json_agg(json_build_array(
             p.id, p.name, p.purpose, p.status, p.description, p.capacity_mbps::float8,
             c.code, c.name_ja, c.name_en, c.oversubscription::float8, c.threshold_pct,
             d.id, d.hostname, d.role, d.status,
             pop.id, pop.code, pop.name_ja, pop.name_en,
             coalesce(l.contracted, 0), coalesce(l.connections, 0),
             lt.month, lt.p95_mbps, lt.peak_mbps, lt.samples,
             t.n, t.slope, t.intercept,
             coalesce(a.kinds, '{}'), coalesce(pl.n, 0)
           ) ORDER BY pop.code, d.hostname, p.name), '[]')::text AS rows
      FROM ops.port p
      JOIN ops.device d ON d.id = p.device_id
      JOIN ops.pop pop ON pop.id = d.pop_id
      JOIN ops.port_class c ON c.code = p.class_code
      LEFT JOIN load l ON l.port_id = p.id
      -- the latest month through the primary key, newest first: one index probe per port
      LEFT JOIN LATERAL (
        SELECT u.month::text AS month, u.p95_mbps, u.peak_mbps, u.samples
          FROM ops.port_utilisation_month u
         WHERE u.port_id = p.id AND u.month <= ${current}::date
         ORDER BY u.month DESC LIMIT 1) lt ON true
      LEFT JOIN trend t ON t.port_id = p.id
      LEFT JOIN alerts a ON a.port_id = p.id
      LEFT JOIN plans pl ON pl.port_id = p.id
     WHERE ${sql.join(where, sql` AND `)}`.execute(db());
  const arrays = JSON.parse(r.rows[0]?.rows ?? '[]') as unknown[][];
  return arrays.map((a) => Object.fromEntries(PORT_COLUMNS.map((k, i) => [k, a[i]])) as unknown as PortRow);
}

export interface DeviceRow {
  id: string;
  hostname: string;
  role: string;
  status: string;
  pop_id: string;
  pop_code: string;
  pop_name_ja: string;
  pop_name_en: string;
  /** open augmentation plans for the device as a whole (port plans are counted per port) */
  open_plans: number;
}

/** Every device with its PoP (devices without ports included), in one statement. */
export async function deviceRows(popId?: string): Promise<DeviceRow[]> {
  const r = await sql<DeviceRow>`
    SELECT d.id, d.hostname, d.role, d.status, pop.id AS pop_id, pop.code AS pop_code,
           pop.name_ja AS pop_name_ja, pop.name_en AS pop_name_en,
           (SELECT count(*)::int FROM ops.augmentation_plan a
             WHERE a.device_id = d.id AND a.status NOT IN ('done', 'cancelled')) AS open_plans
      FROM ops.device d JOIN ops.pop pop ON pop.id = d.pop_id
     WHERE ${popId ? sql`d.pop_id = ${popId}` : sql`true`}
     ORDER BY pop.code, d.hostname`.execute(db());
  return r.rows;
}

export interface PopRow {
  id: string;
  code: string;
  name_ja: string;
  name_en: string;
}

export async function popRows(): Promise<PopRow[]> {
  return db().selectFrom('ops.pop').select(['id', 'code', 'name_ja', 'name_en']).orderBy('code').execute();
}

export interface MonthRow {
  month: string;
  p95_mbps: number;
  peak_mbps: number;
  samples: number;
}

/** A port's monthly figures from `from` on (the chart's series), oldest first. */
export async function monthSeries(portId: string, from: string): Promise<MonthRow[]> {
  const r = await sql<MonthRow>`
    SELECT month::text AS month, p95_mbps, peak_mbps, samples FROM ops.port_utilisation_month
     WHERE port_id = ${portId} AND month >= ${from}::date ORDER BY month`.execute(db());
  return r.rows;
}

export interface UtilisationMonth {
  portId: string;
  /** YYYY-MM-01 (JST calendar month) */
  month: string;
  p95Mbps: number;
  peakMbps: number;
  samples: number;
}

/**
 * Writes (or replaces) monthly figures: the entry point for the traffic collection (issue 7) and
 * the demo. Idempotent per (port, month): recomputing a month overwrites it.
 */
export async function upsertUtilisation(rows: UtilisationMonth[]): Promise<void> {
  if (rows.length === 0) return;
  await db()
    .insertInto('ops.port_utilisation_month')
    .values(
      rows.map((r) => ({
        port_id: r.portId,
        month: r.month,
        p95_mbps: r.p95Mbps,
        peak_mbps: r.peakMbps,
        samples: r.samples,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['port_id', 'month']).doUpdateSet((eb) => ({
        p95_mbps: eb.ref('excluded.p95_mbps'),
        peak_mbps: eb.ref('excluded.peak_mbps'),
        samples: eb.ref('excluded.samples'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}
