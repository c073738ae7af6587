import { compareReleases, compareVersions, parseVersion, type Version } from './versions.ts';

/**
 * Version ranges of advisories, normalised to one shape: a list of constraints in the `vers:`
 * style (https://github.com/package-url/purl-spec, VERSION-RANGE-SPEC) or OSV events. Evaluation
 * answers 'in', 'out' or 'unknown' (a bound or the version could not be ordered): unknown is
 * reported as "cannot determine", never as not affected.
 */
export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export interface Constraint {
  op: Comparator;
  version: string;
}
export type OsvEvent =
  { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

/** What an advisory says about a product's versions. */
export type VersionSpec =
  | { kind: 'all' }
  | { kind: 'exact'; versions: string[] }
  | { kind: 'vers'; constraints: Constraint[] }
  | { kind: 'events'; events: OsvEvent[] };

export type Verdict = 'in' | 'out' | 'unknown';

const OPS: Comparator[] = ['>=', '<=', '!=', '<', '>', '='];

export class VersError extends Error {}

/** Parses `vers:<scheme>/<constraints>` or a bare constraint list (`>=17.3.0|<17.3.8`). */
export function parseVers(text: string): Constraint[] {
  let body = text.trim();
  const m = /^vers:([a-z0-9.+-]+)\/(.*)$/i.exec(body);
  if (m) body = m[2]!;
  else if (/^vers:/i.test(body)) throw new VersError(`"${text}" is not a vers: range`);
  if (body === '*') return [{ op: '>=', version: '0' }];
  const out: Constraint[] = [];
  for (const part of body.split('|')) {
    const p = part.trim();
    if (!p) throw new VersError(`empty constraint in "${text}"`);
    const op = OPS.find((o) => p.startsWith(o)) ?? '=';
    const version = decodeURIComponent(p.slice(op === '=' && !p.startsWith('=') ? 0 : op.length).trim());
    if (!version) throw new VersError(`constraint without a version in "${text}"`);
    out.push({ op, version });
  }
  return out;
}

/** A parsed bound; the OSV/vers floor "0" is below everything. */
type Bound = Version | 'zero';
/** How bounds are parsed: parseVersion, or a memoised one when many specs are compiled at once. */
export type VersionParser = (text: string) => Version | null;
const bound = (v: string, parse: VersionParser): Bound | null => (v === '0' ? 'zero' : parse(v));
function cmp(v: Version, b: Bound): number | null {
  return b === 'zero' ? 1 : compareVersions(v, b);
}
function cmpBounds(a: Bound, b: Bound): number | null {
  if (a === 'zero') return b === 'zero' ? 0 : -1;
  if (b === 'zero') return 1;
  return compareVersions(a, b);
}

function test(op: Comparator, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

/**
 * The release numbers outside of which a spec answers 'out' for every parsed version: a version
 * whose release is below `lo` or above `hi` compares (non-null) below or above every bound, so the
 * matcher looks only at the versions inside by binary search. null: open on that side.
 */
export interface Window {
  lo: number[] | null;
  hi: number[] | null;
}

/** A spec with its bounds parsed and sorted once, evaluated against many versions. */
export type Compiled = ((v: Version | null) => Verdict) & { window?: Window };
const UNKNOWN: Compiled = () => 'unknown';

/** The window spanned by parsed bounds; the floor "0" opens the lower side. */
function windowOf(bounds: Bound[], lowerOpen: boolean, upperOpen: boolean): Window {
  let lo: number[] | null = null;
  let hi: number[] | null = null;
  let zero = false;
  for (const b of bounds) {
    if (b === 'zero') {
      zero = true;
      continue;
    }
    if (!lo || compareReleases(b.release, lo) < 0) lo = b.release;
    if (!hi || compareReleases(b.release, hi) > 0) hi = b.release;
  }
  return { lo: lowerOpen || zero ? null : lo, hi: upperOpen ? null : hi };
}
const withWindow = (fn: (v: Version | null) => Verdict, w: Window): Compiled =>
  Object.assign(fn, { window: w });

/** The vers evaluation algorithm: equalities first, then the sorted ranges pairwise. */
function compileVers(constraints: Constraint[], parse: VersionParser): Compiled {
  const eqs: { op: Comparator; b: Bound }[] = [];
  const ranges: { op: Comparator; b: Bound; lower: boolean }[] = [];
  for (const c of constraints) {
    const b = bound(c.version, parse);
    if (!b) return UNKNOWN;
    if (c.op === '=' || c.op === '!=') eqs.push({ op: c.op, b });
    else ranges.push({ op: c.op, b, lower: c.op === '>' || c.op === '>=' });
  }
  let sortable = true;
  ranges.sort((x, y) => {
    const r = cmpBounds(x.b, y.b);
    if (r === null) sortable = false;
    return r ?? 0;
  });
  if (!sortable) return UNKNOWN;
  // the intervals to test: a leading upper bound, lower/upper pairs, a trailing lower bound
  const pairs: [number, number | null][] = [];
  const last = ranges.length - 1;
  if (ranges.length && !ranges[0]!.lower) pairs.push([0, null]);
  for (let i = 0; i < last; i++) if (ranges[i]!.lower && !ranges[i + 1]!.lower) pairs.push([i, i + 1]);
  if (ranges.length && ranges[last]!.lower) pairs.push([last, null]);
  const window = windowOf(
    [...eqs, ...ranges].map((x) => x.b),
    ranges.length > 0 && !ranges[0]!.lower,
    ranges.length > 0 && ranges[last]!.lower,
  );
  return withWindow((v) => {
    if (!v) return 'unknown';
    let unknown = false;
    for (const e of eqs) {
      const r = cmp(v, e.b);
      if (r === null) unknown = true;
      else if (r === 0) return e.op === '=' ? 'in' : 'out';
    }
    const sat = (i: number): boolean | null => {
      const r = cmp(v, ranges[i]!.b);
      return r === null ? null : test(ranges[i]!.op, r);
    };
    for (const [i, j] of pairs) {
      const a = sat(i);
      const b = j === null ? true : a === false ? false : sat(j);
      if (a === true && b === true) return 'in';
      if (a !== false && b !== false) unknown = true;
    }
    return unknown ? 'unknown' : 'out';
  }, window);
}

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

/** OSV events: each introduced opens an interval closed by the next fixed (exclusive) or last_affected (inclusive). */
function compileEvents(events: OsvEvent[], parse: VersionParser): Compiled {
  const parsed: { kind: EventKind; b: Bound }[] = [];
  for (const e of events) {
    const [kind, value] = Object.entries(e)[0] as [EventKind, string];
    const b = bound(value, parse);
    if (!b) return UNKNOWN;
    parsed.push({ kind, b });
  }
  let sortable = true;
  parsed.sort((x, y) => {
    const r = cmpBounds(x.b, y.b);
    if (r === null) sortable = false;
    return r ?? 0;
  });
  if (!sortable) return UNKNOWN;
  const limits = parsed.filter((e) => e.kind === 'limit');
  // each introduced with the first closing event after it (none: open-ended)
  const intervals = parsed
    .filter((e) => e.kind === 'introduced')
    .map((o) => ({
      lo: o.b,
      close:
        parsed.find(
          (e) => (e.kind === 'fixed' || e.kind === 'last_affected') && (cmpBounds(e.b, o.b) ?? 1) > 0,
        ) ?? null,
    }));
  const window = windowOf(
    parsed.map((e) => e.b),
    false,
    intervals.some((i) => !i.close),
  );
  return withWindow((v) => {
    if (!v) return 'unknown';
    for (const l of limits) {
      const r = cmp(v, l.b);
      if (r === null) return 'unknown';
      if (r >= 0) return 'out';
    }
    let unknown = false;
    for (const { lo, close } of intervals) {
      const r = cmp(v, lo);
      if (r === null) {
        unknown = true;
        continue;
      }
      if (r < 0) continue;
      if (!close) return 'in';
      const hi = cmp(v, close.b);
      if (hi === null) unknown = true;
      else if (close.kind === 'fixed' ? hi < 0 : hi <= 0) return 'in';
    }
    return unknown ? 'unknown' : 'out';
  }, window);
}

function compileExact(versions: string[], parse: VersionParser): Compiled {
  const bounds = versions.map((s) => parse(s));
  const test: Compiled = (v) => {
    if (!v) return 'unknown';
    let unknown = false;
    for (const b of bounds) {
      const r = b ? compareVersions(v, b) : null;
      if (r === 0) return 'in';
      if (r === null) unknown = true;
    }
    return unknown ? 'unknown' : 'out';
  };
  // an unparseable listed version leaves every version undetermined: no window
  return bounds.every((b) => b !== null) ? withWindow(test, windowOf(bounds, false, false)) : test;
}

export function compile(spec: VersionSpec, parse: VersionParser = parseVersion): Compiled {
  switch (spec.kind) {
    case 'all':
      return () => 'in';
    case 'exact':
      return compileExact(spec.versions, parse);
    case 'vers':
      return compileVers(spec.constraints, parse);
    case 'events':
      return compileEvents(spec.events, parse);
  }
}

/** Whether `version` (a parsed inventory version) falls in `spec`. */
export function evaluate(spec: VersionSpec, version: Version | null): Verdict {
  return compile(spec)(version);
}

/** A short human form of a spec for lists: ">=17.3.0, <17.3.8" or "21.4R3, 21.4R3-S1". */
export function describeSpec(spec: VersionSpec): string {
  switch (spec.kind) {
    case 'all':
      return '*';
    case 'exact':
      return spec.versions.join(', ');
    case 'vers':
      return spec.constraints.map((c) => `${c.op}${c.version}`).join(', ');
    case 'events':
      return spec.events.map((e) => Object.entries(e)[0]!.join(' ')).join(', ');
  }
}
