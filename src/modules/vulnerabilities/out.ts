import { formatInstant } from '../../lib/time.ts';
import { manualInput } from './manual.ts';
import { describeSpec } from './ranges.ts';
import type { listAdvisories, MatchRow, assessmentHistory, getAdvisory } from './views-repository.ts';

/** Rows → API shapes (camelCase; Dates are rendered in the configured zone by the app). */

const at = (d: Date | null): string | null => (d ? formatInstant(d) : null);
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function advisoryOut(a: Awaited<ReturnType<typeof listAdvisories>>[number]) {
  return {
    id: a.id,
    source: a.source,
    externalId: a.external_id,
    revision: a.revision,
    title: a.title,
    severity: a.severity,
    cvssScore: num(a.cvss_score),
    cves: a.cves,
    publisher: a.publisher,
    publishedAt: at(a.published_at),
    importedAt: formatInstant(a.imported_at),
    updatedAt: formatInstant(a.updated_at),
    matched: a.matched,
    open: a.open,
  };
}

export function matchOut(m: MatchRow, today: string) {
  const open = m.current && (m.state === 'new' || m.state === 'affected');
  return {
    id: m.id,
    advisory: {
      id: m.advisory_id,
      externalId: m.external_id,
      title: m.title,
      severity: m.severity,
      cvssScore: num(m.cvss_score),
    },
    item: {
      kind: m.item_kind,
      id: m.item_id,
      deviceId: m.device_id,
      // an item that left the inventory view keeps the version it was matched with
      label: m.label ?? m.item_id,
      vendor: m.vendor ?? '',
      product: m.product ?? '',
      version: m.version ?? m.version_seen,
    },
    verdict: m.verdict,
    versionSeen: m.version_seen,
    current: m.current,
    firstMatchedAt: formatInstant(m.first_matched_at),
    resolvedAt: at(m.resolved_at),
    state: m.state,
    justification: m.justification,
    assessedAt: at(m.assessed_at),
    assessedBy: m.assessed_by ? { id: m.assessed_by, name: m.assessed_by_name ?? '' } : null,
    dueDate: m.due_date,
    overdue: open && m.due_date !== null && m.due_date < today,
    change: m.change_id && m.change_number ? { id: m.change_id, number: m.change_number } : null,
    alertedAt: at(m.alerted_at),
  };
}

export function historyOut(h: Awaited<ReturnType<typeof assessmentHistory>>[number]) {
  return {
    state: h.state,
    justification: h.justification,
    change: h.change_id && h.change_number ? { id: h.change_id, number: h.change_number } : null,
    dueDate: h.due_date,
    assessedBy: h.assessed_by ? { id: h.assessed_by, name: h.assessed_by_name ?? '' } : null,
    assessedAt: formatInstant(h.assessed_at),
  };
}

export function advisoryDetailOut(
  a: NonNullable<Awaited<ReturnType<typeof getAdvisory>>>,
  counts: { matched: number; open: number },
  matches: ReturnType<typeof matchOut>[],
) {
  return {
    ...advisoryOut({ ...a, ...counts }),
    summary: a.summary,
    cvssVector: a.cvss_vector,
    modifiedAt: at(a.modified_at),
    origin: a.origin,
    products: a.products.map((p) => ({
      vendor: p.vendor,
      product: p.product,
      versions: describeSpec(p.spec),
      effect: p.effect,
    })),
    remediations: a.remediations,
    references: a.refs,
    manual: a.source === 'manual' ? manualInput(a) : null,
    matches,
  };
}
