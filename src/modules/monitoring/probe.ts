import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { fpingRound, type ProbeResult } from './fping.ts';
import { notifyChange, type Links } from './notify.ts';
import {
  claimDue,
  loadMonitors,
  lockStates,
  storeRounds,
  type DueMonitor,
  type RoundRow,
} from './repository.ts';
import type { MonitoringSettings } from './settings.ts';
import { nextState, outcomeOf } from './state.ts';
import { tcpRound } from './tcp.ts';

/**
 * One pass of the probe job: claim the due monitors (a short transaction), probe them outside any
 * transaction (fping per source namespace, TCP connects), then store the rounds and move the state
 * machines on in one transaction that re-reads and locks the monitors, so a pause that arrived
 * meanwhile wins: a paused monitor's result is dropped and alerts nothing.
 */

export interface PassResult {
  probed: number;
  changed: number;
}

const CLAIM_BATCH = 2000;

async function probeAll(monitors: DueMonitor[], s: MonitoringSettings): Promise<Map<string, ProbeResult>> {
  const out = new Map<string, ProbeResult>();
  const bySource = new Map<string, DueMonitor[]>();
  const tcp: DueMonitor[] = [];
  for (const m of monitors) {
    if (m.probe_kind === 'tcp') tcp.push(m);
    else {
      const key = m.source_ns ?? '';
      bySource.set(key, [...(bySource.get(key) ?? []), m]);
    }
  }
  const jobs: Promise<void>[] = [...bySource].map(async ([ns, list]) => {
    const results = await fpingRound([...new Set(list.map((m) => m.target))], s, ns || null);
    for (const m of list) {
      const r = results.get(m.target);
      if (r) out.set(m.id, r);
    }
  });
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
    const ids = await inTransaction(database, systemScope(), () =>
      claimDue(at, Math.min(CLAIM_BATCH, limit - probed), s.hostSource === 1),
    );
    if (ids.length === 0) break;
    const monitors = await inTransaction(database, systemScope(), () => loadMonitors(ids));
    const results = await probeAll(monitors, s);
    const byId = new Map(monitors.map((m) => [m.id, m]));
    changed += await inTransaction(database, systemScope(), () => storePass(at, byId, results, s, links));
    probed += ids.length;
  }
  return { probed, changed };
}

async function storePass(
  at: Date,
  claimed: Map<string, DueMonitor>,
  results: Map<string, ProbeResult>,
  s: MonitoringSettings,
  links: Links,
): Promise<number> {
  // re-read under lock: paused (or deleted) meanwhile → not in this list → result dropped
  const live = await lockStates([...results.keys()]);
  if (live.length === 0) return 0;
  const current: DueMonitor[] = [];
  for (const l of live) {
    const m = claimed.get(l.id);
    if (m && m.target === l.target) current.push({ ...m, ...l });
  }
  const rows: RoundRow[] = [];
  const changes: { m: DueMonitor; row: RoundRow }[] = [];
  for (const m of current) {
    const r = results.get(m.id);
    if (!r) continue; // no result: its source was not available this round
    const next = nextState(
      { state: m.state, failStreak: m.fail_streak, okStreak: m.ok_streak },
      outcomeOf(r, s),
      s,
    );
    const row: RoundRow = {
      monitor_id: m.id,
      tenant_id: m.tenant_id,
      sent: r.sent,
      received: r.received,
      loss_pct: r.lossPct,
      rtt_min_ms: r.rttMinMs,
      rtt_median_ms: r.rttMedianMs,
      rtt_max_ms: r.rttMaxMs,
      state: next.state,
      fail_streak: next.failStreak,
      ok_streak: next.okStreak,
      changed: next.state !== m.state,
      down_notified: next.state === 'up' ? false : m.down_notified,
      dirty: true,
    };
    rows.push(row);
    if (row.changed) changes.push({ m, row });
  }
  for (const c of changes) c.row.down_notified = await notifyChange(c.m, c.row, at, s, links);
  const before = new Map(current.map((m) => [m.id, m]));
  for (const r of rows) {
    const m = before.get(r.monitor_id)!;
    r.dirty =
      r.changed ||
      r.fail_streak !== m.fail_streak ||
      r.ok_streak !== m.ok_streak ||
      r.down_notified !== m.down_notified;
  }
  await storeRounds(at, rows);
  return changes.length;
}
