import type { Static } from '@sinclair/typebox';
import { cvss3BaseScore, severityOf } from './cvss.ts';
import {
  AdvisoryInvalid,
  type AdvisoryProduct,
  type DocProblem,
  type ParsedAdvisory,
  type Reference,
  type Remediation,
} from './model.ts';
import { parseVers, VersError, type VersionSpec } from './ranges.ts';
import type { ManualBody } from './schema.ts';

type Manual = Static<typeof ManualBody>;
type ManualProduct = Manual['products'][number];

/**
 * A manually entered advisory in the stored shape. Each product names exact affected versions
 * and/or a vers: range, and optionally fixed versions: those are stored as not affected, so a
 * fixed rebuild inside the range (17.3.4a in >=17.3.0|<17.3.8) is not matched.
 */
export function manualAdvisory(b: Manual, now = new Date()): ParsedAdvisory {
  const problems: DocProblem[] = [];
  const score = b.cvssVector ? cvss3BaseScore(b.cvssVector) : null;
  if (b.cvssVector && score === null) problems.push({ field: '/cvssVector', code: 'format' });
  const products: AdvisoryProduct[] = [];
  const add = (p: ManualProduct, spec: VersionSpec, effect: AdvisoryProduct['effect']) =>
    products.push({ vendor: p.vendor, product: p.product, spec, effect });
  b.products.forEach((p, i) => {
    if (!p.versions?.length && !p.range) problems.push({ field: `/products/${i}/range`, code: 'required' });
    if (p.versions?.length) add(p, { kind: 'exact', versions: p.versions }, 'affected');
    if (p.range) {
      try {
        add(p, { kind: 'vers', constraints: parseVers(p.range) }, 'affected');
      } catch (e) {
        if (!(e instanceof VersError)) throw e;
        problems.push({ field: `/products/${i}/range`, code: 'format' });
      }
    }
    if (p.fixed?.length) add(p, { kind: 'exact', versions: p.fixed }, 'not_affected');
  });
  if (problems.length) throw new AdvisoryInvalid(problems);
  const references: Reference[] = [
    ...(b.url ? [{ url: b.url, summary: '' }] : []),
    ...(b.references ?? []).map((r) => ({ url: r.url, summary: r.summary ?? '' })),
  ];
  return {
    source: 'manual',
    externalId: b.externalId,
    revision: now.toISOString(),
    title: b.title,
    summary: b.summary ?? '',
    publisher: '',
    publishedAt: now.toISOString(),
    modifiedAt: now.toISOString(),
    cves: b.cves ?? [],
    cvssScore: score,
    cvssVector: b.cvssVector ?? null,
    severity: score !== null ? severityOf(score) : (b.severity ?? 'unknown'),
    products,
    remediations: b.remediation ? [{ category: 'vendor_fix', details: b.remediation, url: null }] : [],
    references,
  };
}

/** A stored manual advisory back in the entry shape, so the console can edit it. */
export function manualInput(a: {
  external_id: string;
  title: string;
  summary: string;
  cves: string[];
  cvss_vector: string | null;
  severity: string;
  products: AdvisoryProduct[];
  remediations: Remediation[];
  refs: Reference[];
}): Manual {
  const byName = new Map<string, ManualProduct>();
  for (const p of a.products) {
    const key = `${p.vendor}\u0000${p.product}`;
    let e = byName.get(key);
    if (!e) byName.set(key, (e = { vendor: p.vendor, product: p.product }));
    if (p.spec.kind === 'exact' && p.effect === 'not_affected')
      e.fixed = [...(e.fixed ?? []), ...p.spec.versions];
    else if (p.spec.kind === 'exact') e.versions = [...(e.versions ?? []), ...p.spec.versions];
    else if (p.spec.kind === 'vers')
      e.range = `vers:generic/${p.spec.constraints.map((c) => `${c.op === '=' ? '' : c.op}${c.version}`).join('|')}`;
  }
  const severity = ['critical', 'high', 'medium', 'low'].includes(a.severity)
    ? (a.severity as NonNullable<Manual['severity']>)
    : undefined;
  return {
    externalId: a.external_id,
    title: a.title,
    summary: a.summary,
    cves: a.cves,
    ...(a.cvss_vector ? { cvssVector: a.cvss_vector } : severity ? { severity } : {}),
    products: [...byName.values()],
    remediation: a.remediations[0]?.details ?? '',
    references: a.refs.map((r) => ({ url: r.url, summary: r.summary })),
  };
}
