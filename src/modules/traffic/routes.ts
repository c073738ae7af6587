import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { connectionMonths, connectionSeries } from './series-repository.ts';
import { ownConnection } from './repository.ts';
import { ConnectionTrafficOut, CsvQuery, IdParams, RangeQuery } from './schema.ts';
import { csvName, loadSeries, parseRange, seriesOut, toCsv } from './view.ts';

const tags = ['traffic'];

/**
 * Traffic of the customer's own connections (portal, read only). The series are provider-kept
 * logs in `ops`; the connection is first looked up in the tenant's scope (row-level security and
 * the user's service scope), so a connection of another tenant is a 404 like a missing one.
 */
export function trafficRoutes(app: App): void {
  app.get(
    '/api/v1/connections/:id/traffic',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'getConnectionTraffic',
        tags,
        summary:
          'Traffic of one connection: bits per second in and out over a range, and monthly 95th percentiles',
        description:
          'Times are JST. `in` is what the connection received from your site, `out` what it sent to it. 400 invalid_range for a range that is empty, reversed or longer than 5 years.',
        params: IdParams,
        querystring: RangeQuery,
        response: { 200: ConnectionTrafficOut },
      },
    },
    async (req) => {
      const c = await ownConnection(req.params.id, req.principal!.serviceScope);
      if (!c) throw notFound();
      const s = await loadSeries(parseRange(req.query), (res, f, t) => connectionSeries(c.id, res, f, t));
      return {
        owner: 'provider' as const,
        connectionId: c.id,
        bandwidthMbps: c.bandwidth_mbps === null ? null : Number(c.bandwidth_mbps),
        ...seriesOut(s.range, s.points),
        months: await connectionMonths(c.id),
      };
    },
  );

  app.get(
    '/api/v1/connections/:id/traffic.csv',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'downloadConnectionTrafficCsv',
        tags,
        summary: 'The same traffic series as CSV (JST times, bits per second)',
        params: IdParams,
        querystring: CsvQuery,
        response: {
          200: { description: 'CSV, UTF-8 with BOM', content: { 'text/csv': { schema: Type.String() } } },
        },
      },
    },
    async (req, reply) => {
      const c = await ownConnection(req.params.id, req.principal!.serviceScope);
      if (!c) throw notFound();
      const { range: r, points } = await loadSeries(parseRange(req.query), (res, f, t) =>
        connectionSeries(c.id, res, f, t),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csvName(c.id.slice(0, 8), r)}"`)
        .header('cache-control', 'no-store')
        .send(toCsv(points, req.query.lang ?? (req.lang === 'en' ? 'en' : 'ja')));
    },
  );
}
