import type { AliasTable } from './aliases.ts';
import { cvss3BaseScore, severityOf } from './cvss.ts';
import { isoOrNull, Reader, type AdvisoryProduct, type ParsedAdvisory } from './model.ts';
import type { OsvEvent } from './ranges.ts';

/**
 * OSV (https://ossf.github.io/osv-schema/): id, modified (the revision), summary, details, aliases
 * (CVE ids), severity[] CVSS_V3 vectors (scored here), affected[] with package {ecosystem, name},
 * ranges (ECOSYSTEM and SEMVER events introduced / fixed / last_affected / limit) and versions
 * lists. GIT ranges name commits, not releases, and are skipped. Packages map to inventory
 * vendor/product through the alias table (aliases.ts).
 */
const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

export function isOsv(doc: Record<string, unknown>): boolean {
  return typeof doc.id === 'string' && 'modified' in doc && !('document' in doc);
}

export function parseOsv(doc: Record<string, unknown>, aliases: AliasTable): ParsedAdvisory {
  const r = new Reader();
  const id = r.str(doc.id, '/id');
  const modified = r.str(doc.modified, '/modified');
  if (modified && Number.isNaN(Date.parse(modified))) r.fail('/modified', 'format');
  const affected = r.arr(doc.affected, '/affected');
  if (affected.length === 0 && r.problems.length === 0) r.fail('/affected', 'minItems');
  let best: { score: number; vector: string } | null = null;
  const score = (list: unknown, path: string): void => {
    r.arr(list, path, false).forEach((s, j) => {
      const o = r.obj(s, `${path}/${j}`);
      if (!o) return;
      const type = r.str(o.type, `${path}/${j}/type`);
      const vector = r.str(o.score, `${path}/${j}/score`);
      if (!vector || (type !== 'CVSS_V3' && !vector.startsWith('CVSS:3'))) return;
      const v = cvss3BaseScore(vector);
      if (v === null) return r.fail(`${path}/${j}/score`, 'format');
      if (!best || v > best.score) best = { score: v, vector };
    });
  };
  score(doc.severity, '/severity');
  const products: AdvisoryProduct[] = [];
  affected.forEach((a, i) => {
    const p = `/affected/${i}`;
    const o = r.obj(a, p);
    if (!o) return;
    const pkg = r.obj(o.package, `${p}/package`);
    const ecosystem = pkg && r.str(pkg.ecosystem, `${p}/package/ecosystem`);
    const name = pkg && r.str(pkg.name, `${p}/package/name`);
    score(o.severity, `${p}/severity`);
    if (!ecosystem || !name) return;
    const target = aliases.osvPackage(ecosystem, name);
    let any = false;
    r.arr(o.ranges, `${p}/ranges`, false).forEach((rg, j) => {
      const q = `${p}/ranges/${j}`;
      const ro = r.obj(rg, q);
      if (!ro) return;
      const type = r.str(ro.type, `${q}/type`);
      if (type && !['ECOSYSTEM', 'SEMVER', 'GIT'].includes(type)) return r.fail(`${q}/type`, 'enum');
      const events: OsvEvent[] = [];
      r.arr(ro.events, `${q}/events`).forEach((e, k) => {
        const eo = r.obj(e, `${q}/events/${k}`);
        if (!eo) return;
        const keys = Object.keys(eo);
        const key = keys[0] as (typeof EVENT_KEYS)[number];
        if (keys.length !== 1 || !EVENT_KEYS.includes(key)) return r.fail(`${q}/events/${k}`, 'invalid');
        const v = r.str(eo[key], `${q}/events/${k}/${key}`);
        if (v) events.push({ [key]: v } as OsvEvent);
      });
      if (type === 'GIT') return;
      if (!events.some((e) => 'introduced' in e)) return r.fail(`${q}/events`, 'required');
      products.push({ ...target, spec: { kind: 'events', events }, effect: 'affected' });
      any = true;
    });
    const versions = r
      .arr(o.versions, `${p}/versions`, false)
      .filter((v, k) =>
        typeof v === 'string' ? true : (r.fail(`${p}/versions/${k}`, 'type'), false),
      ) as string[];
    if (versions.length) {
      products.push({ ...target, spec: { kind: 'exact', versions }, effect: 'affected' });
      any = true;
    }
    if (!any && r.problems.length === 0) r.fail(`${p}/ranges`, 'required');
  });
  r.done();
  const aliasesList = Array.isArray(doc.aliases)
    ? doc.aliases.filter((x): x is string => typeof x === 'string')
    : [];
  const cves = [id!, ...aliasesList].filter((x) => /^CVE-\d{4}-\d{4,}$/.test(x));
  const top = best as { score: number; vector: string } | null;
  const refs = Array.isArray(doc.references) ? doc.references : [];
  return {
    source: 'osv',
    externalId: id!,
    revision: new Date(modified!).toISOString(),
    title: (typeof doc.summary === 'string' && doc.summary.trim()) || id!,
    summary: (typeof doc.details === 'string' ? doc.details : '').slice(0, 8000),
    publisher:
      typeof doc.database_specific === 'object' &&
      doc.database_specific !== null &&
      typeof (doc.database_specific as { source?: unknown }).source === 'string'
        ? (doc.database_specific as { source: string }).source
        : '',
    publishedAt: isoOrNull(typeof doc.published === 'string' ? doc.published : null),
    modifiedAt: isoOrNull(modified),
    cves: [...new Set(cves)],
    cvssScore: top?.score ?? null,
    cvssVector: top?.vector ?? null,
    severity: top ? severityOf(top.score) : 'unknown',
    products,
    remediations: [],
    references: refs.flatMap((x) => {
      const o = x as { url?: unknown; type?: unknown };
      return typeof o.url === 'string'
        ? [{ url: o.url, summary: typeof o.type === 'string' ? o.type : '' }]
        : [];
    }),
  };
}
