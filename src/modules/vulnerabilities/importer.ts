import { AppError, fieldMessage, type Lang } from '../../app/errors.ts';
import type { AliasTable } from './aliases.ts';
import { isCsaf, parseCsaf } from './csaf.ts';
import { AdvisoryInvalid, type ParsedAdvisory } from './model.ts';
import { isOsv, parseOsv } from './osv.ts';
import { findAdvisoryByExternalId, insertAdvisory, updateAdvisory } from './repository.ts';
import { compare } from './versions.ts';

export type ImportFormat = 'csaf' | 'osv';

/** The problem+json of a bad document: each problem's JSON pointer under /body/document. */
export function invalid(e: AdvisoryInvalid, lang: Lang, prefix = '/body/document'): AppError {
  return new AppError('advisory_invalid', {
    fields: e.problems.map((p) => ({
      field: `${prefix}${p.field}`,
      code: p.code,
      message: fieldMessage(p.code, lang),
    })),
    detail: {
      ja: `問題のある項目: ${e.problems.map((p) => p.field).join(', ')}`,
      en: `Problems at: ${e.problems.map((p) => p.field).join(', ')}`,
    },
  });
}

/** Detects CSAF 2.0 or OSV (or takes the caller's word) and parses; bad documents throw AdvisoryInvalid. */
export function parseDocument(doc: unknown, aliases: AliasTable, format?: ImportFormat): ParsedAdvisory {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new AdvisoryInvalid([{ field: '', code: 'type' }]);
  const o = doc as Record<string, unknown>;
  const kind = format ?? (isCsaf(o) ? 'csaf' : isOsv(o) ? 'osv' : null);
  if (kind === 'csaf') return parseCsaf(o);
  if (kind === 'osv') return parseOsv(o, aliases);
  // neither: name the members that would make it one or the other
  throw new AdvisoryInvalid([
    { field: '/document/csaf_version', code: 'required' },
    { field: '/modified', code: 'required' },
  ]);
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/** Newer when it orders after the stored revision; revisions that cannot be ordered count as newer. */
function isOlder(incoming: string, stored: string): boolean {
  if (/^\d{4}-\d\d-\d\dT/.test(incoming) && /^\d{4}-\d\d-\d\dT/.test(stored)) return incoming < stored;
  const c = compare(incoming, stored);
  return c !== null && c < 0;
}

/**
 * Stores an advisory idempotently by its publisher's id: the same revision again changes nothing,
 * a newer one replaces the stored advisory (and is re-matched by the caller), an older one is refused.
 */
export async function storeAdvisory(
  a: ParsedAdvisory,
  origin: string,
  staffId: string | null,
): Promise<{ id: string; outcome: ImportOutcome; previousRevision: string | null }> {
  const existing = await findAdvisoryByExternalId(a.externalId);
  if (!existing)
    return { id: await insertAdvisory(a, origin, staffId), outcome: 'created', previousRevision: null };
  if (existing.revision === a.revision && existing.source === a.source && a.source !== 'manual')
    return { id: existing.id, outcome: 'unchanged', previousRevision: existing.revision };
  if (a.source !== 'manual' && isOlder(a.revision, existing.revision))
    throw new AppError('advisory_outdated', { extensions: { storedRevision: existing.revision } });
  await updateAdvisory(existing.id, a, origin, staffId);
  return { id: existing.id, outcome: 'updated', previousRevision: existing.revision };
}
