import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { DocumentKind, DocumentServiceType } from '../../db/schema.ts';

/** A document without its content: what lists and version histories need. */
export interface DocumentMeta {
  id: string;
  serviceType: DocumentServiceType;
  kind: DocumentKind;
  version: string;
  titleJa: string;
  titleEn: string;
  format: 'markdown' | 'pdf';
  pdfFilename: string | null;
  pdfSize: number | null;
  pdfSha256: string | null;
  /** YYYY-MM-DD, the first JST day the version applies */
  effectiveFrom: string;
  publishedAt: Date;
  createdBy: string | null;
  createdByName: string | null;
}

export interface DocumentContent {
  bodyJa: string | null;
  bodyEn: string | null;
  pdf: Uint8Array | null;
}

export interface NewDocument {
  serviceType: DocumentServiceType;
  kind: DocumentKind;
  version: string;
  titleJa: string;
  titleEn: string;
  effectiveFrom: string;
  createdBy: string | null;
  content:
    | { format: 'markdown'; bodyJa: string; bodyEn: string }
    | { format: 'pdf'; pdf: Uint8Array; filename: string; sha256: string };
}

function metaQuery() {
  return db()
    .selectFrom('ops.document as d')
    .leftJoin('ops.staff as s', 's.id', 'd.created_by')
    .select([
      'd.id',
      'd.service_type',
      'd.kind',
      'd.version',
      'd.title_ja',
      'd.title_en',
      'd.format',
      'd.pdf_filename',
      'd.pdf_size',
      'd.pdf_sha256',
      sql<string>`d.effective_from::text`.as('effective_from'),
      'd.published_at',
      'd.created_by',
      's.name as created_by_name',
    ]);
}

type MetaRow = Awaited<ReturnType<ReturnType<typeof metaQuery>['executeTakeFirstOrThrow']>>;

const toMeta = (r: MetaRow): DocumentMeta => ({
  id: r.id,
  serviceType: r.service_type,
  kind: r.kind,
  version: r.version,
  titleJa: r.title_ja,
  titleEn: r.title_en,
  format: r.format,
  pdfFilename: r.pdf_filename,
  pdfSize: r.pdf_size,
  pdfSha256: r.pdf_sha256,
  effectiveFrom: r.effective_from,
  publishedAt: r.published_at,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
});

/** Every document of the given service types (all of them when `types` is null), content left out. */
export async function listDocuments(types: readonly DocumentServiceType[] | null): Promise<DocumentMeta[]> {
  if (types && types.length === 0) return [];
  let q = metaQuery().orderBy('d.service_type').orderBy('d.kind').orderBy('d.effective_from', 'desc');
  if (types) q = q.where('d.service_type', 'in', types);
  return (await q.execute()).map(toMeta);
}

export async function findDocument(id: string): Promise<DocumentMeta | undefined> {
  const r = await metaQuery().where('d.id', '=', id).executeTakeFirst();
  return r && toMeta(r);
}

/** The versions of one (service type, kind): the context that decides which one is in force. */
export async function listVersions(
  serviceType: DocumentServiceType,
  kind: DocumentKind,
): Promise<DocumentMeta[]> {
  const rows = await metaQuery()
    .where('d.service_type', '=', serviceType)
    .where('d.kind', '=', kind)
    .execute();
  return rows.map(toMeta);
}

export async function documentContent(id: string): Promise<DocumentContent | undefined> {
  const r = await db()
    .selectFrom('ops.document')
    .select(['body_ja', 'body_en', 'pdf'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { bodyJa: r.body_ja, bodyEn: r.body_en, pdf: r.pdf };
}

export async function versionTaken(
  serviceType: DocumentServiceType,
  kind: DocumentKind,
  version: string,
): Promise<boolean> {
  const r = await db()
    .selectFrom('ops.document')
    .select('id')
    .where('service_type', '=', serviceType)
    .where('kind', '=', kind)
    .where('version', '=', version)
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertDocument(d: NewDocument): Promise<string> {
  const c = d.content;
  const r = await db()
    .insertInto('ops.document')
    .values({
      service_type: d.serviceType,
      kind: d.kind,
      version: d.version,
      title_ja: d.titleJa,
      title_en: d.titleEn,
      format: c.format,
      body_ja: c.format === 'markdown' ? c.bodyJa : null,
      body_en: c.format === 'markdown' ? c.bodyEn : null,
      pdf: c.format === 'pdf' ? c.pdf : null,
      pdf_filename: c.format === 'pdf' ? c.filename : null,
      pdf_size: c.format === 'pdf' ? c.pdf.byteLength : null,
      pdf_sha256: c.format === 'pdf' ? c.sha256 : null,
      effective_from: d.effectiveFrom,
      created_by: d.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteDocument(id: string): Promise<void> {
  await db().deleteFrom('ops.document').where('id', '=', id).execute();
}

/**
 * The service types of the services the principal can see: the tenant's (row-level security)
 * narrowed by the principal's service-code scope.
 */
export async function visibleServiceTypes(
  tenantId: string,
  scope: string[] | null,
): Promise<DocumentServiceType[]> {
  let q = db().selectFrom('customer.service').select('type').distinct().where('tenant_id', '=', tenantId);
  if (scope) q = q.where('id', 'in', scope.length ? scope : ['00000000-0000-0000-0000-000000000000']);
  return (await q.execute()).map((r) => String(r.type)).filter(isDocumentServiceType);
}

export const DOCUMENT_SERVICE_TYPES: readonly DocumentServiceType[] = ['all', 'ipsec', 'direct', 'option'];
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'terms',
  'specification',
  'manual',
  'responsibility',
  'whitepaper',
];
const isDocumentServiceType = (x: string): x is DocumentServiceType =>
  (DOCUMENT_SERVICE_TYPES as readonly string[]).includes(x);
