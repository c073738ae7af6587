/**
 * A small iCalendar (RFC 5545) writer for the maintenance feed: one VEVENT per announced window.
 * Written here rather than taken from a library: the feed needs a dozen properties, text
 * escaping (3.3.11) and line folding (3.1), nothing more.
 */
export interface FeedEvent {
  uid: string;
  sequence: number;
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  cancelled: boolean;
  url: string | null;
}

/** 3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values. */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** 3.1: lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character. */
export function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (octets + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      octets = 0;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const utc = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Wall-clock time in Asia/Tokyo (UTC+9, no daylight saving) for DTSTART;TZID=Asia/Tokyo. */
const tokyo = (d: Date): string => utc(new Date(d.getTime() + 9 * 3_600_000)).replace(/Z$/, '');

const VTIMEZONE_TOKYO = [
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Tokyo',
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0900',
  'TZOFFSETTO:+0900',
  'TZNAME:JST',
  'END:STANDARD',
  'END:VTIMEZONE',
];

export function calendar(opts: { name: string; zone: 'utc' | 'tokyo'; events: FeedEvent[] }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//PVA//Maintenance calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
    ...(opts.zone === 'tokyo' ? ['X-WR-TIMEZONE:Asia/Tokyo', ...VTIMEZONE_TOKYO] : []),
  ];
  const at = (prop: string, d: Date) =>
    opts.zone === 'tokyo' ? `${prop};TZID=Asia/Tokyo:${tokyo(d)}` : `${prop}:${utc(d)}`;
  for (const e of opts.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTAMP:${utc(e.stamp)}`,
      at('DTSTART', e.start),
      at('DTEND', e.end),
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:OPAQUE',
      ...(e.url ? [`URL:${e.url}`] : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
