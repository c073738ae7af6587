/**
 * Traffic benchmarks (issue 7), on the embedded engine, in one process:
 * - `telemetry_ingest_ratio`: counter samples per second written the way the collectors write
 *   them (one transaction per claim of `PVA_TRAFFIC_PARALLEL` (8) devices: device states
 *   locked, intervals computed from the worker's previous samples, raw rows inserted into the
 *   partitioned table, states and buckets marked) with the 5-minute and hourly rollups run when the schedule
 *   runs them (1 min 40 s after each 5 minutes) until every bucket written is rolled up,
 *   divided by a bare bulk insert of the same raw rows (the interval and the counters and uptime
 *   it ended on; same unnest, a plain unpartitioned table, no state, no rollups). Goal ≥ 0.5.
 * - `traffic_graph_query_ms_ratio`: a tenant's 30-day graph query (the connection looked up in
 *   the tenant's scope, then its 5-minute series) among many connections with rollups, divided
 *   by a primary-key lookup of one connection in the same scope. Scaled down from 10,000
 *   connections × 1 year (see `graph` below and docs/benchmarks.md).
 * Alone: `node bench/traffic.ts [--quick] [--only ingest|graph] [--readback]` (one part only skips the
 * other's set-up; `--readback`: no worker memory of previous samples, every poll reads them back).
 */
import { sql } from 'kysely';
import type { Database } from '../src/db/client.ts';
import { db, inTransaction, systemScope, type Scope } from '../src/db/context.ts';
import { loadConfig } from '../src/config.ts';
import { ensurePartitions } from '../src/modules/traffic/partitions.ts';
import { rollupRecent } from '../src/modules/traffic/maintenance.ts';
import { forgetCachedSamples, ingestMany, ownConnection } from '../src/modules/traffic/repository.ts';
import { connectionSeries } from '../src/modules/traffic/series-repository.ts';
import { fill } from './capacity.ts';
import { openEmbedded } from './setup.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface TrafficBenchResult {
  ingestRatio: number;
  ingestPerS: number;
  barePerS: number;
  /** the bare insert of the five columns a raw row had before migration 0030 (context) */
  bare5PerS: number;
  samples: number;
  connections: number;
  graphRatio: number;
  graphMs: number;
  pkMs: number;
  graphConnections: number;
  graphRows: number;
  graphSetupS: number;
  points: number;
  setupS: number;
}

export async function trafficBench(
  cfg: {
    connections: number;
    minutes: number;
    graphConnections: number;
    /** days of 5-minute rollups for every connection (the target has 35) */
    denseDays: number;
    runs: number;
    /** run one part only (the other's figures are NaN) */
    only?: 'ingest' | 'graph';
    /** every poll reads the previous samples back from the database (no worker memory) */
    readback?: boolean;
  },
  open: () => Promise<Database> = openEmbedded,
): Promise<TrafficBenchResult> {
  const t0 = performance.now();
  const database = await open();
  try {
    const ports = Math.max(20, Math.ceil(cfg.connections / 50));
    await fill(database, ports, cfg.connections, '2026-11-01');
    await database.runScript(`
      INSERT INTO ops.traffic_interface (connection_id, device_id, if_name)
        SELECT c.id, p.device_id, 'if' || c.name FROM customer.connection c JOIN ops.port p ON p.id = c.port_id;
      CREATE TABLE ops.bench_raw (LIKE ops.traffic_raw INCLUDING ALL);
      CREATE TABLE ops.bench_raw5 (LIKE ops.bench_raw INCLUDING ALL);
      ALTER TABLE ops.bench_raw5 DROP COLUMN in_counter, DROP COLUMN out_counter, DROP COLUMN uptime;
      GRANT SELECT, INSERT ON ops.bench_raw, ops.bench_raw5 TO pva_app;
    `);
    const sys = systemScope();
    const mapped = await inTransaction(database, sys, () =>
      db()
        .selectFrom('ops.traffic_interface')
        .select(['connection_id', 'device_id'])
        .orderBy('connection_id')
        .execute(),
    );
    const ids = mapped.map((r) => r.connection_id);
    const devices = [...new Set(mapped.map((r) => r.device_id))];
    // 23:55 UTC: an hour closes within the run, so the hourly rollup is part of what is timed
    const start = Date.parse('2026-11-09T23:55:00Z');
    await inTransaction(database, sys, () =>
      ensurePartitions('raw', new Date(start), new Date(start + 86_400_000)),
    );
    await inTransaction(database, sys, () =>
      ensurePartitions('5m', new Date(start), new Date(start + 86_400_000)).then(() =>
        ensurePartitions('1h', new Date(start), new Date(start + 86_400_000)),
      ),
    );
    const setupS = (performance.now() - t0) / 1000;
    // one poll per device and minute, as the collectors write them (one transaction each)
    const batch = (minute: number, device: string) =>
      mapped.flatMap((r, i) =>
        r.device_id !== device
          ? []
          : [
              {
                connectionId: r.connection_id,
                sample: {
                  at: new Date(start + minute * 60_000),
                  inOctets: BigInt(minute) * BigInt(1_000_000 + i),
                  outOctets: BigInt(minute) * BigInt(2_000_000 + i),
                  uptime: BigInt(minute * 6000),
                },
              },
            ],
      );
    const perClaim = loadConfig({}).traffic.parallel;
    const poll = async (polls: ReturnType<typeof batch>[]): Promise<number> => {
      let n = 0;
      for (let k = 0; k < devices.length; k += perClaim) {
        const round = devices.slice(k, k + perClaim).map((d, j) => ({ deviceId: d, samples: polls[k + j]! }));
        // --readback: every claim as if by a worker that never wrote these devices (docs/traffic.md)
        if (cfg.readback) forgetCachedSamples();
        for (const r of await inTransaction(database, sys, () => ingestMany(round))) n += r.written;
      }
      return n;
    };
    // the rollup job's schedule (jobs.ts): every 5 minutes, 100 s after a bucket closes
    const rollupTimes = (from: number, to: number): number[] => {
      const out: number[] = [];
      for (let t = Math.ceil((from - 100_000) / 300_000) * 300_000 + 100_000; t < to; t += 300_000)
        out.push(t);
      return out;
    };
    const rollupsBetween = async (from: number, to: number): Promise<void> => {
      for (const t of rollupTimes(from, to))
        await inTransaction(database, sys, () => rollupRecent(new Date(t)));
    };
    // the same rows as PVA writes: the interval and the counters and uptime it ended on
    const bareRows = (minute: number) => ({
      c: ids,
      at: ids.map(() => new Date(start + (minute - 1) * 60_000).toISOString()),
      s: ids.map(() => 60),
      i: ids.map((_, i) => String(1_000_000 + i)),
      o: ids.map((_, i) => String(2_000_000 + i)),
      ic: ids.map((_, i) => String(BigInt(minute) * BigInt(1_000_000 + i))),
      oc: ids.map((_, i) => String(BigInt(minute) * BigInt(2_000_000 + i))),
      u: ids.map(() => String(minute * 6000)),
    });
    // the first sample of each interface only primes its state (not timed, writes nothing)
    await poll(devices.map((d) => batch(0, d)));
    // CPU seconds of this process (the embedded database runs in it): the other processes of a
    // shared machine slow the wall clock of either side unevenly, not its CPU time
    const cpu = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    let ingestS = NaN;
    let bareS = NaN;
    let bare5S = NaN;
    const samples = ids.length * cfg.minutes;
    if (cfg.only !== 'graph') {
      // Both sides' input is made before timing (reading the counters is not writing them), and
      // the sides alternate minute by minute (A B B A), so drift on a shared machine hits both.
      ingestS = 0;
      bareS = 0;
      bare5S = 0;
      let written = 0;
      for (let m = 1; m <= cfg.minutes; m++) {
        const polls = devices.map((d) => batch(m, d));
        const r = bareRows(m);
        const pva = async (): Promise<void> => {
          const t = cpu();
          written += await poll(polls);
          // the rollups the schedule runs before the next poll; after the last one, until all is rolled up
          const now = start + m * 60_000;
          await rollupsBetween(now, m === cfg.minutes ? now + 10 * 60_000 : now + 60_000);
          ingestS += cpu() - t;
        };
        const bare = async (): Promise<void> => {
          const t = cpu();
          await inTransaction(database, sys, () =>
            sql`INSERT INTO ops.bench_raw (connection_id, at, seconds, in_octets, out_octets, in_counter, out_counter, uptime)
              SELECT * FROM unnest(${r.c}::uuid[], ${r.at}::timestamptz[], ${r.s}::float8[], ${r.i}::bigint[], ${r.o}::bigint[],
                                   ${r.ic}::bigint[], ${r.oc}::bigint[], ${r.u}::bigint[])`.execute(db()),
          );
          bareS += cpu() - t;
        };
        // context only: the five columns a raw row had before it kept its counters (migration 0030)
        const bare5 = async (): Promise<void> => {
          const t = cpu();
          await inTransaction(database, sys, () =>
            sql`INSERT INTO ops.bench_raw5 (connection_id, at, seconds, in_octets, out_octets)
              SELECT * FROM unnest(${r.c}::uuid[], ${r.at}::timestamptz[], ${r.s}::float8[], ${r.i}::bigint[], ${r.o}::bigint[])`.execute(
              db(),
            ),
          );
          bare5S += cpu() - t;
        };
        if (m % 2 === 1) {
          await pva();
          await bare();
          await bare5();
        } else {
          await bare5();
          await bare();
          await pva();
        }
      }
      if (written !== ids.length * cfg.minutes) throw new Error(`ingest wrote ${written} rows`);
    }
    if (cfg.only === 'ingest')
      return {
        ingestRatio: samples / ingestS / (samples / bareS),
        ingestPerS: samples / ingestS,
        barePerS: samples / bareS,
        bare5PerS: samples / bare5S,
        samples,
        connections: ids.length,
        graphRatio: NaN,
        graphMs: NaN,
        pkMs: NaN,
        graphConnections: 0,
        graphRows: 0,
        graphSetupS: 0,
        points: 0,
        setupS,
      };

    // Graph: every connection has a year of daily rollups and the last `denseDays` days of
    // 5-minute ones (the month partition the query reads holds all 10,000 connections); the
    // target connection has the full 35 days of 5-minute and a year of hourly rollups. A year of
    // 5-minute rows for 10,000 connections (about a billion) does not fit the embedded engine.
    const gids = ids.slice(0, cfg.graphConnections);
    const target = gids[Math.floor(gids.length / 2)]!;
    const end = new Date('2026-11-20T00:00:00Z');
    const y0 = new Date(end.getTime() - 365 * 86_400_000);
    const m0 = new Date(end.getTime() - 35 * 86_400_000);
    const d0 = new Date(end.getTime() - cfg.denseDays * 86_400_000);
    await inTransaction(database, sys, async () => {
      await ensurePartitions('5m', m0, end);
      await ensurePartitions('1h', y0, end);
    });
    const tG = performance.now();
    await sql`
      INSERT INTO ops.traffic_1d (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
      SELECT c, ${y0}::timestamptz + make_interval(days => k), 86400, 1080000000 + k, 2160000000 + k, 1e5, 2e5
        FROM unnest(${gids}::uuid[]) c, generate_series(0, 364) k
      ON CONFLICT DO NOTHING`.execute(database.kysely);
    await sql`
      INSERT INTO ops.traffic_5m (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
      SELECT c, ${d0}::timestamptz + make_interval(secs => k * 300), 300, 3750000 + k, 7500000 + k, 1e5, 2e5
        FROM unnest(${gids}::uuid[]) c, generate_series(0, ${cfg.denseDays * 288 - 1}::int) k
      UNION ALL
      SELECT ${target}::uuid, ${m0}::timestamptz + make_interval(secs => k * 300), 300, 3750000 + k, 7500000 + k, 1e5, 2e5
        FROM generate_series(0, ${(35 - cfg.denseDays) * 288 - 1}::int) k
      ON CONFLICT DO NOTHING`.execute(database.kysely);
    await sql`
      INSERT INTO ops.traffic_1h (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
      SELECT ${target}::uuid, ${y0}::timestamptz + make_interval(secs => k * 3600), 3600, 45000000 + k, 90000000 + k, 1e5, 2e5
        FROM generate_series(0, 365 * 24 - 1) k
      ON CONFLICT DO NOTHING`.execute(database.kysely);
    const graphRows = gids.length * (365 + cfg.denseDays * 288) + (35 - cfg.denseDays) * 288 + 365 * 24;
    const graphSetupS = (performance.now() - tG) / 1000;
    await database.runScript('ANALYZE');
    const owner = await inTransaction(database, sys, () =>
      db()
        .selectFrom('customer.connection')
        .select('tenant_id')
        .where('id', '=', target)
        .executeTakeFirstOrThrow(),
    );
    const scope: Scope = {
      tenantId: owner.tenant_id,
      providerAccess: false,
      actor: { kind: 'customer', id: null, tenantId: owner.tenant_id },
    };
    const from = new Date(end.getTime() - 30 * 86_400_000);
    let points = 0;
    const graph = async (): Promise<number> => {
      const t = performance.now();
      const p = await inTransaction(database, scope, async () => {
        const c = await ownConnection(target, null);
        if (!c) throw new Error('the connection is not in the tenant scope');
        return connectionSeries(c.id, '5m', from, end);
      });
      points = p.length;
      return performance.now() - t;
    };
    const pk = async (): Promise<number> => {
      const t = performance.now();
      await inTransaction(database, scope, () =>
        db().selectFrom('customer.connection').selectAll().where('id', '=', target).executeTakeFirstOrThrow(),
      );
      return performance.now() - t;
    };
    await graph();
    await pk();
    const g: number[] = [];
    const k: number[] = [];
    for (let i = 0; i < cfg.runs; i++) {
      if (i % 2 === 0) {
        g.push(await graph());
        k.push(await pk());
      } else {
        k.push(await pk());
        g.push(await graph());
      }
    }
    if (points !== 30 * 288) throw new Error(`the graph has ${points} points`);
    return {
      ingestRatio: samples / ingestS / (samples / bareS),
      ingestPerS: samples / ingestS,
      barePerS: samples / bareS,
      bare5PerS: samples / bare5S,
      samples,
      connections: ids.length,
      graphRatio: median(g) / median(k),
      graphMs: median(g),
      pkMs: median(k),
      graphConnections: gids.length,
      graphRows,
      graphSetupS,
      points,
      setupS,
    };
  } finally {
    await database.close();
  }
}

export const trafficBenchConfig = (quick: boolean) =>
  quick
    ? { connections: 2000, minutes: 5, graphConnections: 2000, denseDays: 1, runs: 5 }
    : { connections: 10_000, minutes: 10, graphConnections: 10_000, denseDays: 1, runs: 21 };

if (import.meta.main) {
  const o = process.argv.indexOf('--only');
  const only = o > 0 ? process.argv[o + 1] : undefined;
  if (only !== undefined && only !== 'ingest' && only !== 'graph') throw new Error('--only ingest|graph');
  const r = await trafficBench({
    ...trafficBenchConfig(process.argv.includes('--quick')),
    only,
    readback: process.argv.includes('--readback'),
  });
  process.stdout.write(
    `telemetry_ingest_ratio ${r.ingestRatio.toFixed(2)} (goal ≥ 0.5): ${r.ingestPerS.toFixed(0)} samples/s with rollups vs bare insert ${r.barePerS.toFixed(0)} rows/s ` +
      `(five columns: ${r.bare5PerS.toFixed(0)} rows/s, ratio ${(r.ingestPerS / r.bare5PerS).toFixed(2)}); ` +
      `${r.samples} samples of ${r.connections} connections\n` +
      `traffic_graph_query_ms_ratio ${r.graphRatio.toFixed(1)}: 30-day graph ${r.graphMs.toFixed(1)} ms (${r.points} points) vs primary-key lookup ${r.pkMs.toFixed(2)} ms; ` +
      `${r.graphConnections} connections with rollups (${r.graphRows} rows); set-up ${r.setupS.toFixed(0)} s\n`,
  );
}
