import { existsSync } from 'node:fs';
import { log } from '../../lib/log.ts';
import { run } from '../dataplane/drivers/linux/exec.ts';
import type { MonitoringSettings } from './settings.ts';

/**
 * ICMP probing the way SmokePing uses fping: one process per batch of targets, `-C n -q`, which
 * prints one line per target on stderr with every probe's RTT or "-" for a lost one:
 *   192.0.2.2 : 0.05 0.04 - 0.06 0.05
 * Exit code 1 means some targets were unreachable: a result, not an error.
 */

export interface ProbeResult {
  sent: number;
  received: number;
  lossPct: number;
  rttMinMs: number | null;
  rttMedianMs: number | null;
  rttMaxMs: number | null;
}

export function summarise(rtts: (number | null)[]): ProbeResult {
  const ok = rtts.filter((r): r is number => r !== null).sort((a, b) => a - b);
  const sent = rtts.length;
  const mid = ok.length >> 1;
  const median = ok.length === 0 ? null : ok.length % 2 ? ok[mid]! : (ok[mid - 1]! + ok[mid]!) / 2;
  return {
    sent,
    received: ok.length,
    lossPct: sent === 0 ? 100 : Math.round(((sent - ok.length) / sent) * 10_000) / 100,
    rttMinMs: ok[0] ?? null,
    rttMedianMs: median,
    rttMaxMs: ok.at(-1) ?? null,
  };
}

/**
 * Parses `fping -C n -q` output: per target address, its RTTs (null = lost). A line is
 * `<address> : <value> <value> …` with each value a number or `-`; anything else is skipped.
 * Split by hand, not by a regular expression: it runs for every target of every round.
 */
export function parseFping(output: string): Map<string, (number | null)[]> {
  const out = new Map<string, (number | null)[]>();
  for (const raw of output.split('\n')) {
    const colon = raw.indexOf(' : ');
    if (colon <= 0) continue;
    const address = raw.slice(0, colon).trim();
    if (!address || address.includes(' ')) continue;
    const fields = raw
      .slice(colon + 3)
      .trim()
      .split(/\s+/);
    const values: (number | null)[] = [];
    for (const v of fields) {
      if (v === '-') values.push(null);
      else if (/^[\d.]+$/.test(v) && Number.isFinite(Number(v))) values.push(Number(v));
      else break;
    }
    if (values.length === fields.length && values.length > 0) out.set(address, values);
  }
  return out;
}

/** When each missing source namespace was last logged (once an hour is enough). */
const warned = new Map<string, number>();

export function fpingArgs(s: MonitoringSettings, targets: readonly string[]): string[] {
  return [
    '-C',
    String(s.pings),
    '-q',
    '-B1',
    '-r0',
    '-i',
    String(s.sendIntervalMs),
    '-p',
    String(s.periodMs),
    '-t',
    String(s.timeoutMs),
    ...targets,
  ];
}

/**
 * Probes `targets` from the host, or from inside network namespace `ns` (the provider's service
 * equipment of the reference driver). Targets fping could not even try count as all lost.
 */
export async function fpingRound(
  targets: readonly string[],
  s: MonitoringSettings,
  ns: string | null,
): Promise<Map<string, ProbeResult>> {
  const results = new Map<string, ProbeResult>();
  // a missing source namespace is PVA's problem, not the customer's: no round, no alarm
  if (ns && !existsSync(`/run/netns/${ns}`)) {
    const last = warned.get(ns) ?? 0;
    if (Date.now() - last > 3_600_000) {
      warned.set(ns, Date.now());
      log.warn({ ns, targets: targets.length }, 'monitoring: probe namespace missing, rounds skipped');
    }
    return results;
  }
  for (let i = 0; i < targets.length; i += s.batchSize) {
    const batch = targets.slice(i, i + s.batchSize);
    const args = fpingArgs(s, batch);
    const timeoutMs = s.pings * s.periodMs + s.timeoutMs + batch.length * s.sendIntervalMs * s.pings + 30_000;
    const r = ns
      ? await run('ip', ['netns', 'exec', ns, 'fping', ...args], { allowFail: true, timeoutMs })
      : await run('fping', args, { allowFail: true, timeoutMs });
    // 0: all reachable, 1: some unreachable, 2: some names not found; more is a failure of fping itself
    if (r.code > 2 || r.code < 0)
      throw new Error(`fping failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-2).join(' / ')}`);
    const parsed = parseFping(r.stderr);
    for (const t of batch) results.set(t, summarise(parsed.get(t) ?? new Array<null>(s.pings).fill(null)));
  }
  return results;
}
