/**
 * Traffic benchmarks (issue 7), on the embedded engine, in one process:
 * - `telemetry_ingest_ratio`: counter samples per second written the way the collectors write
 *   them (one batch per device round: previous samples locked and read, intervals computed,
 *   raw rows inserted into the partitioned table, previous samples updated) with the 5-minute
 *   and hourly rollups of every 5 minutes included, divided by a bare bulk insert of the same
 *   raw rows (same unnest, a plain unpartitioned table, no state, no rollups). Goal ≥ 0.5.
 * - `traffic_graph_query_ms_ratio`: a tenant's 30-day graph query (the connection looked up in
 *   the tenant's scope, then its 5-minute series) among many connections with rollups, divided
 *   by a primary-key lookup of one connection in the same scope. Scaled down from 10,000
 *   connections × 1 year (see `graph` below and docs/benchmarks.md).
 * Alone: `node bench/traffic.ts [--quick]`.
 */
import { sql } from 'kysely';
import { db, inTransaction, systemScope, type Scope } from '../src/db/context.ts';
import { ensurePartitions } from '../src/modules/traffic/partitions.ts';
import { ingest, ownConnection, rollup } from '../src/modules/traffic/repository.ts';
import { connectionSeries } from '../src/modules/traffic/series-repository.ts';
import { fill } from './capacity.ts';
import { openEmbedded } from './setup.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface TrafficBenchResult {
  ingestRatio: number;
  ingestPerS: number;
  barePerS: number;
  samples: number;
  connections: number;
  graphRatio: number;
  graphMs: number;
  pkMs: number;
  graphConnections: number;
  graphRows: number;
  points: number;
  setupS: number;
}

export async function trafficBench(cfg: {
  connections: number;
  minutes: number;
  graphConnections: number;
  runs: number;
}): Promise<TrafficBenchResult> {
  const t0 = performance.now();
  const database = await openEmbedded();
  try {
    const ports = Math.max(20, Math.ceil(cfg.connections / 50));
    await fill(database, ports, cfg.connections, '2026-11-01');
    await database.runScript(`
      INSERT INTO ops.traffic_interface (connection_id, device_id, if_name)
        SELECT c.id, p.device_id, 'if' || c.name FROM customer.connection c JOIN ops.port p ON p.id = c.port_id;
      CREATE TABLE ops.bench_raw (LIKE ops.traffic_raw INCLUDING ALL);
      GRANT SELECT, INSERT ON ops.bench_raw TO pva_app;
    `);
    const sys = systemScope();
    const ids = (
      await inTransaction(database, sys, () =>
        db().selectFrom('ops.traffic_interface').select('connection_id').orderBy('connection_id').execute(),
      )
    ).map((r) => r.connection_id);
    const start = Date.parse('2026-11-10T00:00:00Z');
    await inTransaction(database, sys, () =>
      ensurePartitions('raw', new Date(start), new Date(start + 86_400_000)),
    );
    const setupS = (performance.now() - t0) / 1000;
    const batch = (minute: number) =>
      ids.map((id, i) => ({
        connectionId: id,
        sample: {
          at: new Date(start + minute * 60_000),
          inOctets: BigInt(minute) * BigInt(1_000_000 + i),
          outOctets: BigInt(minute) * BigInt(2_000_000 + i),
          uptime: BigInt(minute * 6000),
        },
      }));
    const bareRows = (minute: number) => ({
      c: ids,
      at: ids.map(() => new Date(start + (minute - 1) * 60_000).toISOString()),
      s: ids.map(() => 60),
      i: ids.map((_, i) => String(1_000_000 + i)),
      o: ids.map((_, i) => String(2_000_000 + i)),
    });
    // the first sample of each interface only primes its state (not timed, writes nothing)
    await inTransaction(database, sys, () => ingest(batch(0)));
    const tI = performance.now();
    let written = 0;
    for (let m = 1; m <= cfg.minutes; m++) {
      written += (await inTransaction(database, sys, () => ingest(batch(m)))).written;
      if (m % 5 === 0)
        await inTransaction(database, sys, async () => {
          const now = new Date(start + m * 60_000);
          await rollup('5m', new Date(now.getTime() - 20 * 60_000), now);
          await rollup('1h', new Date(now.getTime() - 2 * 3_600_000), now);
        });
    }
    const ingestS = (performance.now() - tI) / 1000;
    if (written !== ids.length * cfg.minutes) throw new Error(`ingest wrote ${written} rows`);
    const tB = performance.now();
    for (let m = 1; m <= cfg.minutes; m++) {
      const r = bareRows(m);
      await inTransaction(database, sys, () =>
        sql`INSERT INTO ops.bench_raw (connection_id, at, seconds, in_octets, out_octets)
            SELECT * FROM unnest(${r.c}::uuid[], ${r.at}::timestamptz[], ${r.s}::float8[], ${r.i}::bigint[], ${r.o}::bigint[])`.execute(
          db(),
        ),
      );
    }
    const bareS = (performance.now() - tB) / 1000;
    const samples = ids.length * cfg.minutes;

    // Graph: graphConnections connections × (35 days of 5-minute + 1 year of hourly + days)
    const gids = ids.slice(0, cfg.graphConnections);
    const end = new Date('2026-11-20T00:00:00Z');
    const y0 = new Date(end.getTime() - 365 * 86_400_000);
    const m0 = new Date(end.getTime() - 35 * 86_400_000);
    await inTransaction(database, sys, async () => {
      await ensurePartitions('5m', m0, end);
      await ensurePartitions('1h', y0, end);
    });
    await sql`
      INSERT INTO ops.traffic_5m (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
      SELECT c, ${m0}::timestamptz + make_interval(secs => k * 300), 300, 3750000 + k, 7500000 + k, 1e5, 2e5
        FROM unnest(${gids}::uuid[]) c, generate_series(0, 35 * 288 - 1) k
      ON CONFLICT DO NOTHING`.execute(database.kysely);
    await sql`
      INSERT INTO ops.traffic_1h (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
      SELECT c, ${y0}::timestamptz + make_interval(secs => k * 3600), 3600, 45000000 + k, 90000000 + k, 1e5, 2e5
        FROM unnest(${gids}::uuid[]) c, generate_series(0, 365 * 24 - 1) k
      ON CONFLICT DO NOTHING`.execute(database.kysely);
    await database.runScript('ANALYZE');
    const target = gids[Math.floor(gids.length / 2)]!;
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
      samples,
      connections: ids.length,
      graphRatio: median(g) / median(k),
      graphMs: median(g),
      pkMs: median(k),
      graphConnections: gids.length,
      graphRows: gids.length * (35 * 288 + 365 * 24),
      points,
      setupS,
    };
  } finally {
    await database.close();
  }
}

export const trafficBenchConfig = (quick: boolean) =>
  quick
    ? { connections: 2000, minutes: 5, graphConnections: 50, runs: 5 }
    : { connections: 10_000, minutes: 10, graphConnections: 500, runs: 21 };

if (import.meta.main) {
  const r = await trafficBench(trafficBenchConfig(process.argv.includes('--quick')));
  process.stdout.write(
    `telemetry_ingest_ratio ${r.ingestRatio.toFixed(2)} (goal ≥ 0.5): ${r.ingestPerS.toFixed(0)} samples/s with rollups vs bare insert ${r.barePerS.toFixed(0)} rows/s; ` +
      `${r.samples} samples of ${r.connections} connections\n` +
      `traffic_graph_query_ms_ratio ${r.graphRatio.toFixed(1)}: 30-day graph ${r.graphMs.toFixed(1)} ms (${r.points} points) vs primary-key lookup ${r.pkMs.toFixed(2)} ms; ` +
      `${r.graphConnections} connections with rollups (${r.graphRows} rows); set-up ${r.setupS.toFixed(0)} s\n`,
  );
}
