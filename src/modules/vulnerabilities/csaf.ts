import { cvss3BaseScore, severityOf } from './cvss.ts';
import {
  isoOrNull,
  Reader,
  type AdvisoryProduct,
  type ParsedAdvisory,
  type Reference,
  type Remediation,
} from './model.ts';
import { parseVers, VersError, type VersionSpec } from './ranges.ts';

/**
 * CSAF 2.0 (OASIS Common Security Advisory Framework), the format network vendors publish.
 * Read: document.tracking (id, version = revision), title, publisher, notes, references;
 * product_tree.branches vendor → product_name (→ product_family) → product_version /
 * product_version_range (`vers:` or a bare `>=…|<…` list); vulnerabilities[] with cve,
 * product_status (known_affected, first_affected, last_affected → affected; fixed, first_fixed,
 * known_not_affected → not affected), scores[].cvss_v3 and remediations.
 * Relationships (a product installed on a platform) and full_product_names without a vendor branch
 * are not matched: they carry no vendor/product pair to compare with the inventory.
 */

interface Leaf {
  vendor: string;
  product: string;
  spec: VersionSpec;
}

function walk(
  r: Reader,
  branches: unknown[],
  path: string,
  ctx: { vendor?: string; product?: string },
  out: Map<string, Leaf>,
): void {
  branches.forEach((b, i) => {
    const p = `${path}/${i}`;
    const o = r.obj(b, p);
    if (!o) return;
    const category = r.str(o.category, `${p}/category`);
    const name = r.str(o.name, `${p}/name`);
    if (!category || name === null) return;
    const next = { ...ctx };
    let spec: VersionSpec | null = null;
    if (category === 'vendor') next.vendor = name;
    else if (category === 'product_name') next.product = name;
    else if (category === 'product_family' && !next.product) next.product = name;
    else if (category === 'product_version') spec = { kind: 'exact', versions: [name] };
    else if (category === 'product_version_range') {
      try {
        spec = { kind: 'vers', constraints: parseVers(name) };
      } catch (e) {
        if (!(e instanceof VersError)) throw e;
        r.fail(`${p}/name`, 'format');
      }
    }
    const product = r.obj(o.product, `${p}/product`, false);
    if (product) {
      const id = r.str(product.product_id, `${p}/product/product_id`);
      if (id && next.vendor && next.product)
        out.set(id, { vendor: next.vendor, product: next.product, spec: spec ?? { kind: 'all' } });
    }
    if (o.branches !== undefined) walk(r, r.arr(o.branches, `${p}/branches`), `${p}/branches`, next, out);
  });
}

const AFFECTED = ['known_affected', 'first_affected', 'last_affected'] as const;
const NOT_AFFECTED = ['fixed', 'first_fixed', 'known_not_affected'] as const;

export function isCsaf(doc: Record<string, unknown>): boolean {
  const d = doc.document;
  return typeof d === 'object' && d !== null && 'csaf_version' in d;
}

export function parseCsaf(doc: Record<string, unknown>): ParsedAdvisory {
  const r = new Reader();
  const d = r.obj(doc.document, '/document') ?? {};
  const version = r.str(d.csaf_version, '/document/csaf_version');
  if (version !== null && version !== '2.0') r.fail('/document/csaf_version', 'enum');
  const tracking = r.obj(d.tracking, '/document/tracking') ?? {};
  const id = r.str(tracking.id, '/document/tracking/id');
  const revision = r.str(tracking.version, '/document/tracking/version');
  const title = r.str(d.title, '/document/title');
  const publisher = r.obj(d.publisher, '/document/publisher') ?? {};
  const tree = r.obj(doc.product_tree, '/product_tree') ?? {};
  const leaves = new Map<string, Leaf>();
  walk(r, r.arr(tree.branches, '/product_tree/branches'), '/product_tree/branches', {}, leaves);
  const vulns = r.arr(doc.vulnerabilities, '/vulnerabilities');
  if (vulns.length === 0 && r.problems.length === 0) r.fail('/vulnerabilities', 'minItems');

  const products: AdvisoryProduct[] = [];
  const seen = new Set<string>();
  const cves: string[] = [];
  let best: { score: number; vector: string | null } | null = null;
  const remediations: Remediation[] = [];
  const notes: string[] = [];
  vulns.forEach((v, i) => {
    const p = `/vulnerabilities/${i}`;
    const o = r.obj(v, p);
    if (!o) return;
    const cve = r.str(o.cve, `${p}/cve`, false);
    if (cve) {
      if (!/^CVE-\d{4}-\d{4,}$/.test(cve)) r.fail(`${p}/cve`, 'format');
      else if (!cves.includes(cve)) cves.push(cve);
    }
    const status = r.obj(o.product_status, `${p}/product_status`) ?? {};
    const add = (key: string, effect: AdvisoryProduct['effect']): void => {
      r.arr(status[key], `${p}/product_status/${key}`, false).forEach((pid, j) => {
        if (typeof pid !== 'string') return r.fail(`${p}/product_status/${key}/${j}`, 'type');
        const leaf = leaves.get(pid);
        if (!leaf) return r.fail(`${p}/product_status/${key}/${j}`, 'invalid');
        const k = `${effect}:${pid}`;
        if (seen.has(k)) return;
        seen.add(k);
        products.push({ ...leaf, effect });
      });
    };
    AFFECTED.forEach((k) => add(k, 'affected'));
    NOT_AFFECTED.forEach((k) => add(k, 'not_affected'));
    r.arr(o.scores, `${p}/scores`, false).forEach((s, j) => {
      const so = r.obj(s, `${p}/scores/${j}`);
      const c = so && r.obj(so.cvss_v3, `${p}/scores/${j}/cvss_v3`, false);
      if (!c) return;
      const vector = r.str(c.vectorString, `${p}/scores/${j}/cvss_v3/vectorString`);
      const computed = vector ? cvss3BaseScore(vector) : null;
      if (vector && computed === null) return r.fail(`${p}/scores/${j}/cvss_v3/vectorString`, 'format');
      const given = typeof c.baseScore === 'number' ? c.baseScore : null;
      const score = computed ?? given;
      if (score !== null && (!best || score > best.score)) best = { score, vector };
    });
    r.arr(o.remediations, `${p}/remediations`, false).forEach((m, j) => {
      const mo = r.obj(m, `${p}/remediations/${j}`);
      if (!mo) return;
      const category = r.str(mo.category, `${p}/remediations/${j}/category`);
      const details = r.str(mo.details, `${p}/remediations/${j}/details`);
      const url = r.str(mo.url, `${p}/remediations/${j}/url`, false);
      if (category && details && !remediations.some((x) => x.details === details))
        remediations.push({ category, details, url });
    });
    r.arr(o.notes, `${p}/notes`, false).forEach((n) => {
      const t = (n as { text?: unknown }).text;
      if (typeof t === 'string' && (n as { category?: unknown }).category === 'description') notes.push(t);
    });
  });
  const docNotes = r.arr(d.notes, '/document/notes', false);
  const summaryNote = docNotes.find((n) => (n as { category?: unknown }).category === 'summary') as
    { text?: unknown } | undefined;
  const references: Reference[] = r.arr(d.references, '/document/references', false).flatMap((x) => {
    const o = x as { url?: unknown; summary?: unknown };
    return typeof o.url === 'string'
      ? [{ url: o.url, summary: typeof o.summary === 'string' ? o.summary : '' }]
      : [];
  });
  if (products.every((x) => x.effect !== 'affected') && r.problems.length === 0)
    r.fail('/vulnerabilities/0/product_status/known_affected', 'required');
  r.done();
  const top = best as { score: number; vector: string | null } | null;
  return {
    source: 'csaf',
    externalId: id!,
    revision: revision!,
    title: title!,
    summary: (typeof summaryNote?.text === 'string' ? summaryNote.text : (notes[0] ?? '')).slice(0, 8000),
    publisher: typeof publisher.name === 'string' ? publisher.name : '',
    publishedAt: isoOrNull(
      typeof tracking.initial_release_date === 'string' ? tracking.initial_release_date : null,
    ),
    modifiedAt: isoOrNull(
      typeof tracking.current_release_date === 'string' ? tracking.current_release_date : null,
    ),
    cves,
    cvssScore: top?.score ?? null,
    cvssVector: top?.vector ?? null,
    severity: top ? severityOf(top.score) : 'unknown',
    products,
    remediations,
    references,
  };
}
