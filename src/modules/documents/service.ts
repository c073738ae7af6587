import { createHash } from 'node:crypto';
import { AppError, notFound, type Lang } from '../../app/errors.ts';
import type { DocumentKind, DocumentServiceType } from '../../db/schema.ts';
import { zonedDate } from '../../lib/time.ts';
import type { Principal } from '../identity/policy.ts';
import {
  DOCUMENT_KINDS,
  DOCUMENT_SERVICE_TYPES,
  findDocument,
  insertDocument,
  listDocuments,
  listVersions,
  versionTaken,
  visibleServiceTypes,
  type DocumentMeta,
  type NewDocument,
} from './repository.ts';

export type DocumentStatus = 'in_force' | 'superseded' | 'upcoming';
export interface StatedDocument extends DocumentMeta {
  status: DocumentStatus;
}
export interface DocumentGroup {
  serviceType: DocumentServiceType;
  kind: DocumentKind;
  current: StatedDocument | null;
  earlier: StatedDocument[];
  upcoming: StatedDocument[];
}

export const MAX_PDF_BYTES = 10 * 1024 * 1024;

/** Today's date in the service's zone (JST): the day that decides which version is in force. */
export const today = (): string => zonedDate(new Date());

/** Newest first: by effective date, then by publication (a same-day correction wins). */
const newestFirst = (a: DocumentMeta, b: DocumentMeta): number =>
  a.effectiveFrom !== b.effectiveFrom
    ? a.effectiveFrom < b.effectiveFrom
      ? 1
      : -1
    : b.publishedAt.getTime() - a.publishedAt.getTime();

/**
 * Groups documents per (service type, kind). The version in force is the newest whose effective
 * date has come (JST); older ones are earlier versions; those not yet effective are upcoming.
 */
export function groupDocuments(docs: readonly DocumentMeta[], on = today()): DocumentGroup[] {
  const groups = new Map<string, DocumentMeta[]>();
  for (const d of docs) {
    const key = `${d.serviceType}/${d.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const out: DocumentGroup[] = [];
  for (const versions of groups.values()) {
    const sorted = [...versions].sort(newestFirst);
    const upcoming = sorted.filter((d) => d.effectiveFrom > on).reverse();
    const effective = sorted.filter((d) => d.effectiveFrom <= on);
    const [current, ...earlier] = effective;
    out.push({
      serviceType: sorted[0]!.serviceType,
      kind: sorted[0]!.kind,
      current: current ? { ...current, status: 'in_force' } : null,
      earlier: earlier.map((d) => ({ ...d, status: 'superseded' as const })),
      upcoming: upcoming.map((d) => ({ ...d, status: 'upcoming' as const })),
    });
  }
  const rank = <T>(list: readonly T[], x: T): number => list.indexOf(x);
  return out.sort(
    (a, b) =>
      rank(DOCUMENT_SERVICE_TYPES, a.serviceType) - rank(DOCUMENT_SERVICE_TYPES, b.serviceType) ||
      rank(DOCUMENT_KINDS, a.kind) - rank(DOCUMENT_KINDS, b.kind),
  );
}

/** Every document with its status (management side). */
export async function allDocuments(): Promise<StatedDocument[]> {
  return groupDocuments(await listDocuments(null)).flatMap((g) => [
    ...g.upcoming,
    ...(g.current ? [g.current] : []),
    ...g.earlier,
  ]);
}

/** One document with its status, decided among the versions of its (service type, kind). */
export async function statedDocument(id: string): Promise<StatedDocument | undefined> {
  const d = await findDocument(id);
  if (!d) return undefined;
  const [g] = groupDocuments(await listVersions(d.serviceType, d.kind));
  return [...(g?.upcoming ?? []), ...(g?.current ? [g.current] : []), ...(g?.earlier ?? [])].find(
    (x) => x.id === id,
  );
}

/**
 * The service types whose documents a customer principal may read: those of the services it can
 * see (its tenant, narrowed by its service-code scope), plus documents for every service ('all').
 */
export async function readableTypes(p: Principal): Promise<DocumentServiceType[]> {
  return ['all', ...(await visibleServiceTypes(p.tenantId!, p.serviceScope))];
}

/** The customer's documents, grouped, with the version in force and the earlier ones. */
export async function customerDocuments(p: Principal): Promise<DocumentGroup[]> {
  return groupDocuments(await listDocuments(await readableTypes(p)));
}

/** A document the customer may read, or 404 (a document of a type they do not contract is "missing"). */
export async function customerDocument(p: Principal, id: string): Promise<StatedDocument> {
  const d = await statedDocument(id);
  if (!d || !(await readableTypes(p)).includes(d.serviceType)) throw notFound();
  return d;
}

const fieldError = (field: string, code: string, ja: string, en: string, lang: Lang): AppError =>
  new AppError('validation_failed', {
    fields: [{ field: `/body/${field}`, code, message: lang === 'ja' ? ja : en }],
  });

export interface PublishInput {
  serviceType: DocumentServiceType;
  kind: DocumentKind;
  version: string;
  titleJa: string;
  titleEn: string;
  effectiveFrom: string;
  content:
    | { format: 'markdown'; bodyJa: string; bodyEn: string }
    | { format: 'pdf'; contentBase64: string; filename?: string | undefined };
}

/**
 * Publishes a new version. Its effective date may not lie in the past: what customers were told
 * was in force on a day never changes afterwards (a correction is a new version from today on).
 */
export async function publishDocument(
  input: PublishInput,
  createdBy: string | null,
  lang: Lang,
): Promise<string> {
  if (input.effectiveFrom < today()) {
    throw fieldError(
      'effectiveFrom',
      'minimum',
      '効力発生日は本日（日本時間）以降にしてください。',
      'The effective date must be today (JST) or later.',
      lang,
    );
  }
  if (await versionTaken(input.serviceType, input.kind, input.version)) {
    throw new AppError('document_version_exists');
  }
  let content: NewDocument['content'];
  if (input.content.format === 'pdf') {
    const pdf = Buffer.from(input.content.contentBase64, 'base64');
    if (pdf.byteLength > MAX_PDF_BYTES) throw new AppError('body_too_large');
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('not_a_pdf');
    content = {
      format: 'pdf',
      pdf,
      filename: input.content.filename?.trim() || `${input.serviceType}-${input.kind}-v${input.version}.pdf`,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    };
  } else {
    content = input.content;
  }
  try {
    return await insertDocument({
      serviceType: input.serviceType,
      kind: input.kind,
      version: input.version,
      titleJa: input.titleJa.trim(),
      titleEn: input.titleEn.trim(),
      effectiveFrom: input.effectiveFrom,
      createdBy,
      content,
    });
  } catch (e) {
    // two publications of the same version at once: the unique key decides, the loser gets a 409
    if ((e as { code?: string }).code === '23505') throw new AppError('document_version_exists');
    throw e;
  }
}
