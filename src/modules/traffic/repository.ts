import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { ensurePartitions, partitionOf, type Series } from './partitions.ts';
import { octetsBetween, type CounterSample } from './rate.ts';

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

/** A connection's previous sample: at (ms since the epoch), the counters, sysUpTime or null. */
interface Kept {
  at: number;
  in: bigint;
  out: bigint;
  uptime: bigint | null;
}

/** Previous samples older than this are not used: the next sample only primes its connection. */
const KEEP_MS = 35 * 86_400_000;
const FIVE_MIN = 300_000;

/**
 * The previous samples of the devices this process wrote, with the token it wrote into each
 * device's state row. They are used only while the row still holds that token (no other worker,
 * remapping or failed write came between); otherwise they are read back from the database
 * (migration 0030, docs/traffic.md).
 */
const cache = new Map<string, { token: string; kept: Map<string, Kept> }>();
/** Devices kept in memory at most (a worker polls far fewer; the oldest entry goes first). */
const CACHE_DEVICES = 20_000;

/** Empties this process's memory of previous samples (tests: a worker that never saw a device). */
export function forgetCachedSamples(): void {
  cache.clear();
}

/** 64-bit unsigned counters are stored as their two's-complement bigint. */
const SIGNED_MAX = 2n ** 63n;
const toSigned = (v: bigint): string => String(v < SIGNED_MAX ? v : BigInt.asIntN(64, v));
const toUnsigned = (v: string): bigint => BigInt.asUintN(64, BigInt(v));

/** One device's poll. */
export async function ingest(
  deviceId: string,
  samples: { connectionId: string; sample: CounterSample }[],
): Promise<IngestResult> {
  return (await ingestMany([{ deviceId, samples }]))[0]!;
}

/**
 * The previous samples of these connections, read back from the database: the later of each
 * one's newest raw interval (whose end counters it keeps) and its interface mark (a sample that
 * ended no interval, or, without counters, "count afresh from here"). The newest day is looked at
 * first, then the rest of the keep period for those not found.
 */
async function readKept(ids: string[], newest: number, starts: string[]): Promise<Map<string, Kept>> {
  const out = new Map<string, Kept>();
  if (ids.length === 0) return out;
  const rows = new Map<string, { end: number; in: string | null; out: string | null; up: string | null }>();
  type Row = { c: string; end_ms: number; i: string | null; o: string | null; u: string | null };
  const keep = (r: Row[]) => {
    for (const x of r) rows.set(x.c, { end: Math.round(x.end_ms), in: x.i, out: x.o, up: x.u });
  };
  // the intervals of the device's last write, by primary key: the newest of nearly every connection
  if (starts.length)
    keep(
      (
        await sql<Row>`
        SELECT connection_id AS c, (extract(epoch FROM at) * 1000)::float8 + seconds * 1000 AS end_ms,
               in_counter::text AS i, out_counter::text AS o, uptime::text AS u
          FROM ops.traffic_raw
         WHERE connection_id = ANY(${ids}::uuid[]) AND at = ANY(${starts}::timestamptz[])`.execute(db())
      ).rows,
    );
  const look = async (wanted: string[], since: number): Promise<void> => {
    const r = await sql<Row>`
      SELECT c, r.end_ms, r.i, r.o, r.u
        FROM unnest(${wanted}::uuid[]) c
        JOIN LATERAL (
          SELECT (extract(epoch FROM at) * 1000)::float8 + seconds * 1000 AS end_ms,
                 in_counter::text AS i, out_counter::text AS o, uptime::text AS u
            FROM ops.traffic_raw
           WHERE connection_id = c AND at >= ${new Date(since)}::timestamptz
           ORDER BY at DESC LIMIT 1) r ON true`.execute(db());
    keep(r.rows);
  };
  // connections the last write did not carry: their newest interval, the newest day first
  const missing = ids.filter((c) => !rows.has(c));
  if (missing.length) await look(missing, newest - 86_400_000);
  const rest = ids.filter((c) => !rows.has(c));
  if (rest.length) await look(rest, newest - KEEP_MS);
  const marks = await sql<{ c: string; at_ms: number; i: string | null; o: string | null; u: string | null }>`
    SELECT connection_id AS c, (extract(epoch FROM mark_at) * 1000)::float8 AS at_ms,
           mark_in::text AS i, mark_out::text AS o, mark_uptime::text AS u
      FROM ops.traffic_interface
     WHERE connection_id = ANY(${ids}::uuid[]) AND mark_at IS NOT NULL`.execute(db());
  const markOf = new Map(marks.rows.map((m) => [m.c, m]));
  for (const c of ids) {
    const raw = rows.get(c);
    const m = markOf.get(c);
    const markAt = m ? Math.round(m.at_ms) : -Infinity;
    // a mark at the same instant as an interval's end wins; a mark without counters ("count
    // afresh") is at 'infinity' until the next sample replaces it
    if (m && (!raw || markAt >= raw.end)) {
      if (m.i !== null && m.o !== null)
        out.set(c, {
          at: markAt,
          in: toUnsigned(m.i),
          out: toUnsigned(m.o),
          uptime: m.u === null ? null : BigInt(m.u),
        });
    } else if (raw && raw.in !== null && raw.out !== null)
      out.set(c, {
        at: raw.end,
        in: toUnsigned(raw.in),
        out: toUnsigned(raw.out),
        uptime: raw.up === null ? null : BigInt(raw.up),
      });
  }
  return out;
}

/**
 * Takes the polls of a collection round (several devices, each a counter sample per connection)
 * and turns each sample into an interval with the connection's previous one (wraps counted,
 * resets skipped; in `intervalBetween`). Each device's state row is read locked in device order,
 * so two writers of one device serialise; its token says whether this process's own previous
 * samples of the device are still current (else they are read back, see `readKept`). Then one
 * statement appends every interval with the counters it ended on to ops.traffic_raw, writes new
 * tokens, keeps the samples that ended no interval as interface marks, counts the resets and
 * marks the 5-minute buckets written as dirty for the rollups (maintenance.ts). Nothing is
 * rewritten per connection on a regular poll. Results in poll order.
 */
export async function ingestMany(polls: DevicePoll[]): Promise<IngestResult[]> {
  const results = polls.map((): IngestResult => ({ written: 0, resets: 0, skipped: 0 }));
  const used = polls.filter((p) => p.samples.length > 0);
  if (used.length === 0) return results;
  const ids = used.map((p) => p.deviceId);
  if (new Set(ids).size !== ids.length) throw new Error('a device polled twice in one round');
  const prev = await sql<{ device_id: string; token: string; starts: string[] | null }>`
    SELECT device_id, token::text AS token, starts::text[] AS starts FROM ops.traffic_device_state
     WHERE device_id = ANY(${ids}::uuid[]) ORDER BY device_id FOR UPDATE`.execute(db());
  const stateOf = new Map(prev.rows.map((r) => [r.device_id, r]));
  // The intervals, one entry per row, and what rows share: their start, length and the device's
  // uptime (one group per device poll as a rule), so the statement parses each of those once
  const c: string[] = [];
  const group: number[] = [];
  const ins: string[] = [];
  const outs: string[] = [];
  const inc: string[] = [];
  const outc: string[] = [];
  const groups = { at: [] as string[], secs: [] as number[], up: [] as (string | null)[] };
  const groupOf = new Map<string, number>();
  const marks = { c: [] as string[], at: [] as string[], i: [] as string[], o: [] as string[] };
  const markUp: (string | null)[] = [];
  const markReset: number[] = [];
  const states: { deviceId: string; token: string; starts: string[] }[] = [];
  const buckets = new Set<number>();
  let minAt = Infinity;
  let maxAt = -Infinity;
  for (const [k, poll] of polls.entries()) {
    if (poll.samples.length === 0) continue;
    const out = results[k]!;
    const mine = cache.get(poll.deviceId);
    let kept: Map<string, Kept>;
    const state = stateOf.get(poll.deviceId);
    if (mine && mine.token === state?.token) kept = mine.kept;
    else {
      let latest = -Infinity;
      for (const x of poll.samples) latest = Math.max(latest, x.sample.at.getTime());
      kept = await readKept(
        poll.samples.map((x) => x.connectionId),
        latest,
        state?.starts ?? [],
      );
    }
    let newest = -Infinity;
    const starts = new Set<string>();
    // the group of the previous row, checked first (a device's rows nearly always share one)
    let lastStart = NaN;
    let lastT = NaN;
    let lastUp: bigint | null | undefined;
    let lastGroup = -1;
    for (const { connectionId, sample } of poll.samples) {
      const p = kept.get(connectionId);
      const t = sample.at.getTime();
      if (t > newest) newest = t;
      const iv = p ? octetsBetween((t - p.at) / 1000, p.in, p.out, p.uptime, sample) : null;
      // the sample becomes the previous one in every case (after a reset it is the new start)
      kept.set(connectionId, { at: t, in: sample.inOctets, out: sample.outOctets, uptime: sample.uptime });
      if (p && typeof iv === 'object' && iv !== null) {
        const s = p.at;
        if (s !== lastStart || t !== lastT || sample.uptime !== lastUp) {
          const key = `${s} ${t} ${sample.uptime}`;
          let g = groupOf.get(key);
          if (g === undefined) {
            groupOf.set(key, (g = groups.at.length + 1));
            groups.at.push(new Date(s).toISOString());
            groups.secs.push((t - s) / 1000);
            groups.up.push(sample.uptime === null ? null : String(sample.uptime));
            if (s < minAt) minAt = s;
            if (s > maxAt) maxAt = s;
            buckets.add(Math.floor(s / FIVE_MIN) * FIVE_MIN);
          }
          lastStart = s;
          lastT = t;
          lastUp = sample.uptime;
          lastGroup = g;
          starts.add(groups.at[g - 1]!);
        }
        c.push(connectionId);
        group.push(lastGroup);
        ins.push(String(iv.in));
        outs.push(String(iv.out));
        inc.push(toSigned(sample.inOctets));
        outc.push(toSigned(sample.outOctets));
        out.written++;
        continue;
      }
      if (iv === 'reset') out.resets++;
      else if (iv) out.skipped++;
      // a sample that ends no interval (the first, a reset, one out of order) is kept as the
      // interface's mark, so another worker finds it
      marks.c.push(connectionId);
      marks.at.push(sample.at.toISOString());
      marks.i.push(toSigned(sample.inOctets));
      marks.o.push(toSigned(sample.outOctets));
      markUp.push(sample.uptime === null ? null : String(sample.uptime));
      markReset.push(iv === 'reset' ? 1 : 0);
    }
    for (const [id, p] of kept) if (p.at < newest - KEEP_MS) kept.delete(id);
    const token = randomUUID();
    states.push({ deviceId: poll.deviceId, token, starts: [...starts] });
    // the new samples are this process's from now on, if the transaction commits (if it does
    // not, the row keeps its old token and the next poll reads them back)
    cache.delete(poll.deviceId);
    cache.set(poll.deviceId, { token, kept });
    if (cache.size > CACHE_DEVICES) cache.delete(cache.keys().next().value!);
  }
  if (c.length) await ensurePartitions('raw', new Date(minAt), new Date(maxAt));
  const marked = marks.c.length
    ? sql`, marked AS (
        UPDATE ops.traffic_interface i
           SET mark_at = m.at, mark_in = m.i, mark_out = m.o, mark_uptime = m.u, resets = i.resets + m.r
          FROM unnest(${marks.c}::uuid[], ${marks.at}::timestamptz[], ${marks.i}::bigint[],
                      ${marks.o}::bigint[], ${markUp}::bigint[], ${markReset}::int[]) AS m(c, at, i, o, u, r)
         WHERE i.connection_id = m.c)`
    : sql``;
  // 5-minute buckets start on UTC 5-minute boundaries (and so JST ones; see rollup below)
  const dirty = buckets.size
    ? sql`, dirty AS (
        INSERT INTO ops.traffic_dirty (level, bucket)
        SELECT '5m', b FROM unnest(${[...buckets].map((b) => new Date(b).toISOString())}::timestamptz[]) b
        ON CONFLICT (level, bucket) DO UPDATE SET marked_at = now())`
    : sql``;
  const values = sql.join(
    states.map((x) => sql`(${x.deviceId}::uuid, ${x.token}::uuid, ${x.starts}::timestamptz[])`),
  );
  // No ON CONFLICT on the raw rows (it costs a quarter of the insert): an interval starts at its
  // connection's previous sample, and the samples only move forward, so a start never repeats; if
  // it ever did, the round fails and is written device by device, and forgetDeviceState lets
  // that device's next poll start afresh (collect.ts).
  // The rows go in sorted by connection: the primary key's pages are then visited in order
  // (a claim's devices interleave otherwise), which costs less than the sort.
  const r = await sql`
    WITH kept AS (
      INSERT INTO ops.traffic_device_state (device_id, token, starts) VALUES ${values}
      ON CONFLICT (device_id) DO UPDATE SET token = excluded.token, starts = excluded.starts, updated_at = now()
    )${marked}${dirty}
    INSERT INTO ops.traffic_raw (connection_id, at, seconds, in_octets, out_octets, in_counter, out_counter, uptime)
    SELECT x.c, (${groups.at}::timestamptz[])[x.g], (${groups.secs}::float8[])[x.g], x.i, x.o, x.ic, x.oc,
           (${groups.up}::bigint[])[x.g]
      FROM unnest(${c}::uuid[], ${group}::int4[], ${ins}::bigint[], ${outs}::bigint[], ${inc}::bigint[],
                  ${outc}::bigint[]) AS x(c, g, i, o, ic, oc)
     ORDER BY x.c`.execute(db());
  const written = Number(r.numAffectedRows ?? 0);
  if (written !== c.length) throw new Error(`wrote ${written} of ${c.length} intervals`);
  return results;
}

/**
 * Drops a device's previous samples: its next poll only primes them (after a failed write). Its
 * interfaces get a mark without counters, and the token changes, so no worker's memory is used.
 */
export async function forgetDeviceState(deviceId: string): Promise<void> {
  await sql`
    UPDATE ops.traffic_interface
       SET mark_at = 'infinity', mark_in = NULL, mark_out = NULL, mark_uptime = NULL
     WHERE device_id = ${deviceId}`.execute(db());
  await sql`UPDATE ops.traffic_device_state SET token = gen_random_uuid() WHERE device_id = ${deviceId}`.execute(
    db(),
  );
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
const SPAN = { '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
/** The series each rollup reads. */
const FINER = { '5m': 'raw', '1h': '5m', '1d': '1h' } as const;
/** 5-minute and hourly buckets are aligned to UTC (and so to JST); daily ones to JST midnight. */
export const ORIGIN = "'2000-01-01 00:00:00+09'::timestamptz";

/**
 * Recomputes the buckets of one rollup whose start lies in [from, to) from the finer series
 * (idempotent: a bucket is replaced by the sums of everything finer in it).
 */
export async function rollup(level: '5m' | '1h' | '1d', from: Date, to: Date): Promise<number> {
  const b = sql.raw(`date_bin('${BUCKET[level]}', at, ${ORIGIN})`);
  const src = sql.raw(`ops.traffic_${FINER[level]}`);
  const maxIn = level === '5m' ? sql`max(in_octets * 8 / seconds)` : sql`max(in_max_bps)`;
  const maxOut = level === '5m' ? sql`max(out_octets * 8 / seconds)` : sql`max(out_max_bps)`;
  if (level !== '1d') await ensurePartitions(level, from, new Date(to.getTime() - 1));
  const target = sql.raw(`ops.traffic_${level}`);
  const lo = sql`date_bin(${sql.raw(`'${BUCKET[level]}'`)}, ${from}::timestamptz, ${sql.raw(ORIGIN)})`;
  // The block-range indexes on `at` find the buckets' rows once the ranges written since the last
  // rollup are summarised (from the start of the bucket holding `from`, which can lie in the
  // previous partition). Without statistics (the embedded engine gathers none by itself) the
  // planner would read the whole partition instead: scans of whole tables are off meanwhile.
  await summarize(FINER[level], new Date(from.getTime() - SPAN[level]), to);
  if (level !== '1d') await summarize(level, new Date(from.getTime() - SPAN[level]), to);
  await sql`SET LOCAL enable_seqscan = off`.execute(db());
  // Buckets rolled up for the first time (the usual case: a bucket is rolled up once it closes)
  // hold no rows yet and are inserted plainly: the upsert's conflict check costs a quarter more.
  // The dirty marks taken in this transaction keep other rollups of these buckets waiting.
  const fresh =
    level !== '1d' &&
    (
      await sql<{ fresh: boolean }>`
        SELECT NOT EXISTS (SELECT 1 FROM ${target} WHERE at >= ${lo} AND at < ${to}::timestamptz) AS fresh`.execute(
        db(),
      )
    ).rows[0]!.fresh;
  const r = await sql`
    INSERT INTO ${target} AS t
           (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
    SELECT connection_id, ${b}, sum(seconds), sum(in_octets), sum(out_octets), ${maxIn}, ${maxOut}
      FROM ${src}
     WHERE at >= ${lo} AND at < ${to}::timestamptz
     GROUP BY 1, 2
    ${
      fresh
        ? sql``
        : sql`ON CONFLICT (connection_id, at) DO UPDATE
       SET seconds = excluded.seconds, in_octets = excluded.in_octets, out_octets = excluded.out_octets,
           in_max_bps = excluded.in_max_bps, out_max_bps = excluded.out_max_bps
     -- a bucket recomputed unchanged is not rewritten
     WHERE (t.seconds, t.in_octets, t.out_octets, t.in_max_bps, t.out_max_bps)
           IS DISTINCT FROM (excluded.seconds, excluded.in_octets, excluded.out_octets, excluded.in_max_bps, excluded.out_max_bps)`
    }`.execute(db());
  await sql`RESET enable_seqscan`.execute(db());
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Summarises the block ranges written since the last time in the partitions of a series that
 * hold [from, to): afterwards its block-range index on `at` finds the rows of that time
 * (migration 0035).
 */
async function summarize(series: Series, from: Date, to: Date): Promise<void> {
  const parts: string[] = [];
  for (let p = partitionOf(series, from); p.from < to; p = partitionOf(series, p.to)) parts.push(p.name);
  await sql`SELECT ops.traffic_summarize(${series}, ${parts}::text[])`.execute(db());
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
