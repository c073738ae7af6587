/** Bit rates and JST axis labels for the traffic graph. */

export function formatBps(v: number): string {
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let i = 0;
  let x = Math.abs(v);
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${x >= 100 || i === 0 ? x.toFixed(0) : x.toFixed(x >= 10 ? 1 : 2)} ${units[i]}`;
}

const JST = 9 * 3_600_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** A JST label for an axis tick, coarser for longer ranges. */
export function tickLabel(t: number, spanMs: number): string {
  const d = new Date(t + JST);
  const md = `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
  if (spanMs <= 2 * 86_400_000) return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (spanMs <= 120 * 86_400_000) return md;
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}`;
}

/** `YYYY-MM-DDTHH:mm` in JST, for datetime-local inputs. */
export function toJstInput(t: Date): string {
  const d = new Date(t.getTime() + JST);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The instant of a JST `YYYY-MM-DDTHH:mm`, or null. */
export function fromJstInput(v: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return null;
  const d = new Date(`${v}:00+09:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Tick positions: `count` evenly spaced round-ish instants (whole hours/days in JST). */
export function timeTicks(from: number, to: number, count = 6): number[] {
  const span = to - from;
  const steps = [
    3_600_000,
    3 * 3_600_000,
    6 * 3_600_000,
    12 * 3_600_000,
    86_400_000,
    2 * 86_400_000,
    7 * 86_400_000,
    14 * 86_400_000,
    30 * 86_400_000,
    61 * 86_400_000,
    91 * 86_400_000,
  ];
  const step = steps.find((s) => span / s <= count) ?? 182 * 86_400_000;
  const first = Math.ceil((from + JST) / step) * step - JST;
  const out: number[] = [];
  for (let t = first; t < to; t += step) out.push(t);
  return out;
}

export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(v));
  const f = v / pow;
  return ([1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10].find((s) => f <= s) ?? 10) * pow;
}
