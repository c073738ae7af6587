/**
 * `npm run bench`: every benchmark the issues name, each goal a ratio against a baseline
 * measured in the same run and the same process (docs/benchmarks.md). Writes bench/results.json
 * ({ "name": number }) and bench/results.md, and prints the table. Benchmarks report; they do
 * not fail the run on a missed goal. `npm run bench -- --quick` runs every part briefly (a smoke
 * test of the harness; its figures mean little).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatInstant } from '../src/lib/time.ts';
import { checkSameAnswer, httpPair, httpTail, injectPair, listen } from './api.ts';
import { percentile } from './load.ts';
import { auditBench } from './audit.ts';
import { breakdown, type Step } from './breakdown.ts';
import { dataplaneBench } from './dataplane.ts';
import { capacityBench } from './capacity.ts';
import { advisoryBench } from './advisories.ts';
import { probeBench } from './probe.ts';
import { trafficBench, trafficBenchConfig } from './traffic.ts';
import { fmt, figuresTable, resultsJson, table, type Figure } from './report.ts';
import { setupApi } from './setup.ts';
import { soakInChild, type SoakResult } from './soak.ts';
import { portalFirstLoad } from './web.ts';
import { graphRenderBench } from './graph.ts';
import { erasureBench, erasureBenchConfig } from './erasure.ts';

const quick = process.argv.includes('--quick');
const ROWS = 50;
/** Other tenants of as many connections: the rows row-level security filters out. */
const NEIGHBOURS = 20;
const cfg = quick
  ? {
      inject: { concurrency: 16, seconds: 1, rounds: 2 },
      breakdown: { concurrency: 16, seconds: 0.5, rounds: 2 },
      http: { connections: 16, seconds: 1, rounds: 2, warmup: 1 },
      tail: { connections: 200, seconds: 3, warmup: 1 },
      audit: { appendSeconds: 1, records: 2000 },
      dataplane: { tenants: 10, perTenant: 10, samples: 3 },
      capacity: { ports: 2000, connections: 100_000, runs: 3 },
      advisories: { advisories: 1000, items: 10_000, runs: 3 },
      probe: { targets: 1000, rounds: 2 },
      soak: { seconds: 40, warmupSeconds: 10, connections: 16, rate: 100 },
    }
  : {
      inject: { concurrency: 16, seconds: 3, rounds: 4 },
      breakdown: { concurrency: 16, seconds: 1, rounds: 2 },
      http: { connections: 16, seconds: 5, rounds: 2, warmup: 1 },
      tail: { connections: 200, seconds: 30, warmup: 3 },
      audit: { appendSeconds: 5, records: 20_000 },
      dataplane: { tenants: 10, perTenant: 10, samples: 7 },
      capacity: { ports: 2000, connections: 100_000, runs: 9 },
      advisories: { advisories: 1000, items: 10_000, runs: 9 },
      probe: { targets: 10_000, rounds: 7 },
      soak: { seconds: 600, warmupSeconds: 120, connections: 16, rate: 100 },
    };

const t0 = performance.now();
const log = (msg: string): void => {
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);
};
const load0 = loadavg()[0]!;
const rps = (v: number): string => `${fmt(v)} req/s`;

log('portal first load (gzipped JS + CSS of web/dist/portal/index.html)');
const web = portalFirstLoad();

log(
  `API: embedded database, a tenant with ${ROWS} connections among ${NEIGHBOURS} other tenants, a viewer logged in with password + TOTP`,
);
const b = await setupApi(ROWS, NEIGHBOURS);
let inj, steps: Step[], http, tail;
try {
  await checkSameAnswer(b, ROWS);
  log(
    `auth_overhead_ratio: app.inject, ${cfg.inject.concurrency} in flight, ${cfg.inject.rounds} × ${cfg.inject.seconds} s per side`,
  );
  inj = await injectPair(b, cfg.inject);
  log('where the time goes: probe routes, one layer at a time');
  steps = await breakdown(b, cfg.breakdown);
  const l = await listen(b);
  log(
    `api_vs_bare_ratio: HTTPS, autocannon, ${cfg.http.connections} connections, ${cfg.http.rounds} × ${cfg.http.seconds} s per side`,
  );
  http = await httpPair(b, l, cfg.http);
  log(`api_p99_over_p50: HTTPS, ${cfg.tail.connections} connections for ${cfg.tail.seconds} s`);
  tail = await httpTail(b, l, cfg.tail);
} finally {
  await b.close();
}
log(
  `soak_rss_growth_pct: HTTPS, ${cfg.soak.rate} req/s over ${cfg.soak.connections} connections for ${cfg.soak.seconds} s in a process of its own, memory sampled every 5 s; the benchmarks below run meanwhile`,
);
const soaking: Promise<SoakResult> = soakInChild({ ...cfg.soak, rows: ROWS, neighbours: NEIGHBOURS });
// a failed soak is reported when awaited; until then it must not end the process
soaking.catch(() => {});
log(`audit: append for ${cfg.audit.appendSeconds} s, then verify a chain of ${cfg.audit.records} records`);
const audit = await auditBench(cfg.audit);
log(
  `data plane: render and apply ${cfg.dataplane.tenants * cfg.dataplane.perTenant} IPsec connections to a Linux PE in network namespaces, then ${cfg.dataplane.samples} tunnels brought up (needs root)`,
);
const dp = await dataplaneBench(cfg.dataplane);
if (dp.skipped) log(`data plane: skipped: ${dp.skipped}`);
log(
  `capacity_view_ratio: ${cfg.capacity.ports} ports, ${cfg.capacity.connections} connections, median of ${cfg.capacity.runs} per side`,
);
const capacity = await capacityBench(cfg.capacity);
log(
  `advisory_match_ratio: ${cfg.advisories.advisories} advisories (CSAF 2.0 and OSV) against ${cfg.advisories.items} inventory items, median of ${cfg.advisories.runs} per side`,
);
const advisories = await advisoryBench(cfg.advisories);
log(
  `probe: ${cfg.probe.targets} monitors on loopback addresses, median of ${cfg.probe.rounds} rounds per side (needs root)`,
);
const probe = await probeBench(cfg.probe);
if (probe.skipped) log(`probe: skipped: ${probe.skipped}`);
const trafficCfg = trafficBenchConfig(quick);
log(
  `traffic: ${trafficCfg.minutes} minutes of counter samples for ${trafficCfg.connections} connections, then a 30-day graph among ${trafficCfg.graphConnections} connections with rollups`,
);
const traffic = await trafficBench(trafficCfg);
log('graph_render_ms: a 30-day graph of 5-minute data in Chromium, from the click to the drawn series');
const graph = await graphRenderBench(quick ? 3 : 7);
const erasureCfg = erasureBenchConfig(quick);
log(
  `erasure: two tenants of ${erasureCfg.connections} connections × ${erasureCfg.days} days of 5-minute traffic; PVA's erasure of one vs bare DELETEs of the other`,
);
const erasure = await erasureBench(erasureCfg);
log('waiting for the soak to end');
const soaked = await soaking;
const load1 = loadavg()[0]!;
const seconds = (performance.now() - t0) / 1000;

const p50 = percentile(tail, 50);
const p99 = percentile(tail, 99);
const figures: Figure[] = [
  {
    name: 'auth_overhead_ratio',
    value: inj.ratio,
    unit: '',
    goal: { op: '>=', target: 0.8 },
    measured: `full stack ${rps(inj.full.rps)}`,
    baseline: `bare route ${rps(inj.bare.rps)}`,
    how: `GET /api/v1/connections?limit=50 (session cookie, RLS; ${ROWS} rows of ${ROWS * (NEIGHBOURS + 1)}) vs the same SELECT on a bare Fastify route; app.inject, ${cfg.inject.concurrency} in flight`,
    bad: inj.full.bad + inj.bare.bad,
  },
  {
    name: 'api_vs_bare_ratio',
    value: http.ratio,
    unit: '',
    goal: { op: '>=', target: 0.8 },
    measured: `full stack ${rps(http.full.rps)}`,
    baseline: `bare route ${rps(http.bare.rps)}`,
    how: `the same pair over real HTTPS on 127.0.0.1, ${cfg.http.connections} keep-alive connections (autocannon)`,
    bad: http.full.bad + http.bare.bad + http.full.timeouts + http.bare.timeouts,
    failures: [http.full.failures, http.bare.failures].filter(Boolean).join('; ') || undefined,
  },
  {
    name: 'api_p99_over_p50',
    value: p99.ms / p50.ms,
    atLeast: p99.atLeast,
    unit: '',
    goal: { op: '<=', target: 5 },
    measured:
      `p50 ${fmt(p50.ms)} ms, p99 ${p99.atLeast ? '≥ ' : ''}${fmt(p99.ms)} ms, ${rps(tail.rps)}` +
      (tail.timeouts
        ? `; ${tail.timeouts} of ${tail.ok + tail.timeouts} requests timed out (counted as ≥ ${tail.timeoutMs! / 1000} s)`
        : ''),
    baseline: 'p50 of the same run',
    how:
      `full-stack route, HTTPS, ${cfg.tail.connections} connections for ${cfg.tail.seconds} s; ` +
      `the server's event loop stalled up to ${fmt(tail.loopDelayMaxMs)} ms (p99 ${fmt(tail.loopDelayP99Ms)} ms)`,
    bad: tail.bad,
    failures: tail.failures,
  },
  {
    name: 'soak_rss_growth_pct',
    value: soaked.growthPct,
    unit: '%',
    goal: { op: '<=', target: 10 },
    measured: `RSS ${fmt(soaked.warmRssMb)} MiB after the warm-up, ${fmt(soaked.endRssMb)} MiB at the end (heap ${fmt(soaked.heapWarmMb)} → ${fmt(soaked.heapEndMb)} MiB); ${rps(soaked.load.rps)}`,
    baseline: `RSS at the end of the ${cfg.soak.warmupSeconds} s warm-up`,
    how: `full-stack route, HTTPS, a steady ${cfg.soak.rate} req/s over ${cfg.soak.connections} connections for ${cfg.soak.seconds} s, in a process of its own while the other benchmarks run; medians of the 5 s samples of the last 30 s of the warm-up and of the run`,
    bad: soaked.load.bad,
    failures: soaked.load.failures,
  },
  {
    name: 'audit_append_per_s',
    value: audit.appendPerS,
    unit: 'records/s',
    measured: `${audit.appended} records in ${cfg.audit.appendSeconds} s`,
    how: 'recordAudit, one record (with its personal-data row) per transaction, embedded database',
  },
  {
    name: 'audit_verify_per_s',
    value: audit.verifyPerS,
    unit: 'records/s',
    measured: `verifyChain over ${audit.records} records`,
    how: 'median of 3 runs, each in one transaction; reads in batches of 5000',
  },
  {
    name: 'audit_verify_vs_sha256_ratio',
    value: audit.ratio,
    unit: '',
    goal: { op: '>=', target: 0.5 },
    measured: `verify ${fmt(audit.verifyPerS)} records/s`,
    baseline: `SHA-256 of the same bytes ${fmt(audit.sha256PerS)} records/s`,
    how: `verification rate / rate of hashing prev hash + "\\n" + canonical(record), precomputed, in memory`,
  },
  {
    name: 'erasure_rows_per_s',
    value: erasure.rowsPerS,
    unit: 'rows/s',
    measured: `${erasure.rows} rows (${erasure.trafficRows} traffic) in ${fmt(erasure.pvaS)} s`,
    how: 'the erasure job of a stopped tenant from snapshot to signed certificate: catalogue plan, batches by ctid each committed with its counts, recount, key destruction, audit pseudonymisation, certificate (embedded database)',
  },
  {
    name: 'erasure_vs_delete_ratio',
    value: erasure.ratio,
    unit: '',
    measured: `PVA erasure ${fmt(erasure.pvaS)} s`,
    baseline: `bare DELETEs of a twin tenant's same rows ${fmt(erasure.bareS)} s`,
    how: 'PVA erasure time / one superuser transaction of plain DELETE statements over an identical tenant, same process and run',
  },
  {
    name: 'advisory_match_ratio',
    value: advisories.ratio,
    unit: '',
    goal: { op: '<=', target: 2 },
    measured: `match ${fmt(advisories.matchMs)} ms (${advisories.matches} matches)`,
    baseline: `parse ${fmt(advisories.parseMs)} ms`,
    how: `index ${advisories.items} inventory items by vendor/product, then every advisory's version ranges against its candidates, vs JSON.parse and the CSAF 2.0 / OSV readers of the same ${advisories.advisories} documents; in memory, median of ${advisories.runs}, A B B A`,
  },
  {
    name: 'capacity_view_ratio',
    value: capacity.ratio,
    unit: '',
    goal: { op: '<=', target: 3 },
    measured: `whole view ${fmt(capacity.viewMs)} ms`,
    baseline: `plain aggregate ${fmt(capacity.plainMs)} ms`,
    how:
      `ports, devices and PoPs with contracted sums, latest month, trend, forecast and state (${capacity.ports} ports, ${capacity.connections} connections, ${capacity.months} port-months) ` +
      `vs SELECT port_id, sum(bandwidth_mbps) … GROUP BY port_id, each in a provider-scope transaction; median of ${capacity.runs}, A B B A ` +
      `(the aggregate alone without transaction or row-level security: ${fmt(capacity.bareMs)} ms)`,
  },
  {
    name: 'dataplane_apply_s_per_100',
    value: dp.applyS,
    unit: 's',
    measured: dp.skipped
      ? `skipped: ${dp.skipped}`
      : `${dp.connections} connections of ${cfg.dataplane.tenants} tenants, render ${fmt(dp.renderS!)} s`,
    baseline: dp.skipped ? '' : `the same apply again, nothing to change: ${fmt(dp.noopApplyS!)} s`,
    how: 'intendedConfig (model from the database, PSKs opened) + linux driver apply to an empty PE (namespaces, veths, rules, routes, HTB, charon start, swanctl load, read-back check), scaled to 100 connections',
  },
  {
    name: 'ipsec_up_s',
    value: dp.ipsecUpS,
    unit: 's',
    measured: dp.skipped
      ? `skipped: ${dp.skipped}`
      : `median of ${dp.ipsecSamples.length}: ${dp.ipsecSamples.map((x) => fmt(x)).join(', ')} s`,
    how: 'from the start of an apply adding one connection (PE holding the 100 above) until the customer side (its own charon, userspace ESP) has the CHILD_SA up',
  },
  {
    name: 'probe_targets_per_core_s',
    value: probe.perCoreS,
    unit: 'targets/core·s',
    measured: probe.skipped
      ? `skipped: ${probe.skipped}`
      : `${probe.targets} targets in ${fmt(probe.pvaCpuS)} CPU s (process + fping), ${fmt(probe.wallS)} s wall per round`,
    how: 'one probe pass of PVA (claim due monitors FOR UPDATE SKIP LOCKED, fping -C 5 -p 200 -i 0 in batches of 2000, state machine, rounds and states stored) over monitors of loopback targets, embedded database in the same process; anchor ~1,000 probes/core/s (blackbox_exporter)',
  },
  {
    name: 'probe_overhead_ratio',
    value: probe.ratio,
    unit: '',
    goal: { op: '<=', target: 1.5 },
    measured: probe.skipped ? `skipped: ${probe.skipped}` : `PVA round ${fmt(probe.pvaCpuS)} CPU s`,
    baseline: probe.skipped ? '' : `bare fping, same arguments and targets: ${fmt(probe.bareCpuS)} CPU s`,
    how: 'CPU time (this process + children, /proc/self/stat) of a PVA round divided by bare fping over the same targets; median of the rounds, A B B A',
  },
  {
    name: 'telemetry_ingest_ratio',
    value: traffic.ingestRatio,
    unit: '',
    goal: { op: '>=', target: 0.5 },
    measured: `${fmt(traffic.ingestPerS)} samples/s with rollups`,
    baseline: `bare bulk insert of the same rows ${fmt(traffic.barePerS)} rows/s`,
    how: `${traffic.samples} counter samples of ${traffic.connections} connections, one poll per device per minute as the collectors write them (a claim of devices in one transaction: their state rows locked, intervals from the worker's previous samples with wraps and resets, the raw rows with the counters they ended on into the partitioned table, new tokens and dirty buckets in the same statement) with the 5-minute and hourly rollups when the schedule runs them, vs the same raw rows (8 columns) inserted by the same unnest into a plain table; against the 5 columns of before migration 0030: ${fmt(traffic.ingestPerS / traffic.bare5PerS)}`,
  },
  {
    name: 'traffic_graph_query_ms_ratio',
    value: traffic.graphRatio,
    unit: '',
    measured: `30-day graph ${fmt(traffic.graphMs)} ms (${traffic.points} points)`,
    baseline: `primary-key lookup ${fmt(traffic.pkMs)} ms`,
    how: `the connection looked up in the tenant's scope, then its 5-minute series, in a tenant transaction; among ${traffic.graphConnections} connections with a year of daily and the last days of 5-minute rollups, the target with 35 days of 5-minute and a year of hourly (${traffic.graphRows} rows; a year of 5-minute rows for 10,000 connections does not fit the embedded engine); median, A B B A`,
  },
  {
    name: 'portal_first_load_kb',
    value: web.gzipKb,
    unit: 'KB',
    goal: { op: '<=', target: 300 },
    measured: `${web.files.length} files, ${fmt(web.rawKb)} KB before gzip`,
    how:
      'zlib.gzipSync of each script, stylesheet and module preload in web/dist/portal/index.html' +
      (web.stale ? ' (web/dist is older than web/src: `npm run build:web` for a current figure)' : ''),
  },
  {
    name: 'graph_render_ms',
    value: graph.medianMs,
    unit: 'ms',
    measured: `median of ${graph.samplesMs.length} clicks; ${fmt(graph.pathChars)} characters of SVG path`,
    how: 'portal traffic page, month range (8,640 five-minute points): API request, JSON decoding and SVG render, in Chromium (bench/graph.ts)',
  },
];

const stepRows = steps.map((s) => [
  s.label,
  fmt(s.us),
  fmt(s.us - steps[0]!.us),
  fmt(s.statements),
  s.bad ? String(s.bad) : '0',
]);
const extra: Record<string, number> = {
  auth_full_rps: inj.full.rps,
  auth_bare_rps: inj.bare.rps,
  api_full_rps: http.full.rps,
  api_bare_rps: http.bare.rps,
  api_p50_ms: p50.ms,
  api_p99_ms: p99.ms,
  api_200c_timeouts: tail.timeouts,
  api_200c_loop_delay_p99_ms: tail.loopDelayP99Ms,
  api_200c_loop_delay_max_ms: tail.loopDelayMaxMs,
  api_200c_rps: tail.rps,
  soak_rss_warm_mb: soaked.warmRssMb,
  soak_rss_end_mb: soaked.endRssMb,
  soak_rps: soaked.load.rps,
  audit_sha256_per_s: audit.sha256PerS,
  audit_verify_read_per_s: audit.readPerS,
  audit_verify_rebuild_hash_per_s: audit.rebuildAndHashPerS,
  portal_first_load_raw_kb: web.rawKb,
  capacity_view_ms: capacity.viewMs,
  capacity_plain_ms: capacity.plainMs,
  capacity_bare_ms: capacity.bareMs,
  advisory_match_ms: advisories.matchMs,
  advisory_parse_ms: advisories.parseMs,
  traffic_ingest_per_s: traffic.ingestPerS,
  traffic_bare_insert_per_s: traffic.barePerS,
  traffic_bare_insert_5col_per_s: traffic.bare5PerS,
  traffic_graph_ms: traffic.graphMs,
  traffic_pk_ms: traffic.pkMs,
  ...(probe.skipped
    ? {}
    : { probe_pva_cpu_s: probe.pvaCpuS, probe_bare_cpu_s: probe.bareCpuS, probe_wall_s: probe.wallS }),
  ...(dp.skipped ? {} : { dataplane_render_s: dp.renderS!, dataplane_noop_apply_s: dp.noopApplyS! }),
  ...Object.fromEntries(
    steps.flatMap((s) => [
      [`breakdown_${s.key}_us`, s.us],
      [`breakdown_${s.key}_statements`, s.statements],
    ]),
  ),
  bench_seconds: seconds,
  load_avg_start: load0,
  load_avg_end: load1,
};

const md = [
  `# PVA benchmarks${quick ? ' (quick run: figures are indicative only)' : ''}`,
  '',
  `Run ${formatInstant(new Date())} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, embedded database (PGlite); ` +
    `${fmt(seconds)} s; load average ${fmt(load0)} at start, ${fmt(load1)} at end (other processes share the machine: absolute numbers move, the ratios are measured side by side).`,
  '',
  figuresTable(figures),
  '',
  "## Where the full stack's time goes",
  '',
  `In-process (app.inject, ${cfg.breakdown.concurrency} in flight, ${cfg.breakdown.rounds} × ${cfg.breakdown.seconds} s each), one layer added at a time to the bare SELECT. Statements per request include BEGIN and COMMIT.`,
  '',
  table(['variant', 'µs per request', 'over bare', 'round trips', 'failed'], stepRows),
  '',
  '## Audit verification',
  '',
  table(
    ['part', 'records/s'],
    [
      ['verifyChain (read + rebuild + canonical + hash)', fmt(audit.verifyPerS)],
      ['reading the rows alone (readBatch, 5000 per batch)', fmt(audit.readPerS)],
      ['rebuilding, canonical() and hashing alone (rows in memory)', fmt(audit.rebuildAndHashPerS)],
      ['SHA-256 of the precomputed bytes alone (baseline)', fmt(audit.sha256PerS)],
    ],
  ),
  '',
  'See docs/benchmarks.md for what each figure measures.',
  '',
].join('\n');

const dir = fileURLToPath(new URL('.', import.meta.url));
writeFileSync(`${dir}results.json`, `${JSON.stringify(resultsJson(figures, extra), null, 2)}\n`);
writeFileSync(`${dir}results.md`, md);
log('wrote bench/results.json and bench/results.md');
process.stdout.write(`\n${md}`);
