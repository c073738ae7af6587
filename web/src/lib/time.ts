/**
 * Shows instants the way the whole service does: in the configured zone (Asia/Tokyo unless the
 * provider set another, as reported by /api/v1/service-info `timezone`), never the browser's.
 * API strings carry an explicit offset, e.g. 2026-11-27T06:50:15.191+09:00.
 */
export const DEFAULT_ZONE = 'Asia/Tokyo';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Parses an API instant; null when it is not a valid date-time. */
export function parseInstant(value: string): Date | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `2026-11-27 06:50:15 JST`; other zones are labelled with their offset, e.g. `UTC+01:00`. */
export function formatInstant(value: string | Date, zone: string = DEFAULT_ZONE): string {
  const d = typeof value === 'string' ? parseInstant(value) : value;
  if (!d) return String(value); // show what we got rather than "Invalid Date"
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter(zone).formatToParts(d)) p[part.type] = part.value;
  // longOffset gives "GMT+09:00", or plain "GMT" at offset zero.
  const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  const label = zone === 'Asia/Tokyo' ? 'JST' : `UTC${offset}`;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${label}`;
}
