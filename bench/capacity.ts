/**
 * `capacity_view_ratio` (issue 5): the time to compute the whole capacity view (every port with
 * contracted sum, latest month, trend and forecast, state; every device and PoP with totals) for
 * 2,000 ports and 100,000 connections, divided by the time of one plain aggregate
 * `SELECT port_id, sum(bandwidth_mbps) FROM customer.connection GROUP BY port_id` over the same
 * connections, in the same process, alternating A B B A, median of the runs. Goal ≤ 3.
 * Alone: `node bench/capacity.ts [--quick]`.
 */
import { sql } from 'kysely';
import type { Database } from '../src/db/client.ts';
import { db, inTransaction, systemScope } from '../src/db/context.ts';
import { clockAt, overview } from '../src/modules/capacity/view.ts';
import { openEmbedded } from './setup.ts';

export interface CapacityBenchResult {
  ratio: number;
  viewMs: number;
  plainMs: number;
  /** the plain aggregate outside any transaction, as the superuser (no row-level security) */
  bareMs: number;
  ports: number;
  connections: number;
  months: number;
  runs: number;
  setupS: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The data set, written in bulk by the embedded engine's superuser session: 100 tenants (one
 * contract, service and virtual network each), 10 PoPs of 10 PEs with 20 ports each, connections
 * spread over the ports (85 % active, 10 % planned, 5 % disabled), 12 complete months and the
 * current one of measured utilisation per port.
 */
export async function fill(
  database: Database,
  ports: number,
  connections: number,
  current: string,
): Promise<void> {
  const devices = Math.ceil(ports / 20);
  await database.runScript(`
    INSERT INTO ops.tenant (code, name) SELECT 'B' || lpad(i::text, 7, '0'), 'Bench ' || i FROM generate_series(1, 100) i;
    INSERT INTO customer.contract (tenant_id, number, start_date)
      SELECT id, 'KB-' || code, '2025-01-01' FROM ops.tenant WHERE code LIKE 'B%';
    INSERT INTO customer.service (tenant_id, contract_id, code, type, bandwidth_mbps)
      SELECT c.tenant_id, c.id, 'PVAB' || substr(c.number, 5), 'direct', 100 FROM customer.contract c WHERE c.number LIKE 'KB-%';
    INSERT INTO ops.isolation_id (vni, tenant_id, state)
      SELECT 900000 + row_number() OVER (ORDER BY id), id, 'allocated' FROM ops.tenant WHERE code LIKE 'B%';
    INSERT INTO customer.virtual_network (tenant_id, name, vni, route_distinguisher, route_target, namespace)
      SELECT tenant_id, 'bench', vni, '64512:' || vni, '64512:' || vni, 'vn' || vni FROM ops.isolation_id WHERE vni > 900000;
    INSERT INTO ops.pop (code, name_ja, name_en) SELECT 'BP' || i, '拠点' || i, 'PoP ' || i FROM generate_series(1, 10) i;
    INSERT INTO ops.mgmt_network (name, prefix) VALUES ('bench-mgmt', '10.250.0.0/16');
    INSERT INTO ops.port_class (code, name_ja, name_en, oversubscription, threshold_pct) VALUES
      ('bench-a', 'A', 'A', 2, 80), ('bench-b', 'B', 'B', 4, 70), ('bench-c', 'C', 'C', 1, 90);
    INSERT INTO ops.device (pop_id, hostname, role, vendor, model, serial, os_version, mgmt_network_id, mgmt_address)
      SELECT (SELECT id FROM ops.pop WHERE code = 'BP' || (1 + i % 10)), 'bench-pe' || i, 'pe', 'v', 'm', 's' || i, '1',
             (SELECT id FROM ops.mgmt_network WHERE name = 'bench-mgmt'), ('10.250.' || (i / 250) || '.' || (1 + i % 250))::inet
        FROM generate_series(1, ${devices}) i;
    INSERT INTO ops.port (device_id, name, capacity_mbps, class_code)
      SELECT d.id, 'xe-0/0/' || j, (ARRAY[1000, 10000, 100000])[1 + (j % 3)], (ARRAY['bench-a', 'bench-b', 'bench-c'])[1 + (j % 3)]
        FROM ops.device d CROSS JOIN generate_series(1, 20) j WHERE d.hostname LIKE 'bench-pe%'
       ORDER BY d.hostname, j LIMIT ${ports};
    CREATE TEMP TABLE bench_port AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM ops.port;
    CREATE TEMP TABLE bench_tenant AS
      SELECT s.tenant_id, s.id AS service_id, v.id AS vnet_id, row_number() OVER (ORDER BY s.tenant_id) - 1 AS n
        FROM customer.service s JOIN customer.virtual_network v ON v.tenant_id = s.tenant_id WHERE s.code LIKE 'PVAB%';
    INSERT INTO customer.connection (tenant_id, service_id, name, kind, bandwidth_mbps, status, port_id, virtual_network_id)
      SELECT t.tenant_id, t.service_id, 'c' || i, 'direct', 10 + (i * 37) % 990,
             CASE WHEN i % 20 = 0 THEN 'disabled' WHEN i % 10 = 1 THEN 'planned' ELSE 'active' END,
             p.id, t.vnet_id
        FROM generate_series(0, ${connections - 1}) i
        JOIN bench_port p ON p.n = i % ${ports}
        JOIN bench_tenant t ON t.n = i % 100;
    INSERT INTO ops.port_utilisation_month (port_id, month, p95_mbps, peak_mbps, samples)
      SELECT p.id, ('${current}'::date - make_interval(months => m))::date,
             po.capacity_mbps * (0.2 + (p.n % 50) / 100.0 + (12 - m) * 0.01),
             po.capacity_mbps * (0.25 + (p.n % 50) / 100.0 + (12 - m) * 0.01), 8640
        FROM bench_port p JOIN ops.port po ON po.id = p.id CROSS JOIN generate_series(0, 12) m;
    DROP TABLE bench_port;
    DROP TABLE bench_tenant;
    ANALYZE;
  `);
}

export async function capacityBench(cfg: {
  ports: number;
  connections: number;
  runs: number;
}): Promise<CapacityBenchResult> {
  const t0 = performance.now();
  const database = await openEmbedded();
  try {
    const clock = clockAt();
    await fill(database, cfg.ports, cfg.connections, clock.current);
    const setupS = (performance.now() - t0) / 1000;
    const scope = systemScope();
    const view = async (): Promise<number> => {
      const t = performance.now();
      const o = await inTransaction(database, scope, () => overview(clock));
      const ms = performance.now() - t;
      if (o.ports.length !== cfg.ports) throw new Error(`the view has ${o.ports.length} ports`);
      return ms;
    };
    let groups = 0;
    const plain = async (): Promise<number> => {
      const t = performance.now();
      const r = await inTransaction(database, scope, () =>
        sql`SELECT port_id, sum(bandwidth_mbps) FROM customer.connection GROUP BY port_id`.execute(db()),
      );
      groups = r.rows.length;
      return performance.now() - t;
    };
    const bare = async (): Promise<number> => {
      const t = performance.now();
      await sql`SELECT port_id, sum(bandwidth_mbps) FROM customer.connection GROUP BY port_id`.execute(
        database.kysely,
      );
      return performance.now() - t;
    };
    const counts = await inTransaction(database, scope, async () => {
      const r = await sql<{ n: number; m: number }>`
        SELECT (SELECT count(*)::int FROM customer.connection WHERE port_id IS NOT NULL) AS n,
               (SELECT count(*)::int FROM ops.port_utilisation_month) AS m`.execute(db());
      return r.rows[0]!;
    });
    // warm-up: plans cached, pages in memory
    await view();
    await plain();
    await bare();
    const v: number[] = [];
    const p: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < cfg.runs; i++) {
      // A B B A
      if (i % 2 === 0) {
        v.push(await view());
        p.push(await plain());
      } else {
        p.push(await plain());
        v.push(await view());
      }
      b.push(await bare());
    }
    if (groups < cfg.ports) throw new Error(`the plain aggregate saw ${groups} ports`);
    return {
      ratio: median(v) / median(p),
      viewMs: median(v),
      plainMs: median(p),
      bareMs: median(b),
      ports: cfg.ports,
      connections: counts.n,
      months: counts.m,
      runs: cfg.runs,
      setupS,
    };
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  const quick = process.argv.includes('--quick');
  const r = await capacityBench({ ports: 2000, connections: 100_000, runs: quick ? 3 : 9 });
  process.stdout.write(
    `capacity_view_ratio ${r.ratio.toFixed(2)} (goal ≤ 3): whole view ${r.viewMs.toFixed(0)} ms, plain aggregate ${r.plainMs.toFixed(0)} ms ` +
      `(bare, no transaction or row-level security: ${r.bareMs.toFixed(0)} ms); ${r.ports} ports, ${r.connections} connections, ` +
      `${r.months} port-months; median of ${r.runs}; set-up ${r.setupS.toFixed(0)} s\n`,
  );
}
