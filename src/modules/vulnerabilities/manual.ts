import type { Static } from '@sinclair/typebox';
import { cvss3BaseScore, severityOf } from './cvss.ts';
import { AdvisoryInvalid, type AdvisoryProduct, type DocProblem, type ParsedAdvisory } from './model.ts';
import { parseVers, VersError } from './ranges.ts';
import type { ManualBody } from './schema.ts';

/** A manually entered advisory in the stored shape; each product names exact versions or a vers: range. */
export function manualAdvisory(b: Static<typeof ManualBody>, now = new Date()): ParsedAdvisory {
  const problems: DocProblem[] = [];
  const score = b.cvssVector ? cvss3BaseScore(b.cvssVector) : null;
  if (b.cvssVector && score === null) problems.push({ field: '/cvssVector', code: 'format' });
  const products: AdvisoryProduct[] = [];
  b.products.forEach((p, i) => {
    if (!p.versions?.length && !p.range) problems.push({ field: `/products/${i}/range`, code: 'required' });
    if (p.versions?.length)
      products.push({
        vendor: p.vendor,
        product: p.product,
        spec: { kind: 'exact', versions: p.versions },
        effect: 'affected',
      });
    if (p.range) {
      try {
        products.push({
          vendor: p.vendor,
          product: p.product,
          spec: { kind: 'vers', constraints: parseVers(p.range) },
          effect: 'affected',
        });
      } catch (e) {
        if (!(e instanceof VersError)) throw e;
        problems.push({ field: `/products/${i}/range`, code: 'format' });
      }
    }
  });
  if (problems.length) throw new AdvisoryInvalid(problems);
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
    references: b.url ? [{ url: b.url, summary: '' }] : [],
  };
}
