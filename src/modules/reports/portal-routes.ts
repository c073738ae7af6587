import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { bodyLimitFor, CONTENT_TYPES } from './attachments.ts';
import { listAttachments, listEvents, listReports, getReport, type ReportRow } from './repository.ts';
import {
  AttachmentParams,
  attachmentOut,
  CommentBody,
  CreateBody,
  eventOut,
  IdParams,
  Limits,
  ListQuery,
  ReportDetail,
  ReportOut,
  reportOut,
} from './schema.ts';
import { cleanText, customerComment, reporterFilter, submitReport } from './service.ts';
import { linksOf, sendAttachment } from './shared.ts';

const TAGS = ['event-reports'];

export async function detail(row: ReportRow, forStaff: boolean) {
  return {
    ...reportOut(row, forStaff),
    description: row.description,
    attachments: (await listAttachments(row.id)).map(attachmentOut),
    timeline: (await listEvents(row.id, forStaff)).map(eventOut),
  };
}

/** Customers report security events, outages and misuse, and follow them (16.1.2). */
export function portalRoutes(app: App): void {
  const { config } = app.pva;

  app.get(
    '/api/v1/event-report-limits',
    {
      config: { auth: 'events.report' },
      schema: {
        operationId: 'eventReportLimits',
        tags: TAGS,
        summary: 'What may be attached to a report: size per file, number of files, content types',
        response: { 200: Limits },
      },
    },
    async () => ({
      attachmentMaxBytes: config.reports.attachmentMaxBytes,
      attachmentMaxFiles: config.reports.attachmentMaxFiles,
      contentTypes: [...CONTENT_TYPES],
    }),
  );

  app.get(
    '/api/v1/event-reports',
    {
      config: { auth: 'events.report' },
      schema: {
        operationId: 'listEventReports',
        tags: TAGS,
        summary: "Your tenant's event reports, newest first (a user limited to some services sees their own)",
        querystring: ListQuery,
        response: { 200: Type.Array(ReportOut) },
      },
    },
    async (req) =>
      (
        await listReports({
          reporterOnly: reporterFilter(req.principal!),
          status: req.query.status,
          limit: req.query.limit ?? 100,
          offset: req.query.offset ?? 0,
        })
      ).map((r) => reportOut(r, false)),
  );

  app.get(
    '/api/v1/event-reports/:id',
    {
      config: { auth: 'events.report' },
      schema: {
        operationId: 'getEventReport',
        tags: TAGS,
        summary:
          'One event report with its attachments and timeline (internal notes of the provider are not shown)',
        params: IdParams,
        response: { 200: ReportDetail },
      },
    },
    async (req) => {
      const row = await getReport(req.params.id, reporterFilter(req.principal!));
      if (!row) throw notFound();
      return detail(row, false);
    },
  );

  app.post(
    '/api/v1/event-reports',
    {
      bodyLimit: bodyLimitFor(config.reports),
      config: { auth: 'events.report', action: 'event_report.submit' },
      schema: {
        operationId: 'submitEventReport',
        tags: TAGS,
        summary:
          'Report a security incident, an outage, suspected misuse or anything else to the provider. JSON, with files base64-encoded; a file over the size limit, or a body over the limit, is 413',
        body: CreateBody,
        response: { 201: ReportDetail },
      },
    },
    async (req, reply) => {
      const row = await submitReport(req.principal!, req.body, req.lang, config, linksOf(app));
      const files = await listAttachments(row.id);
      await auditRequest(req, {
        action: 'event_report.submit',
        tenantId: row.tenant_id,
        targetType: 'event_report',
        targetId: row.id,
        summary: {
          number: row.number,
          category: row.category,
          services: row.services.map((s) => s.code),
          attachments: files.map((f) => ({ sha256: f.sha256, size: f.size, contentType: f.content_type })),
        },
        personal: { title: row.title, description: row.description, filenames: files.map((f) => f.filename) },
      });
      reply.code(201);
      return detail(row, false);
    },
  );

  app.post(
    '/api/v1/event-reports/:id/comments',
    {
      config: { auth: 'events.report', action: 'event_report.comment' },
      schema: {
        operationId: 'commentEventReport',
        tags: TAGS,
        summary: 'Add information to your report (not possible once it is closed)',
        params: IdParams,
        body: CommentBody,
        response: { 200: ReportDetail },
      },
    },
    async (req) => {
      const body = cleanText(req.body.body, '/body/body', req.lang);
      const row = await customerComment(req.principal!, req.params.id, body);
      await auditRequest(req, {
        action: 'event_report.comment',
        tenantId: row.tenant_id,
        targetType: 'event_report',
        targetId: row.id,
        summary: { number: row.number },
        personal: { body },
      });
      return detail(row, false);
    },
  );

  app.get(
    '/api/v1/event-reports/:id/attachments/:attachmentId',
    {
      config: { auth: 'events.report' },
      schema: {
        operationId: 'getEventReportAttachment',
        tags: TAGS,
        summary: 'Download an attached file (always as an attachment, never shown inline)',
        params: AttachmentParams,
      },
    },
    async (req, reply) => {
      const row = await getReport(req.params.id, reporterFilter(req.principal!));
      if (!row) throw notFound();
      return sendAttachment(reply, row.id, req.params.attachmentId);
    },
  );
}
