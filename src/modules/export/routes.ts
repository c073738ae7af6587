import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, fieldMessage, notFound } from '../../app/errors.ts';
import { requestScope } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { inTransaction } from '../../db/context.ts';
import { formatInstant, zonedDate } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { can } from '../identity/policy.ts';
import { serviceCodes, tenant } from './repository.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, exportSchema } from './schema.ts';
import { SECTION_NAMES, SECTIONS, sectionNamed, type ExportContext } from './sections.ts';
import { csvDocument, jsonDocument, plan, totalObjects, type Run } from './stream.ts';

/** The total number of objects the export will hold, sent before the body so the SPA can show progress. */
export const OBJECTS_HEADER = 'x-pva-export-objects';

const ExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }),
    section: Type.Optional(
      Type.Union(
        SECTION_NAMES.map((n) => Type.Literal(n)),
        { description: 'With format=csv: the section to export as one CSV file.' },
      ),
    ),
  },
  { additionalProperties: false },
);

const SectionInfo = Type.Object({
  name: Type.String(),
  owner: Type.Union([Type.Literal('customer'), Type.Literal('provider')]),
  shape: Type.Union([Type.Literal('object'), Type.Literal('list')]),
  count: Type.Integer(),
});

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

function contextOf(req: FastifyRequest): ExportContext {
  const p = req.principal!;
  return { tenantId: req.tenantId!, serviceScope: p.serviceScope, can: (perm) => can(p, perm) };
}

/**
 * The export of the customer's stored data (12.3.1: the provider does not back up customer
 * settings; customers keep their own copy). Portal only. docs/export.md describes the format.
 */
export function exportRoutes(app: App): void {
  if (app.pva.plane !== 'portal') return;

  app.get(
    '/api/v1/export',
    {
      // no request-wide transaction: the stream reads page by page, each in a short one
      config: { auth: 'settings.export', tx: false },
      schema: {
        operationId: 'exportSettings',
        tags: ['export'],
        summary:
          'Export the stored data (settings) as one streamed JSON document, or one section as CSV (format=csv&section=…)',
        description: `The JSON document follows the schema served at /api/v1/export/schema. The header ${OBJECTS_HEADER} gives the number of objects before the body starts.`,
        querystring: ExportQuery,
        response: {
          200: {
            description: 'The export, as an attachment',
            content: {
              'application/json': { schema: Type.Object({}, { additionalProperties: true }) },
              'text/csv': { schema: Type.String() },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { format, section: sectionName } = req.query;
      const ctx = contextOf(req);
      const p = req.principal!;
      const run: Run = (fn) => inTransaction(app.pva.database, requestScope(req), fn);
      let csvSection = null;
      if (format === 'csv') {
        if (!sectionName)
          throw new AppError('validation_failed', {
            fields: [
              {
                field: '/querystring/section',
                code: 'required',
                message: fieldMessage('required', req.lang),
              },
            ],
          });
        csvSection = sectionNamed(sectionName)!;
      }
      const now = new Date();
      // Counts, names and the audit record in one short transaction before the first byte.
      const head = await run(async () => {
        const sections = csvSection ? [csvSection] : SECTIONS;
        const planned = await plan(ctx, sections);
        if (csvSection && planned.length === 0) {
          // not in this user's export: users and security settings are administrators' data
          throw csvSection.permission && !ctx.can(csvSection.permission)
            ? new AppError('forbidden')
            : notFound();
        }
        const t = (await tenant(ctx.tenantId))[0];
        if (!t) throw notFound();
        const counts = Object.fromEntries(planned.map((x) => [x.section.name, x.count]));
        const objects = totalObjects(planned);
        await recordAudit({
          action: 'export.download',
          targetType: 'tenant',
          targetId: ctx.tenantId,
          summary: {
            format,
            ...(csvSection ? { section: csvSection.name } : {}),
            version: EXPORT_VERSION,
            objects,
            counts,
            serviceScoped: ctx.serviceScope !== null,
          },
        });
        const codes = ctx.serviceScope ? await serviceCodes(ctx.serviceScope) : null;
        return { planned, objects, tenantCode: t.code, codes };
      });
      req.audited = true;

      const date = zonedDate(now);
      const base = `pva-export-${safeName(head.tenantCode)}`;
      reply.header(OBJECTS_HEADER, String(head.objects));
      reply.header('x-pva-export-version', String(EXPORT_VERSION));
      reply.header('cache-control', 'no-store');
      if (csvSection) {
        reply
          .type('text/csv; charset=utf-8; header=present')
          .header('content-disposition', `attachment; filename="${base}-${csvSection.name}-${date}.csv"`);
        return reply.send(Readable.from(csvDocument(run, ctx, csvSection)));
      }
      reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${base}-${date}.json"`);
      const doc = jsonDocument(run, ctx, head.planned, {
        exportedAt: formatInstant(now),
        role: p.role,
        serviceScope: head.codes,
      });
      return reply.send(Readable.from(doc));
    },
  );

  app.get(
    '/api/v1/export/sections',
    {
      config: { auth: 'settings.export' },
      schema: {
        operationId: 'exportSections',
        tags: ['export'],
        summary: 'What the export of the signed-in user holds: its sections with their object counts',
        response: {
          200: Type.Object({
            format: Type.Literal(EXPORT_FORMAT),
            version: Type.Integer(),
            schemaId: Type.String(),
            objects: Type.Integer(),
            sections: Type.Array(SectionInfo),
          }),
        },
      },
    },
    async (req) => {
      const planned = await plan(contextOf(req));
      return {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        schemaId: exportSchema().id,
        objects: totalObjects(planned),
        sections: planned.map((x) => ({
          name: x.section.name,
          owner: x.section.owner,
          shape: x.section.shape,
          count: x.count,
        })),
      };
    },
  );

  app.get(
    '/api/v1/export/schema',
    {
      config: { auth: 'services.read', tx: false },
      schema: {
        operationId: 'exportSchema',
        tags: ['export'],
        summary: 'The JSON Schema (2020-12) of the JSON export (docs/export-schema.json)',
        response: {
          200: {
            description: 'The schema',
            content: {
              'application/schema+json': { schema: Type.Object({}, { additionalProperties: true }) },
            },
          },
        },
      },
    },
    async (_req, reply) =>
      // a Buffer goes out as is (a string with a JSON type would be serialised once more)
      reply
        .type('application/schema+json; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(Buffer.from(exportSchema().text)),
  );
}
