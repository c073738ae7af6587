/**
 * Every time PVA shows, returns, exports or logs is rendered in one configured zone (JST by
 * default) with an explicit offset, e.g. 2026-11-26T21:05:00+09:00. Storage is timestamptz (UTC).
 */
let zone = 'Asia/Tokyo';

export function setTimezone(tz: string): void {
  zone = tz;
}
export function getTimezone(): string {
  return zone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock parts of `d` in zone `tz`. */
export function zonedParts(
  d: Date,
  tz = zone,
): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(d)) p[part.type] = part.value;
  return {
    y: Number(p.year),
    mo: Number(p.month),
    d: Number(p.day),
    h: Number(p.hour),
    mi: Number(p.minute),
    s: Number(p.second),
  };
}

/** Offset of `tz` from UTC at instant `d`, in minutes. */
export function offsetMinutes(d: Date, tz = zone): number {
  const p = zonedParts(d, tz);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60000);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ISO 8601 with the zone's explicit offset: 2026-11-26T21:05:00+09:00 (milliseconds kept when non-zero). */
export function formatInstant(d: Date, tz = zone): string {
  const p = zonedParts(d, tz);
  const off = offsetMinutes(d, tz);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const ms = d.getUTCMilliseconds();
  const frac = ms ? `.${pad(ms, 3)}` : '';
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${frac}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The calendar day (YYYY-MM-DD) of instant `d` in the zone: the unit of daily availability and erasure deadlines. */
export function zonedDate(d: Date, tz = zone): string {
  const p = zonedParts(d, tz);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
}

/** Recursively replaces Date values with zoned strings; used on every API payload before serialisation. */
export function zoneDates(value: unknown, tz = zone): unknown {
  if (value instanceof Date) return formatInstant(value, tz);
  if (Array.isArray(value)) return value.map((v) => zoneDates(v, tz));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = zoneDates(v, tz);
    return out;
  }
  return value;
}
