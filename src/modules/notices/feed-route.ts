import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { inTransaction, systemScope, tenantScope } from '../../db/context.ts';
import { sha256 } from '../identity/crypto.ts';
import { calendar, type FeedEvent } from './ical.ts';
import { feedNotices, findFeedToken, tenantServices, touchFeedToken } from './portal-repository.ts';
import { FeedParams, FeedQuery } from './schema.ts';

/** A feed secret as created: 43 characters of base64url (32 random bytes). */
const SECRET = /^([A-Za-z0-9_-]{43})\.ics$/;

/**
 * GET /api/v1/notices/calendar/<secret>.ics: the tenant's maintenance windows as iCalendar.
 * Calendar programs cannot log in, so the URL's secret is the only credential: a session cookie
 * is ignored, and an unknown, rotated or revoked secret answers 404 like any missing page. The
 * secret is looked up by its hash (provider side, as the login is); the feed itself is then read
 * in the tenant's own row-level-security scope.
 */
export function feedRoute(app: App): void {
  app.get(
    '/api/v1/notices/calendar/:file',
    {
      config: { auth: 'public', tx: false },
      schema: {
        operationId: 'getMaintenanceCalendar',
        tags: ['notices'],
        summary:
          'Maintenance windows of your services as an iCalendar feed (RFC 5545); the secret URL is the credential. ?tz=tokyo for times with TZID Asia/Tokyo, UTC otherwise',
        params: FeedParams,
        querystring: FeedQuery,
        response: {
          200: { description: 'iCalendar', content: { 'text/calendar': { schema: Type.String() } } },
        },
      },
    },
    async (req, reply) => {
      const secret = SECRET.exec(req.params.file)?.[1];
      if (!secret) throw notFound();
      const { database } = app.pva;
      const token = await inTransaction(database, systemScope({ requestId: String(req.id) }), async () => {
        const t = await findFeedToken(sha256(secret));
        if (t) await touchFeedToken(t.id, new Date());
        return t;
      });
      if (!token) throw notFound();
      const actor = { kind: 'token' as const, id: null, tenantId: token.tenant_id };
      const body = await inTransaction(database, tenantScope(token.tenant_id, actor), async () => {
        const rows = await feedNotices();
        const services = await tenantServices(rows.flatMap((r) => r.service_ids));
        const portal = app.pva.publicUrl.replace(/\/+$/, '');
        const events: FeedEvent[] = rows.map((n) => {
          const codes = n.service_ids
            .map((id) => services.get(id))
            .filter((s) => s !== undefined)
            .map((s) => `${s.code}${s.label ? ` (${s.label})` : ''}`)
            .sort();
          return {
            uid: `${n.id}@pva-notices`,
            sequence: n.sequence,
            stamp: n.updated_at,
            start: n.window_start!,
            end: n.window_end!,
            summary: `${n.title_ja} / ${n.title_en}`,
            description: [
              n.number,
              `対象サービス / Affected services: ${codes.join(', ') || '-'}`,
              '',
              n.body_ja,
              '',
              n.body_en,
            ].join('\n'),
            cancelled: n.status === 'cancelled',
            url: `${portal}/notices?id=${n.id}`,
          };
        });
        return calendar({
          name: 'PVA メンテナンス / Maintenance',
          zone: req.query.tz === 'tokyo' ? 'tokyo' : 'utc',
          events,
        });
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );
}
