/**
 * Counter samples → octets per interval (pure). Interface counters are 64-bit unsigned
 * (ifHCInOctets / ifHCOutOctets, or the Linux statistics), read as decimal strings or bigints.
 *
 * - A counter that went down is either a wrap (it passed 2^64 - 1 and started again at 0) or a
 *   reset (the device rebooted, the interface was recreated, the counters were cleared).
 * - A reset is recognised by the device's uptime going backwards, or, where there is no uptime,
 *   by the wrapped difference being implausible (more than the largest rate we accept over the
 *   interval). The interval of a reset is skipped: no spike, no sample; the next one counts again.
 */

export const COUNTER_MAX = 2n ** 64n;
/** The largest rate accepted as real (bits per second): faster than any port we run. */
export const MAX_PLAUSIBLE_BPS = 4e12;

export interface CounterSample {
  at: Date;
  inOctets: bigint;
  outOctets: bigint;
  /** the device's uptime in hundredths of a second (sysUpTime), when known */
  uptime: bigint | null;
}

function delta(prev: bigint, cur: bigint): bigint {
  return cur >= prev ? cur - prev : cur + COUNTER_MAX - prev;
}

/** The largest plausible octet count over an interval, for the last interval length asked. */
let limitSeconds = NaN;
let limitOctets = 0n;
function plausibleOctets(seconds: number): bigint {
  if (seconds !== limitSeconds) {
    limitOctets = BigInt(Math.ceil((MAX_PLAUSIBLE_BPS / 8) * seconds));
    limitSeconds = seconds;
  }
  return limitOctets;
}

/** What `octetsBetween` found: the octets in and out, or why there is no interval. */
export type Octets = { in: bigint; out: bigint } | 'reset' | 'skip';

/**
 * The octets in and out between a previous sample (its counters and uptime, `seconds` before
 * `cur`) and `cur`, or why there is no interval: `skip` when `cur` is not after the previous
 * sample, `reset` when the device restarted (uptime went back) or the counters were reset.
 * Plain values in, no objects made besides the result: the collectors' hot path.
 */
export function octetsBetween(
  seconds: number,
  prevIn: bigint,
  prevOut: bigint,
  prevUptime: bigint | null,
  cur: CounterSample,
): Octets {
  if (!(seconds > 0)) return 'skip';
  if (prevUptime !== null && cur.uptime !== null && cur.uptime < prevUptime) return 'reset';
  const din = delta(prevIn, cur.inOctets);
  const dout = delta(prevOut, cur.outOctets);
  const limit = plausibleOctets(seconds);
  if (din > limit || dout > limit) return 'reset';
  return { in: din, out: dout };
}

/** Bits per second of an interval. */
export const bps = (octets: bigint | number, seconds: number): number => (Number(octets) * 8) / seconds;
