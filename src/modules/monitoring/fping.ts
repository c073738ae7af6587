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
  // a handful of values: insertion sort of the received ones, no intermediate arrays
  const ok: number[] = [];
  for (const r of rtts) {
    if (r === null) continue;
    let k = ok.length;
    ok.push(r);
    while (k > 0 && ok[k - 1]! > r) {
      ok[k] = ok[k - 1]!;
      k--;
    }
    ok[k] = r;
  }
  const sent = rtts.length;
  const n = ok.length;
  const mid = n >> 1;
  return {
    sent,
    received: n,
    lossPct: sent === 0 ? 100 : Math.round(((sent - n) / sent) * 10_000) / 100,
    rttMinMs: n ? ok[0]! : null,
    rttMedianMs: n === 0 ? null : n % 2 ? ok[mid]! : (ok[mid - 1]! + ok[mid]!) / 2,
    rttMaxMs: n ? ok[n - 1]! : null,
  };
}

/** Space, tab or carriage return (character codes): what separates the values of a line. */
const blank = (c: number): boolean => c === 32 || c === 9 || c === 13;
/** A digit or a dot: the characters of an RTT. */
const numeral = (c: number): boolean => (c >= 48 && c <= 57) || c === 46;

/**
 * Parses `fping -C n -q` output: per target address, its RTTs (null = lost). A line is
 * `<address> : <value> <value> …` with each value a number or `-`; anything else is skipped.
 * Scanned by hand, character by character: it runs for every target of every round.
 */
export function parseFping(output: string): Map<string, (number | null)[]> {
  const out = new Map<string, (number | null)[]>();
  const n = output.length;
  for (let pos = 0; pos < n;) {
    let end = output.indexOf('\n', pos);
    if (end < 0) end = n;
    const line = pos;
    pos = end + 1;
    const colon = output.indexOf(' : ', line);
    if (colon <= line || colon >= end) continue;
    const address = output.slice(line, colon).trim();
    if (!address || address.includes(' ')) continue;
    const values: (number | null)[] = [];
    let valid = true;
    for (let i = colon + 3; i < end && valid;) {
      if (blank(output.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      let numeric = true;
      for (; i < end; i++) {
        const c = output.charCodeAt(i);
        if (blank(c)) break;
        if (!numeral(c)) numeric = false;
      }
      if (i - start === 1 && output[start] === '-') values.push(null);
      else if (numeric) {
        const v = Number(output.slice(start, i));
        if (Number.isFinite(v)) values.push(v);
        else valid = false;
      } else valid = false;
    }
    if (valid && values.length > 0) out.set(address, values);
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
