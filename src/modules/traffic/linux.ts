import { run } from '../dataplane/drivers/linux/exec.ts';
import type { InterfaceCounters } from './snmp.ts';

/**
 * The Linux driver's own interface counters: /sys/class/net/<if>/statistics/{rx,tx}_bytes read
 * inside the PE's network namespaces (`ip netns exec <ns> grep -H '' <files>`: one process per
 * namespace, no shell; an interface that does not exist is simply absent from the output).
 * rx = received by the PE (in), tx = sent by the PE (out). No uptime: resets are recognised by
 * the counters going back by an implausible amount (rate.ts).
 */
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,14}$/;
const NS = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export async function readLinuxCounters(
  namespace: string,
  names: string[],
): Promise<Map<string, InterfaceCounters>> {
  if (!NS.test(namespace)) throw new Error(`invalid namespace name ${namespace}`);
  const ok = names.filter((n) => IFNAME.test(n));
  const out = new Map<string, InterfaceCounters>();
  if (ok.length === 0) return out;
  const files = ok.flatMap((n) => [
    `/sys/class/net/${n}/statistics/rx_bytes`,
    `/sys/class/net/${n}/statistics/tx_bytes`,
  ]);
  const r = await run('ip', ['netns', 'exec', namespace, 'grep', '-H', '', ...files], {
    allowFail: true,
    timeoutMs: 10_000,
  });
  if (r.code !== 0 && r.code !== 2)
    throw new Error(`reading counters in ${namespace} failed: ${r.stderr.trim()}`);
  const seen = new Map<string, { rx?: bigint; tx?: bigint }>();
  for (const line of r.stdout.split('\n')) {
    const m = /^\/sys\/class\/net\/([^/]+)\/statistics\/(rx|tx)_bytes:(\d+)$/.exec(line.trim());
    if (!m) continue;
    const e = seen.get(m[1]!) ?? {};
    e[m[2] as 'rx' | 'tx'] = BigInt(m[3]!);
    seen.set(m[1]!, e);
  }
  for (const [n, e] of seen)
    if (e.rx !== undefined && e.tx !== undefined) out.set(n, { inOctets: e.rx, outOctets: e.tx });
  return out;
}
