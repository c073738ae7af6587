import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { ensurePartitions } from './partitions.ts';
import { intervalBetween, type CounterSample } from './rate.ts';

/** All SQL of traffic collection and rollups (see docs/traffic.md). */

export interface InterfaceRow {
  connection_id: string;
  device_id: string;
  if_name: string;
  namespace: string | null;
}

/** The interfaces mapped on each of the devices, by device. */
export async function interfacesOfDevices(deviceIds: string[]): Promise<Map<string, InterfaceRow[]>> {
  const rows = await db()
    .selectFrom('ops.traffic_interface')
    .select(['connection_id', 'device_id', 'if_name', 'namespace'])
    .where('device_id', 'in', deviceIds)
    .orderBy('device_id')
    .orderBy('if_name')
    .execute();
  const out = new Map<string, InterfaceRow[]>();
  for (const r of rows) {
    const list = out.get(r.device_id);
    if (list) list.push(r);
    else out.set(r.device_id, [r]);
  }
  return out;
}

export interface IngestResult {
  written: number;
  resets: number;
  skipped: number;
}

/** One poll of a device: a counter sample per connection it carries. */
export interface DevicePoll {
  deviceId: string;
  samples: { connectionId: string; sample: CounterSample }[];
}

/** A connection's previous sample in its device's state: [at (ms), in, out, sysUpTime or null]. */
type Kept = [number, string, string, string | null];

/** Entries of connections no longer polled are dropped from the device state after this long. */
const KEEP_MS = 35 * 86_400_000;
const FIVE_MIN = 300_000;

/** One device's poll. */
export async function ingest(
  deviceId: string,
  samples: { connectionId: string; sample: CounterSample }[],
): Promise<IngestResult> {
  return (await ingestMany([{ deviceId, samples }]))[0]!;
}

/**
 * Takes the polls of a collection round (several devices, each a counter sample per connection)
 * and turns each sample into an interval with the connection's previous one (wraps counted,
 * resets skipped; in `intervalBetween`). The previous samples are each device's state row
 * (ops.traffic_device_state), read locked in device order: one row per device, so two writers
 * of one device serialise and nothing is read or written per interface. Then one statement
 * appends every interval to ops.traffic_raw, writes the states back, counts the resets and marks
 * the 5-minute buckets written as dirty for the rollups (maintenance.ts). Results in poll order.
 */
export async function ingestMany(polls: DevicePoll[]): Promise<IngestResult[]> {
  const results = polls.map((): IngestResult => ({ written: 0, resets: 0, skipped: 0 }));
  const used = polls.filter((p) => p.samples.length > 0);
  if (used.length === 0) return results;
  const ids = used.map((p) => p.deviceId);
  if (new Set(ids).size !== ids.length) throw new Error('a device polled twice in one round');
  const prev = await sql<{ device_id: string; s: string }>`
    SELECT device_id, sample::text AS s FROM ops.traffic_device_state
     WHERE device_id = ANY(${ids}::uuid[]) ORDER BY device_id FOR UPDATE`.execute(db());
  const stateOf = new Map(prev.rows.map((r) => [r.device_id, r.s]));
  const c: string[] = [];
  const at: string[] = [];
  const secs: number[] = [];
  const ins: string[] = [];
  const outs: string[] = [];
  const resets: string[] = [];
  const states: { deviceId: string; json: string }[] = [];
  const iso = new Map<number, string>();
  const buckets = new Set<number>();
  let minAt = Infinity;
  let maxAt = -Infinity;
  for (const [k, poll] of polls.entries()) {
    if (poll.samples.length === 0) continue;
    const out = results[k]!;
    const before = stateOf.get(poll.deviceId);
    const kept = (before ? JSON.parse(before) : {}) as Record<string, Kept>;
    let newest = -Infinity;
    for (const { connectionId, sample } of poll.samples) {
      const p = kept[connectionId];
      const t = sample.at.getTime();
      if (t > newest) newest = t;
      if (p) {
        const iv = intervalBetween(
          {
            at: new Date(p[0]),
            inOctets: BigInt(p[1]),
            outOctets: BigInt(p[2]),
            uptime: p[3] === null ? null : BigInt(p[3]),
          },
          sample,
        );
        if (iv.kind === 'ok') {
          const s = p[0];
          if (s < minAt) minAt = s;
          if (s > maxAt) maxAt = s;
          let text = iso.get(s);
          if (text === undefined) {
            iso.set(s, (text = iv.at.toISOString()));
            buckets.add(Math.floor(s / FIVE_MIN) * FIVE_MIN);
          }
          c.push(connectionId);
          at.push(text);
          secs.push(iv.seconds);
          ins.push(String(iv.inOctets));
          outs.push(String(iv.outOctets));
          out.written++;
        } else if (iv.kind === 'reset') {
          resets.push(connectionId);
          out.resets++;
        } else out.skipped++;
      }
      // the sample becomes the previous one in every case (after a reset it is the new start)
      kept[connectionId] = [
        t,
        String(sample.inOctets),
        String(sample.outOctets),
        sample.uptime === null ? null : String(sample.uptime),
      ];
    }
    for (const [id, p] of Object.entries(kept)) if (p[0] < newest - KEEP_MS) delete kept[id];
    states.push({ deviceId: poll.deviceId, json: JSON.stringify(kept) });
  }
  if (c.length) await ensurePartitions('raw', new Date(minAt), new Date(maxAt));
  const counted = resets.length
    ? sql`, counted AS (
        UPDATE ops.traffic_interface SET resets = resets + 1 WHERE connection_id = ANY(${resets}::uuid[]))`
    : sql``;
  // 5-minute buckets start on UTC 5-minute boundaries (and so JST ones; see rollup below)
  const dirty = buckets.size
    ? sql`, dirty AS (
        INSERT INTO ops.traffic_dirty (level, bucket)
        SELECT '5m', b FROM unnest(${[...buckets].map((b) => new Date(b).toISOString())}::timestamptz[]) b
        ON CONFLICT (level, bucket) DO UPDATE SET marked_at = now())`
    : sql``;
  const values = sql.join(states.map((x) => sql`(${x.deviceId}::uuid, ${x.json}::json)`));
  // No ON CONFLICT on the raw rows (it costs a quarter of the insert): an interval starts at its
  // connection's previous sample, and the state only moves forward, so a start never repeats; if
  // it ever did, the round fails and is written device by device, and forgetDeviceState lets
  // that device's next poll start afresh (collect.ts).
  const r = await sql`
    WITH kept AS (
      INSERT INTO ops.traffic_device_state (device_id, sample) VALUES ${values}
      ON CONFLICT (device_id) DO UPDATE SET sample = excluded.sample, updated_at = now()
    )${counted}${dirty}
    INSERT INTO ops.traffic_raw (connection_id, at, seconds, in_octets, out_octets)
    SELECT * FROM unnest(${c}::uuid[], ${at}::timestamptz[], ${secs}::float8[], ${ins}::bigint[], ${outs}::bigint[])`.execute(
    db(),
  );
  const written = Number(r.numAffectedRows ?? 0);
  if (written !== c.length) throw new Error(`wrote ${written} of ${c.length} intervals`);
  return results;
}

/** Drops a device's previous samples: its next poll only primes them (after a failed write). */
export async function forgetDeviceState(deviceId: string): Promise<void> {
  await db().deleteFrom('ops.traffic_device_state').where('device_id', '=', deviceId).execute();
}

/**
 * Takes the dirty marks of one level whose buckets closed by `closedBy` (their end ≤ it), oldest
 * first. The marks are deleted in the caller's transaction: a writer that touches one meanwhile
 * waits for it and marks the bucket again after (see migration 0028).
 */
export async function takeDirty(level: '5m' | '1h' | '1d', size: number, closedBy: Date): Promise<Date[]> {
  const r = await sql<{ bucket: Date }>`
    DELETE FROM ops.traffic_dirty
     WHERE level = ${level} AND bucket <= ${new Date(closedBy.getTime() - size)}::timestamptz
    RETURNING bucket`.execute(db());
  return r.rows.map((x) => new Date(x.bucket)).sort((a, b) => a.getTime() - b.getTime());
}

/** Marks buckets of one level dirty (the coarser buckets of those just rolled up). */
export async function markDirty(level: '5m' | '1h' | '1d', buckets: Date[]): Promise<void> {
  if (buckets.length === 0) return;
  await sql`
    INSERT INTO ops.traffic_dirty (level, bucket)
    SELECT ${level}, b FROM unnest(${buckets.map((b) => b.toISOString())}::timestamptz[]) b
    ON CONFLICT (level, bucket) DO UPDATE SET marked_at = now()`.execute(db());
}

const BUCKET = { '5m': '5 minutes', '1h': '1 hour', '1d': '1 day' } as const;
const SOURCE = { '5m': 'ops.traffic_raw', '1h': 'ops.traffic_5m', '1d': 'ops.traffic_1h' } as const;
/** 5-minute and hourly buckets are aligned to UTC (and so to JST); daily ones to JST midnight. */
const ORIGIN = "'2000-01-01 00:00:00+09'::timestamptz";

/**
 * Recomputes the buckets of one rollup whose start lies in [from, to) from the finer series
 * (idempotent: a bucket is replaced by the sums of everything finer in it).
 */
export async function rollup(level: '5m' | '1h' | '1d', from: Date, to: Date): Promise<number> {
  const b = sql.raw(`date_bin('${BUCKET[level]}', at, ${ORIGIN})`);
  const src = sql.raw(SOURCE[level]);
  const maxIn = level === '5m' ? sql`max(in_octets * 8 / seconds)` : sql`max(in_max_bps)`;
  const maxOut = level === '5m' ? sql`max(out_octets * 8 / seconds)` : sql`max(out_max_bps)`;
  if (level !== '1d') await ensurePartitions(level, from, new Date(to.getTime() - 1));
  const r = await sql`
    INSERT INTO ${sql.raw(`ops.traffic_${level}`)} AS t
           (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
    SELECT connection_id, ${b}, sum(seconds), sum(in_octets), sum(out_octets), ${maxIn}, ${maxOut}
      FROM ${src}
     WHERE at >= date_bin(${sql.raw(`'${BUCKET[level]}'`)}, ${from}::timestamptz, ${sql.raw(ORIGIN)})
       AND at < ${to}::timestamptz
     GROUP BY 1, 2
    ON CONFLICT (connection_id, at) DO UPDATE
       SET seconds = excluded.seconds, in_octets = excluded.in_octets, out_octets = excluded.out_octets,
           in_max_bps = excluded.in_max_bps, out_max_bps = excluded.out_max_bps
     -- a bucket recomputed unchanged (the usual case) is not rewritten
     WHERE (t.seconds, t.in_octets, t.out_octets, t.in_max_bps, t.out_max_bps)
           IS DISTINCT FROM (excluded.seconds, excluded.in_octets, excluded.out_octets, excluded.in_max_bps, excluded.out_max_bps)`.execute(
    db(),
  );
  return Number(r.numAffectedRows ?? 0);
}

/** JST month `YYYY-MM-01` → its bounds as instants. */
export function jstMonthBounds(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(y, m - 1, 1) - 9 * 3_600_000),
    to: new Date(Date.UTC(y, m, 1) - 9 * 3_600_000),
  };
}

/**
 * The month's 95th percentile per connection over its 5-minute averages (nearest rank:
 * percentile_disc(0.95) is the smallest value whose cumulative share is at least 95 %).
 */
export async function computeConnectionMonths(month: string): Promise<number> {
  const { from, to } = jstMonthBounds(month);
  const r = await sql`
    INSERT INTO ops.traffic_month AS t
           (connection_id, month, in_p95_bps, out_p95_bps, p95_bps, peak_bps, samples)
    SELECT x.connection_id, ${month}::date, x.i, x.o, greatest(x.i, x.o), x.peak, x.n
      FROM (SELECT connection_id,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY in_octets * 8 / seconds) AS i,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY out_octets * 8 / seconds) AS o,
                   greatest(max(in_octets * 8 / seconds), max(out_octets * 8 / seconds)) AS peak,
                   count(*)::int AS n
              FROM ops.traffic_5m
             WHERE at >= ${from}::timestamptz AND at < ${to}::timestamptz
             GROUP BY connection_id) x
      JOIN customer.connection c ON c.id = x.connection_id
    ON CONFLICT (connection_id, month) DO UPDATE
       SET in_p95_bps = excluded.in_p95_bps, out_p95_bps = excluded.out_p95_bps,
           p95_bps = excluded.p95_bps, peak_bps = excluded.peak_bps, samples = excluded.samples,
           updated_at = now()`.execute(db());
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Per port: the connections' 5-minute averages summed per interval (the larger direction), then
 * the month's 95th percentile and peak of those sums, in Mbit/s.
 */
export async function portMonths(
  month: string,
): Promise<{ portId: string; p95Mbps: number; peakMbps: number; samples: number }[]> {
  const { from, to } = jstMonthBounds(month);
  const r = await sql<{ port_id: string; p95: number; peak: number; n: number }>`
    SELECT port_id, percentile_disc(0.95) WITHIN GROUP (ORDER BY v) / 1e6 AS p95,
           max(v) / 1e6 AS peak, count(*)::int AS n
      FROM (SELECT c.port_id, t.at,
                   greatest(sum(t.in_octets * 8 / t.seconds), sum(t.out_octets * 8 / t.seconds)) AS v
              FROM ops.traffic_5m t JOIN customer.connection c ON c.id = t.connection_id
             WHERE t.at >= ${from}::timestamptz AND t.at < ${to}::timestamptz AND c.port_id IS NOT NULL
             GROUP BY c.port_id, t.at) x
     GROUP BY port_id ORDER BY port_id`.execute(db());
  return r.rows.map((x) => ({
    portId: x.port_id,
    p95Mbps: Number(x.p95),
    peakMbps: Number(x.peak),
    samples: x.n,
  }));
}

const NO_SERVICE = '00000000-0000-0000-0000-000000000000';

/** A connection of the tenant in scope (row-level security), within the user's service scope. */
export async function ownConnection(
  id: string,
  serviceScope: string[] | null,
): Promise<{ id: string; bandwidth_mbps: number | string | null } | undefined> {
  let q = db().selectFrom('customer.connection').select(['id', 'bandwidth_mbps']).where('id', '=', id);
  if (serviceScope) q = q.where('service_id', 'in', serviceScope.length ? serviceScope : [NO_SERVICE]);
  return q.executeTakeFirst();
}
