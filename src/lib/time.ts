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

/** Wall-clock parts of `d` in zone `tz`, from the zone's database (slow: a formatter call). */
function intlParts(
  d: Date,
  tz: string,
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

/** Offset of `tz` at the whole second `sec` (ms since the epoch, a multiple of 1000), in ms. */
function intlOffsetMs(sec: number, tz: string): number {
  const p = intlParts(new Date(sec), tz);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - sec;
}

/**
 * Offsets per zone and 15-minute slot of UTC, kept when the zone has the same offset at both
 * ends of the slot: zones change offset at most once in hours, so the offset then holds for the
 * whole slot. A slot with a change in it is never kept and goes to the zone's database each time.
 * A list of 50 rows with two instants each asked the formatter 200 times per request before.
 */
const SLOT_MS = 15 * 60_000;
const MAX_SLOTS = 50_000;
const slots = new Map<string, Map<number, number>>();
function offsetMsAt(sec: number, tz: string): number {
  let zoneSlots = slots.get(tz);
  if (!zoneSlots) slots.set(tz, (zoneSlots = new Map<number, number>()));
  const slot = Math.floor(sec / SLOT_MS);
  const known = zoneSlots.get(slot);
  if (known !== undefined) return known;
  const start = slot * SLOT_MS;
  const atStart = intlOffsetMs(start, tz);
  const atEnd = intlOffsetMs(start + SLOT_MS - 1000, tz);
  if (atStart !== atEnd) return intlOffsetMs(sec, tz);
  if (zoneSlots.size >= MAX_SLOTS) zoneSlots.clear();
  zoneSlots.set(slot, atStart);
  return atStart;
}

/** Wall-clock parts of `d` in zone `tz`. */
export function zonedParts(
  d: Date,
  tz = zone,
): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const t = d.getTime();
  if (!Number.isFinite(t)) return intlParts(d, tz); // throws the formatter's own RangeError
  const sec = Math.floor(t / 1000) * 1000;
  const w = new Date(sec + offsetMsAt(sec, tz));
  return {
    y: w.getUTCFullYear(),
    mo: w.getUTCMonth() + 1,
    d: w.getUTCDate(),
    h: w.getUTCHours(),
    mi: w.getUTCMinutes(),
    s: w.getUTCSeconds(),
  };
}

/** Offset of `tz` from UTC at instant `d`, in minutes. */
export function offsetMinutes(d: Date, tz = zone): number {
  const sec = Math.floor(d.getTime() / 1000) * 1000;
  return Math.round(offsetMsAt(sec, tz) / 60000);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ISO 8601 with the zone's explicit offset: 2026-11-26T21:05:00+09:00 (milliseconds kept when non-zero). */
export function formatInstant(d: Date, tz = zone): string {
  const p = zonedParts(d, tz);
  const off = offsetMinutes(d, tz); // the slot's offset is cached by zonedParts just before
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

/**
 * Recursively replaces Date values with zoned strings; used on every API payload before
 * serialisation. Arrays and plain objects holding no Date anywhere are returned as they are (no
 * copy: most payloads carry their instants as strings already); the others are copied along the
 * path to each Date, so the value given is never changed.
 */
export function zoneDates(value: unknown, tz = zone): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return formatInstant(value, tz);
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const z = zoneDates(v, tz);
      if (out) out.push(z);
      else if (z !== v) {
        out = value.slice(0, i);
        out.push(z);
      }
    }
    return out ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const o = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const k of Object.keys(o)) {
    const v = o[k];
    const z = zoneDates(v, tz);
    if (z !== v) out ??= { ...o };
    if (out) out[k] = z;
  }
  return out ?? value;
}
