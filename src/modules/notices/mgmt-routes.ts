import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { listenerUrl } from '../../lib/url.ts';
import {
  cancelAnnouncement,
  completeAnnouncement,
  createAnnouncement,
  editAnnouncement,
  publishAnnouncement,
} from './announcements.ts';
import { declareIncident, resolveIncident, updateIncident } from './incidents.ts';
import type { Links } from './notify.ts';
import { getNotice, listNotices, type NoticeRow } from './repository.ts';
import {
  AffectedOut,
  AnnouncementBody,
  AnnouncementListQuery,
  AnnouncementPatch,
  IdParams,
  IncidentBody,
  IncidentListQuery,
  IncidentUpdateBody,
  NoteBody,
  NoticeDetail,
  NoticeOut,
  PreviewBody,
  ResolveBody,
} from './schema.ts';
import { checkTarget, computeAffected, normaliseTarget } from './targeting.ts';
import { noticeOut, staffDetail } from './views.ts';

const TAGS_A = ['announcements'];
const TAGS_I = ['incidents'];

/** The audit record of a step: what moved and how many it reached; the text stays in the notice. */
async function audit(
  req: FastifyRequest,
  action: string,
  row: NoticeRow,
  from: string | null,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await auditRequest(req, {
    action,
    targetType: row.kind === 'incident' ? 'incident' : 'announcement',
    targetId: row.id,
    summary: { number: row.number, kind: row.kind, from, to: row.status, sequence: row.sequence, ...extra },
  });
}

/** Staff write announcements and incidents, preview whom they reach, and follow acknowledgements. */
export function mgmtNoticesRoutes(app: App): void {
  const { config } = app.pva;
  const links = (): Links => ({
    portal: config.portalUrl ?? listenerUrl(config.portal.host, config.portal.port),
  });
  const staffId = (req: FastifyRequest) => req.principal!.id;

  app.post(
    '/api/v1/notices/preview',
    {
      config: { auth: 'notices.publish', action: 'notice.preview' },
      schema: {
        operationId: 'previewNoticeTargets',
        tags: TAGS_A,
        summary:
          'The tenants and service codes a scope (PoPs, devices, ports, service types, tenants) affects',
        body: PreviewBody,
        response: { 200: AffectedOut },
      },
    },
    async (req) => {
      const target = normaliseTarget(req.body.target);
      await checkTarget(target, req.lang);
      return (await computeAffected(target)).map((a) => ({
        tenant: { id: a.tenantId, code: a.tenantCode, name: a.tenantName },
        services: a.services,
      }));
    },
  );

  // ---- announcements

  app.get(
    '/api/v1/announcements',
    {
      config: { auth: 'tenants.read' },
      schema: {
        operationId: 'listAnnouncements',
        tags: TAGS_A,
        summary: 'Announcements (maintenance, service changes, information), newest first',
        querystring: AnnouncementListQuery,
        response: { 200: Type.Array(NoticeOut) },
      },
    },
    async (req) =>
      (
        await listNotices({
          incidents: false,
          status: req.query.status,
          limit: req.query.limit ?? 100,
          offset: req.query.offset ?? 0,
        })
      ).map((n) => noticeOut(n)),
  );

  app.post(
    '/api/v1/announcements',
    {
      config: { auth: 'notices.publish', action: 'announcement.create' },
      schema: {
        operationId: 'createAnnouncement',
        tags: TAGS_A,
        summary: 'Write an announcement as a draft (nothing is shown or sent until it is published)',
        body: AnnouncementBody,
        response: { 201: NoticeDetail },
      },
    },
    async (req, reply) => {
      const row = await createAnnouncement(req.body, staffId(req), req.lang);
      await audit(req, 'announcement.create', row, null);
      reply.code(201);
      return staffDetail(row);
    },
  );

  app.get(
    '/api/v1/announcements/:id',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'getAnnouncement',
        tags: TAGS_A,
        summary: 'One announcement with its timeline, whom it reached and who acknowledged',
        params: IdParams,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const n = await getNotice(req.params.id);
      if (!n || n.kind === 'incident') throw notFound();
      return staffDetail(n);
    },
  );

  app.patch(
    '/api/v1/announcements/:id',
    {
      config: { auth: 'notices.publish', action: 'announcement.edit' },
      schema: {
        operationId: 'editAnnouncement',
        tags: TAGS_A,
        summary:
          'Edit a draft freely; edit the text or window of a published one (its recipients are emailed the update; the scope is fixed)',
        params: IdParams,
        body: AnnouncementPatch,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const r = await editAnnouncement(req.params.id, req.body, staffId(req), req.lang, links());
      await audit(
        req,
        r.before.status === 'draft' ? 'announcement.edit' : 'announcement.revise',
        r.row,
        r.before.status,
        {
          emails: r.emails,
          fields: Object.keys(req.body),
        },
      );
      return staffDetail(r.row);
    },
  );

  app.post(
    '/api/v1/announcements/:id/publish',
    {
      config: { auth: 'notices.publish', action: 'announcement.publish' },
      schema: {
        operationId: 'publishAnnouncement',
        tags: TAGS_A,
        summary:
          'Publish a draft: the affected tenants are computed now, see it in their portal and their operations managers are emailed',
        params: IdParams,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const r = await publishAnnouncement(req.params.id, staffId(req), req.lang, links());
      await audit(req, 'announcement.publish', r.row, 'draft', { tenants: r.tenants, emails: r.emails });
      return staffDetail(r.row);
    },
  );

  app.post(
    '/api/v1/announcements/:id/cancel',
    {
      config: { auth: 'notices.publish', action: 'announcement.cancel' },
      schema: {
        operationId: 'cancelAnnouncement',
        tags: TAGS_A,
        summary: 'Cancel a published announcement (emailed; cancelled in the calendar feeds)',
        params: IdParams,
        body: NoteBody,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const r = await cancelAnnouncement(
        req.params.id,
        req.body?.note ?? null,
        staffId(req),
        req.lang,
        links(),
      );
      await audit(req, 'announcement.cancel', r.row, r.before.status, { emails: r.emails });
      return staffDetail(r.row);
    },
  );

  app.post(
    '/api/v1/announcements/:id/complete',
    {
      config: { auth: 'notices.publish', action: 'announcement.complete' },
      schema: {
        operationId: 'completeAnnouncement',
        tags: TAGS_A,
        summary: 'Mark a published announcement completed (the work is done; no email)',
        params: IdParams,
        body: NoteBody,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const r = await completeAnnouncement(req.params.id, req.body?.note ?? null, staffId(req));
      await audit(req, 'announcement.complete', r.row, r.before.status);
      return staffDetail(r.row);
    },
  );

  // ---- incidents

  app.get(
    '/api/v1/incidents',
    {
      config: { auth: 'tenants.read' },
      schema: {
        operationId: 'listIncidents',
        tags: TAGS_I,
        summary: 'Incidents, newest first',
        querystring: IncidentListQuery,
        response: { 200: Type.Array(NoticeOut) },
      },
    },
    async (req) =>
      (
        await listNotices({
          incidents: true,
          status: req.query.status,
          limit: req.query.limit ?? 100,
          offset: req.query.offset ?? 0,
        })
      ).map((n) => noticeOut(n)),
  );

  app.post(
    '/api/v1/incidents',
    {
      config: { auth: 'notices.publish', action: 'incident.declare' },
      schema: {
        operationId: 'declareIncident',
        tags: TAGS_I,
        summary:
          'Declare an incident: the affected tenants see it at once and their operations managers are emailed',
        body: IncidentBody,
        response: { 201: NoticeDetail },
      },
    },
    async (req, reply) => {
      const r = await declareIncident(req.body, staffId(req), req.lang, links());
      await audit(req, 'incident.declare', r.row, null, {
        severity: r.row.severity,
        tenants: r.tenants,
        emails: r.emails,
      });
      reply.code(201);
      return staffDetail(r.row);
    },
  );

  app.get(
    '/api/v1/incidents/:id',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'getIncident',
        tags: TAGS_I,
        summary: 'One incident with its timeline, whom it reached and who acknowledged',
        params: IdParams,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const n = await getNotice(req.params.id);
      if (!n || n.kind !== 'incident') throw notFound();
      return staffDetail(n);
    },
  );

  app.post(
    '/api/v1/incidents/:id/updates',
    {
      config: { auth: 'notices.publish', action: 'incident.update' },
      schema: {
        operationId: 'updateIncident',
        tags: TAGS_I,
        summary: 'Add an update to the timeline (emailed to the affected tenants)',
        params: IdParams,
        body: IncidentUpdateBody,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const r = await updateIncident(req.params.id, req.body, staffId(req), req.lang, links());
      await audit(req, 'incident.update', r.row, r.before.status, { emails: r.emails });
      return staffDetail(r.row);
    },
  );

  app.post(
    '/api/v1/incidents/:id/resolve',
    {
      config: { auth: 'notices.publish', action: 'incident.resolve' },
      schema: {
        operationId: 'resolveIncident',
        tags: TAGS_I,
        summary: 'Resolve an incident with its report (cause, actions, prevention; emailed)',
        params: IdParams,
        body: ResolveBody,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const r = await resolveIncident(req.params.id, req.body, staffId(req), req.lang, links());
      await audit(req, 'incident.resolve', r.row, r.before.status, { emails: r.emails });
      return staffDetail(r.row);
    },
  );
}
