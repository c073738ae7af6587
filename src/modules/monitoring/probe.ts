import type { Database } from '../../db/client.ts';
import { ensureRoundPartitions, roundPartitionOf } from './prune.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { fpingRound, type ProbeResult } from './fping.ts';
import { notifyChange, type Links } from './notify.ts';
import {
  claimDue,
  monitorDetails,
  setDownNotified,
  storeRounds,
  type DueMonitor,
  type RoundRow,
} from './repository.ts';
import type { MonitoringSettings } from './settings.ts';
import { nextState, outcomeOf } from './state.ts';
import { tcpRound } from './tcp.ts';

/**
 * One pass of the probe job: claim the due monitors with what probing them needs (one statement
 * in a short transaction), probe them outside any transaction (fping per source namespace, TCP
 * connects), run the state machines here, then store every round and the changed states in one
 * statement that writes a monitor only if it is still unpaused and as claimed, so a pause that
 * arrived meanwhile wins: a paused monitor's result is dropped and alerts nothing. Only the few
 * monitors whose state changed cost more statements (their events and emails).
 */

export interface PassResult {
  probed: number;
  changed: number;
}

/**
 * Monitors claimed, probed and stored together. Claiming reads the monitors and connections once
 * per claim, so fewer, larger claims cost less (fping still runs `batchSize` targets at a time);
 * a worker stopped mid-pass leaves at most this many monitors to the next pass.
 */
const CLAIM_BATCH = 10_000;

async function probeAll(monitors: DueMonitor[], s: MonitoringSettings): Promise<Map<string, ProbeResult>> {
  const out = new Map<string, ProbeResult>();
  const bySource = new Map<string, DueMonitor[]>();
  const tcp: DueMonitor[] = [];
  for (const m of monitors) {
    if (m.probe_kind === 'tcp') tcp.push(m);
    else {
      const key = m.source_ns ?? '';
      const list = bySource.get(key);
      if (list) list.push(m);
      else bySource.set(key, [m]);
    }
  }
  const jobs: Promise<void>[] = [...bySource].map(async ([ns, list]) => {
    const results = await fpingRound([...new Set(list.map((m) => m.target))], s, ns || null);
    for (const m of list) {
      const r = results.get(m.target);
      if (r) out.set(m.id, r);
    }
  });
  if (tcp.length)
    jobs.push(
      tcpRound(
        tcp.map((m) => ({ address: m.target, port: m.tcp_port ?? 0 })),
        s,
      ).then((rs) => rs.forEach((r, i) => out.set(tcp[i]!.id, r))),
    );
  await Promise.all(jobs);
  return out;
}

/** Probes every due monitor once; returns when all are stored. `now` is the round's time. */
export async function runProbePass(
  database: Database,
  s: MonitoringSettings,
  links: Links,
  now: () => Date = () => new Date(),
): Promise<PassResult> {
  let probed = 0;
  let changed = 0;
  const limit = Math.max(1, s.claimLimit);
  while (probed < limit) {
    const at = now();
    const monitors = await inTransaction(database, systemScope(), async () => {
      await ensureRoundPartition(database, at);
      return claimDue(at, Math.min(CLAIM_BATCH, limit - probed), s.hostSource === 1);
    });
    if (monitors.length === 0) break;
    const results = await probeAll(monitors, s);
    changed += await inTransaction(database, systemScope(), () => storePass(at, monitors, results, s, links));
    probed += monitors.length;
  }
  return { probed, changed };
}

/** The month partitions known to exist, per database (checked once per month and process). */
const partitionsSeen = new WeakMap<Database, Set<string>>();

async function ensureRoundPartition(database: Database, at: Date): Promise<void> {
  const seen = partitionsSeen.get(database) ?? new Set<string>();
  partitionsSeen.set(database, seen);
  const name = roundPartitionOf(at).name;
  if (seen.has(name)) return;
  await ensureRoundPartitions(at, at);
  seen.add(name);
}

async function storePass(
  at: Date,
  claimed: readonly DueMonitor[],
  results: Map<string, ProbeResult>,
  s: MonitoringSettings,
  links: Links,
): Promise<number> {
  const rows: RoundRow[] = [];
  for (const m of claimed) {
    const r = results.get(m.id);
    if (!r) continue; // no result: its source was not available this round
    const next = nextState(
      { state: m.state, failStreak: m.fail_streak, okStreak: m.ok_streak },
      outcomeOf(r, s),
      s,
    );
    const changed = next.state !== m.state;
    const notified = next.state === 'up' ? false : m.down_notified;
    rows.push({
      monitor_id: m.id,
      version: m.version,
      sent: r.sent,
      received: r.received,
      loss_pct: r.lossPct,
      rtt_min_ms: r.rttMinMs,
      rtt_median_ms: r.rttMedianMs,
      rtt_max_ms: r.rttMaxMs,
      state: next.state,
      fail_streak: next.failStreak,
      ok_streak: next.okStreak,
      changed,
      down_notified: notified,
      dirty:
        changed ||
        next.failStreak !== m.fail_streak ||
        next.okStreak !== m.ok_streak ||
        notified !== m.down_notified,
    });
  }
  // what the emails of the few changing monitors need, read before the change (the outage's start)
  const changing = rows.filter((r) => r.changed).map((r) => r.monitor_id);
  const details = new Map((await monitorDetails(changing)).map((d) => [d.id, d]));
  const moved = await storeRounds(at, rows);
  if (moved.size === 0) return 0;
  // the few state changes: events, emails and whether the outage was emailed
  const byId = new Map(claimed.map((m) => [m.id, m]));
  for (const row of rows) {
    const d = details.get(row.monitor_id);
    if (!moved.has(row.monitor_id) || !d) continue;
    const notified = await notifyChange({ ...byId.get(row.monitor_id)!, ...d }, row, at, s, links);
    if (notified !== row.down_notified) await setDownNotified(row.monitor_id, notified);
  }
  return moved.size;
}
