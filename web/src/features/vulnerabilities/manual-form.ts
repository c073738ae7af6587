import type { paths } from '../../api/mgmt.d.ts';

/** The manual advisory form's state and its conversion to and from the API's entry shape. */
export type ManualBody =
  paths['/api/v1/vulnerabilities/advisories']['post']['requestBody']['content']['application/json'];
type Level = NonNullable<ManualBody['severity']>;

export interface ProductRow {
  vendor: string;
  product: string;
  versions: string;
  range: string;
  fixed: string;
}
export interface ReferenceRow {
  url: string;
  summary: string;
}
export interface ManualForm {
  externalId: string;
  title: string;
  summary: string;
  cves: string;
  scoring: 'vector' | 'severity';
  cvssVector: string;
  severity: Level;
  products: ProductRow[];
  remediation: string;
  references: ReferenceRow[];
}

export const LEVELS: Level[] = ['critical', 'high', 'medium', 'low'];
export const emptyProduct = (): ProductRow => ({
  vendor: '',
  product: '',
  versions: '',
  range: '',
  fixed: '',
});
export const emptyReference = (): ReferenceRow => ({ url: '', summary: '' });

export function emptyForm(): ManualForm {
  return {
    externalId: '',
    title: '',
    summary: '',
    cves: '',
    scoring: 'vector',
    cvssVector: '',
    severity: 'high',
    products: [emptyProduct()],
    remediation: '',
    references: [],
  };
}

/** Comma- or line-separated values, trimmed, without empties. */
const list = (s: string): string[] =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

export function toForm(m: ManualBody): ManualForm {
  return {
    externalId: m.externalId,
    title: m.title,
    summary: m.summary ?? '',
    cves: (m.cves ?? []).join(', '),
    scoring: m.cvssVector ? 'vector' : 'severity',
    cvssVector: m.cvssVector ?? '',
    severity: m.severity ?? 'high',
    products: m.products.map((p) => ({
      vendor: p.vendor,
      product: p.product,
      versions: (p.versions ?? []).join(', '),
      range: p.range ?? '',
      fixed: (p.fixed ?? []).join(', '),
    })),
    remediation: m.remediation ?? '',
    references: (m.references ?? []).map((r) => ({ url: r.url, summary: r.summary ?? '' })),
  };
}

/** The request body; the server validates and names each bad field (/body/products/0/range …). */
export function toBody(f: ManualForm): ManualBody {
  const opt = <K extends string, V>(k: K, v: V | '' | undefined) =>
    v === '' || v === undefined || (Array.isArray(v) && v.length === 0) ? {} : ({ [k]: v } as Record<K, V>);
  return {
    externalId: f.externalId.trim(),
    title: f.title.trim(),
    ...opt('summary', f.summary.trim()),
    ...opt('cves', list(f.cves)),
    ...(f.scoring === 'vector' ? opt('cvssVector', f.cvssVector.trim()) : { severity: f.severity }),
    products: f.products.map((p) => ({
      vendor: p.vendor.trim(),
      product: p.product.trim(),
      ...opt('versions', list(p.versions)),
      ...opt('range', p.range.trim()),
      ...opt('fixed', list(p.fixed)),
    })),
    ...opt('remediation', f.remediation.trim()),
    ...opt(
      'references',
      f.references
        .filter((r) => r.url.trim())
        .map((r) => ({ url: r.url.trim(), ...opt('summary', r.summary.trim()) })),
    ),
  };
}
