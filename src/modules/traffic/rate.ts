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

export type Interval =
  | { kind: 'ok'; at: Date; seconds: number; inOctets: bigint; outOctets: bigint }
  | { kind: 'reset' | 'skip'; reason: string };

function delta(prev: bigint, cur: bigint): bigint {
  return cur >= prev ? cur - prev : cur + COUNTER_MAX - prev;
}

/** The interval between two samples of one interface, or why there is none. */
export function intervalBetween(prev: CounterSample, cur: CounterSample): Interval {
  const seconds = (cur.at.getTime() - prev.at.getTime()) / 1000;
  if (!(seconds > 0)) return { kind: 'skip', reason: 'not after the previous sample' };
  if (prev.uptime !== null && cur.uptime !== null && cur.uptime < prev.uptime)
    return { kind: 'reset', reason: 'the device restarted (uptime went back)' };
  const din = delta(prev.inOctets, cur.inOctets);
  const dout = delta(prev.outOctets, cur.outOctets);
  const limit = BigInt(Math.ceil((MAX_PLAUSIBLE_BPS / 8) * seconds));
  if (din > limit || dout > limit) return { kind: 'reset', reason: 'the counters were reset' };
  return { kind: 'ok', at: prev.at, seconds, inOctets: din, outOctets: dout };
}

/** Bits per second of an interval. */
export const bps = (octets: bigint | number, seconds: number): number => (Number(octets) * 8) / seconds;
