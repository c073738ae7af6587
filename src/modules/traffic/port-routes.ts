import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { db } from '../../db/context.ts';
import { Owner } from '../services/schema.ts';
import { upsertInterface } from './collector-repository.ts';
import { trafficCollectorRoutes } from './collector-routes.ts';
import { portSeries } from './series-repository.ts';
import { CsvQuery, IdParams, PortTrafficOut, RangeQuery } from './schema.ts';
import { csvName, loadSeries, parseRange, seriesOut, toCsv } from './view.ts';

const tags = ['traffic'];

const InterfaceBody = Type.Object(
  {
    deviceId: Type.String({ format: 'uuid' }),
    ifName: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'ifName / ifDescr (snmp) or the Linux interface name',
    }),
    namespace: Type.Optional(
      Type.Union([Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$' }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);
const Ok = Type.Object({ owner: Owner('provider'), ok: Type.Literal(true) });
/** Console: traffic per port (the connections on it summed), interface mappings and collectors. */
export function trafficPortRoutes(app: App): void {
  trafficCollectorRoutes(app);
  const port = async (id: string) =>
    db()
      .selectFrom('ops.port as p')
      .innerJoin('ops.device as d', 'd.id', 'p.device_id')
      .select(['p.id', 'p.name', 'p.capacity_mbps', 'd.hostname'])
      .where('p.id', '=', id)
      .executeTakeFirst();

  app.get(
    '/api/v1/ports/:id/traffic',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getPortTraffic',
        tags,
        summary: 'Traffic of one port: the bits per second of its connections summed per interval',
        params: IdParams,
        querystring: RangeQuery,
        response: { 200: PortTrafficOut },
      },
    },
    async (req) => {
      const p = await port(req.params.id);
      if (!p) throw notFound();
      const s = await loadSeries(parseRange(req.query), (res, f, t) => portSeries(p.id, res, f, t));
      return {
        owner: 'provider' as const,
        portId: p.id,
        portName: p.name,
        hostname: p.hostname,
        capacityMbps: Number(p.capacity_mbps),
        ...seriesOut(s.range, s.points),
      };
    },
  );

  app.get(
    '/api/v1/ports/:id/traffic.csv',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'downloadPortTrafficCsv',
        tags,
        summary: 'The traffic of one port as CSV (JST times, bits per second)',
        params: IdParams,
        querystring: CsvQuery,
        response: { 200: { description: 'CSV', content: { 'text/csv': { schema: Type.String() } } } },
      },
    },
    async (req, reply) => {
      const p = await port(req.params.id);
      if (!p) throw notFound();
      const { range: r, points } = await loadSeries(parseRange(req.query), (res, f, t) =>
        portSeries(p.id, res, f, t),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csvName(`${p.hostname}-${p.name}`, r)}"`)
        .send(toCsv(points, req.query.lang ?? (req.lang === 'en' ? 'en' : 'ja')));
    },
  );

  app.put(
    '/api/v1/connections/:id/traffic-interface',
    {
      config: { auth: 'network.manage', action: 'traffic.interface_set' },
      schema: {
        operationId: 'setTrafficInterface',
        tags,
        summary: 'Which interface of which device carries this connection (its counters are its traffic)',
        params: IdParams,
        body: InterfaceBody,
        response: { 200: Ok },
      },
    },
    async (req) => {
      const c = await sql<{ id: string; tenant_id: string }>`
        SELECT id, tenant_id FROM customer.connection WHERE id = ${req.params.id}`.execute(db());
      const conn = c.rows[0];
      const d = await db()
        .selectFrom('ops.device')
        .select('id')
        .where('id', '=', req.body.deviceId)
        .executeTakeFirst();
      if (!conn || !d) throw notFound();
      await upsertInterface(conn.id, d.id, req.body.ifName, req.body.namespace ?? null);
      await auditRequest(req, {
        action: 'traffic.interface_set',
        tenantId: conn.tenant_id,
        targetType: 'connection',
        targetId: conn.id,
        summary: { deviceId: d.id, ifName: req.body.ifName, namespace: req.body.namespace ?? null },
      });
      return { owner: 'provider' as const, ok: true as const };
    },
  );
}
