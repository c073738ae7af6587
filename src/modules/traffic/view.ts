import { AppError } from '../../app/errors.ts';
import { formatInstant } from '../../lib/time.ts';
import { resolutionFor, STEP_SECONDS, type Point, type Resolution } from './series-repository.ts';

/** Range parsing and CSV rendering of traffic series (shared by the portal and the console). */

const MAX_SPAN_MS = 5 * 366 * 86_400_000;

export interface Range {
  from: Date;
  to: Date;
  resolution: Resolution;
  /** the resolution was chosen, not asked for: a coarser one may stand in for missing points */
  auto: boolean;
}

const COARSER: Record<Resolution, Resolution | null> = { raw: '5m', '5m': '1h', '1h': '1d', '1d': null };

/**
 * The points of a range; with an automatic resolution, a coarser series stands in where the
 * finer one has nothing (e.g. a day from last month, after the raw points are dropped).
 */
export async function loadSeries(
  r: Range,
  load: (res: Resolution, from: Date, to: Date) => Promise<Point[]>,
): Promise<{ range: Range; points: Point[] }> {
  let res: Resolution | null = r.resolution;
  while (res) {
    const points = await load(res, r.from, r.to);
    if (points.length || !r.auto || !COARSER[res]) return { range: { ...r, resolution: res }, points };
    res = COARSER[res];
  }
  return { range: r, points: [] };
}

export function parseRange(
  q: { from?: string | undefined; to?: string | undefined; resolution?: Resolution | undefined },
  now = new Date(),
): Range {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 86_400_000);
  if (
    Number.isNaN(to.getTime()) ||
    Number.isNaN(from.getTime()) ||
    from >= to ||
    to.getTime() - from.getTime() > MAX_SPAN_MS
  )
    throw new AppError('invalid_range', { extensions: { from: q.from ?? null, to: q.to ?? null } });
  return { from, to, resolution: q.resolution ?? resolutionFor(from, to), auto: !q.resolution };
}

export const seriesOut = (r: Range, points: Point[]) => ({
  resolution: r.resolution,
  stepSeconds: STEP_SECONDS[r.resolution],
  from: formatInstant(r.from),
  to: formatInstant(r.to),
  points: points.map((p) => ({ ...p, at: formatInstant(p.at) })),
});

const HEAD = {
  ja: ['時刻 (JST)', '受信 平均 (bit/s)', '送信 平均 (bit/s)', '受信 最大 (bit/s)', '送信 最大 (bit/s)'],
  en: ['time (JST)', 'in average (bit/s)', 'out average (bit/s)', 'in max (bit/s)', 'out max (bit/s)'],
};

const n = (v: number): string => String(Math.round(v));

/** CSV (RFC 4180, CRLF, UTF-8 with a BOM so spreadsheet programs read the Japanese headings). */
export function toCsv(points: Point[], lang: 'ja' | 'en'): string {
  const lines = [HEAD[lang].join(',')];
  for (const p of points)
    lines.push(
      [formatInstant(p.at, 'Asia/Tokyo'), n(p.inBps), n(p.outBps), n(p.inMaxBps), n(p.outMaxBps)].join(','),
    );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** An ASCII file name: traffic-<name>-<from>-<to>.csv with JST dates. */
export function csvName(what: string, r: Range): string {
  const d = (t: Date) => formatInstant(t, 'Asia/Tokyo').slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `traffic-${what.replace(/[^A-Za-z0-9_.-]/g, '_')}-${d(r.from)}-${d(r.to)}.csv`;
}
