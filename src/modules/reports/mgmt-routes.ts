import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { detail } from './portal-routes.ts';
import { assignees, getReport, listReports, type ReportRow } from './repository.ts';
import {
  AssignBody,
  Assignee,
  AttachmentParams,
  IdParams,
  MgmtListQuery,
  ReportDetail,
  ReportOut,
  reportOut,
  StaffCommentBody,
  StatusBody,
} from './schema.ts';
import { assign, changeStatus, cleanText, staffComment } from './service.ts';
import { linksOf, sendAttachment } from './shared.ts';

const TAGS = ['event-reports'];

async function audit(
  req: FastifyRequest,
  action: string,
  row: ReportRow,
  summary: Record<string, unknown>,
  text: string | null,
): Promise<void> {
  await auditRequest(req, {
    action: `event_report.${action}`,
    tenantId: row.tenant_id,
    targetType: 'event_report',
    targetId: row.id,
    summary: { number: row.number, ...summary },
    ...(text ? { personal: { text } } : {}),
  });
}

/** The provider's queue of customer event reports. Every read is audited as staff.read.* (18.1.3). */
export function mgmtRoutes(app: App): void {
  app.get(
    '/api/v1/event-reports',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'listEventReports',
        tags: TAGS,
        summary:
          'The queue of customer event reports across tenants, newest first, filtered by status, tenant or assignee',
        querystring: MgmtListQuery,
        response: { 200: Type.Array(ReportOut) },
      },
    },
    async (req) =>
      (
        await listReports({
          status: req.query.status,
          tenantId: req.query.tenantId,
          assignedTo: req.query.assignedTo,
          limit: req.query.limit ?? 100,
          offset: req.query.offset ?? 0,
        })
      ).map((r) => reportOut(r, true)),
  );

  app.get(
    '/api/v1/event-report-assignees',
    {
      config: { auth: 'tenants.read' },
      schema: {
        operationId: 'eventReportAssignees',
        tags: TAGS,
        summary: 'Staff a report can be assigned to',
        response: { 200: Type.Array(Assignee) },
      },
    },
    async () => assignees(),
  );

  app.get(
    '/api/v1/event-reports/:id',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'getEventReport',
        tags: TAGS,
        summary: 'One event report with attachments, the timeline and internal notes',
        params: IdParams,
        response: { 200: ReportDetail },
      },
    },
    async (req) => {
      const row = await getReport(req.params.id);
      if (!row) throw notFound();
      return detail(row, true);
    },
  );

  app.get(
    '/api/v1/event-reports/:id/attachments/:attachmentId',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'getEventReportAttachment',
        tags: TAGS,
        summary: "Download a customer's attached file (audited; always as an attachment)",
        params: AttachmentParams,
      },
    },
    async (req, reply) => {
      const row = await getReport(req.params.id);
      if (!row) throw notFound();
      return sendAttachment(reply, row.id, req.params.attachmentId);
    },
  );

  app.post(
    '/api/v1/event-reports/:id/status',
    {
      config: { auth: 'reports.handle', action: 'event_report.status' },
      schema: {
        operationId: 'setEventReportStatus',
        tags: TAGS,
        summary: 'Move a report on (triaged, investigating, resolved, closed); the customer is told by email',
        params: IdParams,
        body: StatusBody,
        response: { 200: ReportDetail },
      },
    },
    async (req) => {
      const comment = cleanText(req.body.comment, '/body/comment', req.lang, false) || null;
      const { before, row } = await changeStatus(
        req.params.id,
        req.body.status,
        req.principal!.id,
        comment,
        linksOf(app),
      );
      await audit(req, 'status', row, { from: before, to: row.status }, comment);
      return detail(row, true);
    },
  );

  app.post(
    '/api/v1/event-reports/:id/assign',
    {
      config: { auth: 'reports.handle', action: 'event_report.assign' },
      schema: {
        operationId: 'assignEventReport',
        tags: TAGS,
        summary: 'Assign the report to a staff member (null: unassign)',
        params: IdParams,
        body: AssignBody,
        response: { 200: ReportDetail },
      },
    },
    async (req) => {
      const row = await assign(req.params.id, req.body.staffId, req.principal!.id, req.lang);
      await audit(req, 'assign', row, { assignedTo: row.assigned_to }, null);
      return detail(row, true);
    },
  );

  app.post(
    '/api/v1/event-reports/:id/comments',
    {
      config: { auth: 'reports.handle', action: 'event_report.comment' },
      schema: {
        operationId: 'commentEventReport',
        tags: TAGS,
        summary: 'A comment to the customer (emailed), or with internal=true a note the customer never sees',
        params: IdParams,
        body: StaffCommentBody,
        response: { 200: ReportDetail },
      },
    },
    async (req) => {
      const body = cleanText(req.body.body, '/body/body', req.lang);
      const internal = req.body.internal === true;
      const row = await staffComment(req.params.id, req.principal!.id, body, internal, linksOf(app));
      await audit(req, internal ? 'note' : 'comment', row, { internal }, body);
      return detail(row, true);
    },
  );
}
