/**
 * `probe_targets_per_core_s` and `probe_overhead_ratio` (issue 7). 10,000 monitors whose targets
 * are loopback addresses (127.16.0.0/14 all answer on lo: no traffic leaves the machine), probed by
 * PVA's own probe pass (claim with FOR UPDATE SKIP LOCKED, fping in batches, state machine, rounds
 * stored) against the embedded database in this process, on a data directory as an installation
 * runs it. CPU time counts this process and its children (fping); the baseline is bare fping with
 * the same arguments over the same targets.
 * Alone: `node bench/probe.ts [--quick]`.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '../src/db/client.ts';
import { db, inTransaction, systemScope } from '../src/db/context.ts';
import { run } from '../src/modules/dataplane/drivers/linux/exec.ts';
import { fpingArgs } from '../src/modules/monitoring/fping.ts';
import { runProbePass } from '../src/modules/monitoring/probe.ts';
import { DEFAULT_SETTINGS, type MonitoringSettings } from '../src/modules/monitoring/settings.ts';
import { openEmbeddedOnDisk } from './setup.ts';

export interface ProbeBenchResult {
  skipped?: string;
  targets: number;
  rounds: number;
  /** targets per CPU second of PVA's pass (process + fping) */
  perCoreS: number | null;
  ratio: number | null;
  pvaCpuS: number;
  bareCpuS: number;
  wallS: number;
  stored: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU seconds of this process plus its waited-for children (/proc/self/stat cutime + cstime). */
function cpuNow(): number {
  const self = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[13]) + Number(f[14]); // fields 16 and 17: cutime, cstime
  return (self.user + self.system) / 1e6 + ticks / 100;
}

const SETTINGS: MonitoringSettings = {
  ...DEFAULT_SETTINGS,
  // a round as PVA runs it (5 probes per target), the probes 200 ms apart instead of 1 s to keep the run short
  periodMs: 200,
  sendIntervalMs: 0,
  timeoutMs: 500,
  batchSize: 2000,
  hostSource: 1,
  claimLimit: 1_000_000,
};

const target = (i: number): string => {
  const n = (127 << 24) | (16 << 16);
  const a = (n + i * 4 + 2) >>> 0;
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
};

export async function probeBench(
  cfg: { targets: number; rounds: number },
  open: () => Promise<Database> = openEmbeddedOnDisk,
): Promise<ProbeBenchResult> {
  const empty = {
    targets: cfg.targets,
    rounds: cfg.rounds,
    perCoreS: null,
    ratio: null,
    pvaCpuS: 0,
    bareCpuS: 0,
    wallS: 0,
    stored: 0,
  };
  const probe = await run('fping', ['-v'], { allowFail: true }).catch(() => null);
  if (!probe || probe.code !== 0) return { ...empty, skipped: 'fping is not installed' };
  if (process.getuid?.() !== 0) return { ...empty, skipped: 'fping at -i 0 needs root' };
  const database = await open();
  try {
    await database.runScript(`
      INSERT INTO ops.tenant (code, name) VALUES ('PROBEB', 'Probe bench');
      INSERT INTO customer.contract (tenant_id, number, start_date) SELECT id, 'K-PROBEB', '2025-01-01' FROM ops.tenant WHERE code = 'PROBEB';
      INSERT INTO customer.service (tenant_id, contract_id, code, type, bandwidth_mbps)
        SELECT tenant_id, id, 'PVAPROBEB', 'direct', 100 FROM customer.contract WHERE number = 'K-PROBEB';
      INSERT INTO ops.isolation_id (vni, tenant_id, state) SELECT 990001, id, 'allocated' FROM ops.tenant WHERE code = 'PROBEB';
      INSERT INTO customer.virtual_network (tenant_id, name, vni, route_distinguisher, route_target, namespace)
        SELECT id, 'bench', 990001, '64512:990001', '64512:990001', 'vn990001' FROM ops.tenant WHERE code = 'PROBEB';
      INSERT INTO ops.pop (code, name_ja, name_en) VALUES ('PB', '拠点', 'PoP');
      INSERT INTO ops.mgmt_network (name, prefix) VALUES ('probe-mgmt', '10.251.0.0/16');
      INSERT INTO ops.port_class (code, name_ja, name_en, oversubscription) VALUES ('probe', 'p', 'p', 1000)
        ON CONFLICT DO NOTHING;
      INSERT INTO ops.device (pop_id, hostname, role, vendor, model, serial, os_version, mgmt_network_id, mgmt_address)
        SELECT (SELECT id FROM ops.pop WHERE code = 'PB'), 'probe-pe', 'pe', 'v', 'm', 'sp', '1',
               (SELECT id FROM ops.mgmt_network WHERE name = 'probe-mgmt'), '10.251.0.1';
      INSERT INTO ops.port (device_id, name, capacity_mbps, class_code)
        SELECT id, 'xe-0/0/0', 100000000, 'probe' FROM ops.device WHERE hostname = 'probe-pe';
      INSERT INTO customer.connection (tenant_id, service_id, name, kind, bandwidth_mbps, status, port_id, virtual_network_id, ipv4_prefix)
        SELECT s.tenant_id, s.id, 'c' || i, 'direct', 1, 'active', p.id, v.id,
               set_masklen(('127.16.0.0'::inet + i * 4), 30)::cidr
          FROM generate_series(0, ${cfg.targets - 1}) i
          CROSS JOIN customer.service s CROSS JOIN ops.port p CROSS JOIN customer.virtual_network v
         WHERE s.code = 'PVAPROBEB' AND p.name = 'xe-0/0/0' AND v.vni = 990001;
      ANALYZE;
    `);
    const targets = Array.from({ length: cfg.targets }, (_, i) => target(i));
    const pva: number[] = [];
    const bare: number[] = [];
    let wall = 0;
    let clock = Date.now();
    const links = { portal: null, console: null };
    // A B B A … so drift in the machine's load falls on both sides alike
    for (let r = 0; r < cfg.rounds; r++) {
      for (const side of r % 2 ? ['bare', 'pva'] : ['pva', 'bare']) {
        const c0 = cpuNow();
        const w0 = performance.now();
        if (side === 'pva') {
          clock += 3_600_000; // every monitor is due again
          const res = await runProbePass(database, SETTINGS, links, () => new Date(clock));
          if (res.probed !== cfg.targets) throw new Error(`probed ${res.probed} of ${cfg.targets}`);
          pva.push(cpuNow() - c0);
          wall += (performance.now() - w0) / 1000;
        } else {
          for (let i = 0; i < targets.length; i += SETTINGS.batchSize)
            await run('fping', fpingArgs(SETTINGS, targets.slice(i, i + SETTINGS.batchSize)), {
              allowFail: true,
            });
          bare.push(cpuNow() - c0);
        }
      }
    }
    const stored = await inTransaction(database, systemScope(), async () => {
      const r = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM customer.monitor_round WHERE received > 0`.execute(db());
      return r.rows[0]!.n;
    });
    const pvaCpuS = median(pva);
    const bareCpuS = median(bare);
    return {
      targets: cfg.targets,
      rounds: cfg.rounds,
      perCoreS: cfg.targets / pvaCpuS,
      ratio: pvaCpuS / bareCpuS,
      pvaCpuS,
      bareCpuS,
      wallS: wall / cfg.rounds,
      stored,
    };
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  console.log(await probeBench(quick ? { targets: 1000, rounds: 2 } : { targets: 10_000, rounds: 7 }));
}
