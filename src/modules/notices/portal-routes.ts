import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { formatInstant } from '../../lib/time.ts';
import { randomToken, sha256 } from '../identity/crypto.ts';
import {
  acknowledge,
  countUnread,
  getPortalNotice,
  insertFeedToken,
  listPortalNotices,
  liveFeedToken,
  markRead,
  revokeFeedToken,
  tenantServices,
} from './portal-repository.ts';
import { listEvents } from './repository.ts';
import {
  FeedTokenCreated,
  FeedTokenOut,
  IdParams,
  PortalListQuery,
  PortalNoticeDetail,
  PortalNoticeOut,
  UnreadOut,
} from './schema.ts';
import { portalOut, portalTimeline } from './views.ts';
import { feedRoute } from './feed-route.ts';

const TAGS = ['notices'];

/** Customers read the notices that reached their tenant; administrators acknowledge them. */
export function portalNoticesRoutes(app: App): void {
  const who = (req: FastifyRequest) => {
    const p = req.principal!;
    return { userId: p.id, tenantId: p.tenantId!, scope: p.serviceScope };
  };
  const detail = async (req: FastifyRequest, id: string) => {
    const w = who(req);
    const n = await getPortalNotice(id, w.userId, w.scope);
    if (!n) throw notFound();
    return { n, w };
  };

  app.get(
    '/api/v1/notices',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'listNotices',
        tags: TAGS,
        summary: 'Announcements and incidents that affect your services, newest first, with your read state',
        querystring: PortalListQuery,
        response: { 200: Type.Array(PortalNoticeOut) },
      },
    },
    async (req) => {
      const w = who(req);
      const rows = await listPortalNotices({
        userId: w.userId,
        scope: w.scope,
        type: req.query.type,
        unread: req.query.unread,
        limit: req.query.limit ?? 100,
        offset: req.query.offset ?? 0,
      });
      const services = await tenantServices(rows.flatMap((r) => r.service_ids));
      return rows.map((r) => portalOut(r, services, w.scope));
    },
  );

  app.get(
    '/api/v1/notices/unread-count',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'countUnreadNotices',
        tags: TAGS,
        summary: 'How many notices you have not read yet (the badge in the menu)',
        response: { 200: UnreadOut },
      },
    },
    async (req) => {
      const w = who(req);
      return { unread: await countUnread(w.userId, w.scope) };
    },
  );

  app.get(
    '/api/v1/notices/:id',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'getNotice',
        tags: TAGS,
        summary: 'One notice with its timeline (incident updates, changes, cancellation)',
        params: IdParams,
        response: { 200: PortalNoticeDetail },
      },
    },
    async (req) => {
      const { n, w } = await detail(req, req.params.id);
      const services = await tenantServices(n.service_ids);
      return { ...portalOut(n, services, w.scope), timeline: portalTimeline(await listEvents(n.id)) };
    },
  );

  app.post(
    '/api/v1/notices/:id/read',
    {
      config: { auth: 'services.read', action: 'notice.read' },
      schema: {
        operationId: 'markNoticeRead',
        tags: TAGS,
        summary: 'Mark a notice read (for you only)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const { n, w } = await detail(req, req.params.id);
      await markRead(n.id, w.tenantId, w.userId);
      await auditRequest(req, {
        action: 'notice.read',
        tenantId: w.tenantId,
        targetType: n.kind === 'incident' ? 'incident' : 'announcement',
        targetId: n.id,
        summary: { number: n.number },
      });
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/v1/notices/:id/acknowledge',
    {
      config: { auth: 'notices.ack', action: 'notice.acknowledge' },
      schema: {
        operationId: 'acknowledgeNotice',
        tags: TAGS,
        summary:
          'Acknowledge a notice for your organisation (administrators; the first acknowledgement is kept and shown to the provider)',
        params: IdParams,
        response: { 200: PortalNoticeOut },
      },
    },
    async (req) => {
      const { n, w } = await detail(req, req.params.id);
      const first = await acknowledge(n.id, w.userId, new Date());
      await markRead(n.id, w.tenantId, w.userId);
      await auditRequest(req, {
        action: 'notice.acknowledge',
        tenantId: w.tenantId,
        targetType: n.kind === 'incident' ? 'incident' : 'announcement',
        targetId: n.id,
        summary: { number: n.number, first },
      });
      const after = (await getPortalNotice(n.id, w.userId, w.scope))!;
      return portalOut(after, await tenantServices(after.service_ids), w.scope);
    },
  );

  // ---- the maintenance calendar feed's secret, managed by administrators

  app.get(
    '/api/v1/notices/calendar-token',
    {
      config: { auth: 'notices.ack' },
      schema: {
        operationId: 'getCalendarToken',
        tags: TAGS,
        summary:
          "Whether your organisation's maintenance calendar feed is enabled (the secret is never shown again)",
        response: { 200: FeedTokenOut },
      },
    },
    async () => {
      const t = await liveFeedToken();
      return {
        token: t
          ? {
              id: t.id,
              createdAt: formatInstant(t.created_at),
              createdBy: t.created_by_name,
              lastUsedAt: t.last_used_at ? formatInstant(t.last_used_at) : null,
            }
          : null,
      };
    },
  );

  app.post(
    '/api/v1/notices/calendar-token',
    {
      config: { auth: 'notices.ack', action: 'notice.calendar_token.create' },
      schema: {
        operationId: 'createCalendarToken',
        tags: TAGS,
        summary:
          'Create (or rotate) the secret URL of the maintenance calendar feed; the old URL stops working',
        response: { 201: FeedTokenCreated },
      },
    },
    async (req, reply) => {
      const w = who(req);
      const revoked = await revokeFeedToken(new Date());
      const secret = randomToken(32);
      const id = await insertFeedToken(w.tenantId, sha256(secret), w.userId);
      await auditRequest(req, {
        action: 'notice.calendar_token.create',
        tenantId: w.tenantId,
        targetType: 'notice_feed_token',
        targetId: id,
        summary: { rotated: revoked ?? null },
      });
      reply.code(201);
      const base = app.pva.publicUrl.replace(/\/+$/, '');
      return { id, secret, url: `${base}/api/v1/notices/calendar/${secret}.ics` };
    },
  );

  app.delete(
    '/api/v1/notices/calendar-token',
    {
      config: { auth: 'notices.ack', action: 'notice.calendar_token.revoke' },
      schema: {
        operationId: 'revokeCalendarToken',
        tags: TAGS,
        summary: 'Turn the maintenance calendar feed off (its URL answers 404 from now on)',
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const w = who(req);
      const id = await revokeFeedToken(new Date());
      if (!id) throw notFound();
      await auditRequest(req, {
        action: 'notice.calendar_token.revoke',
        tenantId: w.tenantId,
        targetType: 'notice_feed_token',
        targetId: id,
      });
      reply.code(204);
      return null;
    },
  );

  feedRoute(app);
}
