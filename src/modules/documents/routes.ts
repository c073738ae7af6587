import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { renderMarkdown } from './render.ts';
import { deleteDocument, documentContent } from './repository.ts';
import type { RenderedDocument } from './schema.ts';
import {
  contentResponse,
  ContentQuery,
  DocumentGroupOut,
  documentOut,
  DocumentOut,
  groupOut,
  IdParams,
  ManagedDocument,
  ManagedDocumentDetail,
  managedOut,
  MarkdownBody,
  PdfBody,
} from './schema.ts';
import {
  allDocuments,
  customerDocument,
  customerDocuments,
  publishDocument,
  statedDocument,
  today,
  type StatedDocument,
} from './service.ts';

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266). */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_') || 'document.pdf';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A markdown document as safe HTML in the requested language, or the PDF file itself. */
async function sendContent(req: FastifyRequest, reply: FastifyReply, d: StatedDocument, lang: 'ja' | 'en') {
  const c = await documentContent(d.id);
  if (!c) throw notFound();
  if (d.format === 'pdf') {
    return reply
      .type('application/pdf')
      .header('content-disposition', attachment(d.pdfFilename ?? 'document.pdf'))
      .send(Buffer.from(c.pdf ?? new Uint8Array()));
  }
  const source = (lang === 'ja' ? c.bodyJa : c.bodyEn) ?? '';
  return reply.type('application/json; charset=utf-8').send({
    id: d.id,
    owner: 'provider',
    lang,
    title: lang === 'ja' ? d.titleJa : d.titleEn,
    html: renderMarkdown(source),
  } satisfies Static<typeof RenderedDocument>);
}

/** Service documents (8.2.2, CLD.6.3.1): the provider publishes them; customers read theirs. */
export function documentsRoutes(app: App): void {
  if (app.pva.plane === 'portal') portalRoutes(app);
  else managementRoutes(app);
}

function portalRoutes(app: App): void {
  app.get(
    '/api/v1/documents',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'listDocuments',
        tags: ['documents'],
        summary:
          'Service documents of the service types you contract, per type and kind: the version in force, earlier and upcoming versions',
        response: { 200: Type.Array(DocumentGroupOut) },
      },
    },
    async (req) => (await customerDocuments(req.principal!)).map(groupOut),
  );

  app.get(
    '/api/v1/documents/:id',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'getDocument',
        tags: ['documents'],
        summary: 'One service document (404 unless it is for a service type you contract)',
        params: IdParams,
        response: { 200: DocumentOut },
      },
    },
    async (req) => documentOut(await customerDocument(req.principal!, req.params.id)),
  );

  app.get(
    '/api/v1/documents/:id/content',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'getDocumentContent',
        tags: ['documents'],
        summary: 'The document: Markdown rendered to safe HTML in ja or en, or the PDF file',
        params: IdParams,
        querystring: ContentQuery,
        response: contentResponse,
      },
    },
    async (req, reply) => {
      const d = await customerDocument(req.principal!, req.params.id);
      return sendContent(req, reply, d, req.query.lang ?? req.lang);
    },
  );
}

function managementRoutes(app: App): void {
  const found = async (id: string): Promise<StatedDocument> => {
    const d = await statedDocument(id);
    if (!d) throw notFound();
    return d;
  };

  app.get(
    '/api/v1/documents',
    {
      config: { auth: 'compliance.manage' },
      schema: {
        operationId: 'listManagedDocuments',
        tags: ['documents'],
        summary: 'Every published service document with its status',
        response: { 200: Type.Array(ManagedDocument) },
      },
    },
    async () => (await allDocuments()).map(managedOut),
  );

  app.get(
    '/api/v1/documents/:id',
    {
      config: { auth: 'compliance.manage' },
      schema: {
        operationId: 'getManagedDocument',
        tags: ['documents'],
        summary: 'One service document, with its Markdown source',
        params: IdParams,
        response: { 200: ManagedDocumentDetail },
      },
    },
    async (req) => {
      const d = await found(req.params.id);
      const c = await documentContent(d.id);
      return { ...managedOut(d), bodyJa: c?.bodyJa ?? null, bodyEn: c?.bodyEn ?? null };
    },
  );

  app.get(
    '/api/v1/documents/:id/content',
    {
      config: { auth: 'compliance.manage' },
      schema: {
        operationId: 'getManagedDocumentContent',
        tags: ['documents'],
        summary: 'The document as customers receive it: rendered HTML in ja or en, or the PDF file',
        params: IdParams,
        querystring: ContentQuery,
        response: contentResponse,
      },
    },
    async (req, reply) => sendContent(req, reply, await found(req.params.id), req.query.lang ?? req.lang),
  );

  app.post(
    '/api/v1/documents',
    {
      // a PDF of up to 10 MB arrives base64-encoded in JSON: this route alone takes bodies up to 15 MB
      bodyLimit: 15 * 1024 * 1024,
      config: { auth: 'compliance.manage', action: 'document.publish' },
      schema: {
        operationId: 'publishDocument',
        tags: ['documents'],
        summary:
          'Publish a new version of a service document: Markdown in ja and en, or a PDF (base64, at most 10 MB)',
        body: Type.Union([MarkdownBody, PdfBody]),
        response: { 201: ManagedDocument },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const id = await publishDocument(
        {
          serviceType: b.serviceType,
          kind: b.kind,
          version: b.version,
          titleJa: b.titleJa,
          titleEn: b.titleEn,
          effectiveFrom: b.effectiveFrom,
          content:
            'contentBase64' in b
              ? { format: 'pdf', contentBase64: b.contentBase64, filename: b.filename }
              : { format: 'markdown', bodyJa: b.bodyJa, bodyEn: b.bodyEn },
        },
        req.principal!.id,
        req.lang,
      );
      const d = await found(id);
      await auditRequest(req, {
        action: 'document.publish',
        targetType: 'document',
        targetId: id,
        summary: {
          serviceType: d.serviceType,
          kind: d.kind,
          version: d.version,
          format: d.format,
          effectiveFrom: d.effectiveFrom,
          ...(d.pdfSha256 ? { sha256: d.pdfSha256, size: d.pdfSize } : {}),
        },
      });
      reply.code(201);
      return managedOut(d);
    },
  );

  app.delete(
    '/api/v1/documents/:id',
    {
      config: { auth: 'compliance.manage', action: 'document.delete' },
      schema: {
        operationId: 'deleteDocument',
        tags: ['documents'],
        summary: 'Withdraw a version that has not yet taken effect (one in force or past is kept)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const d = await found(req.params.id);
      if (d.effectiveFrom <= today()) throw new AppError('document_in_force');
      await deleteDocument(d.id);
      await auditRequest(req, {
        action: 'document.delete',
        targetType: 'document',
        targetId: d.id,
        summary: {
          serviceType: d.serviceType,
          kind: d.kind,
          version: d.version,
          effectiveFrom: d.effectiveFrom,
        },
      });
      reply.code(204);
      return null;
    },
  );
}
