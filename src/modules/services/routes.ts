import { Type } from '@sinclair/typebox';
import type { App } from '../../app/types.ts';
import { formatInstant } from '../../lib/time.ts';
import { listConnections, listServices } from './repository.ts';

const Service = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  type: Type.String(),
  bandwidthMbps: Type.Union([Type.Integer(), Type.Null()]),
  label: Type.String(),
  contractNumber: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
const Connection = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  kind: Type.String(),
  bandwidthMbps: Type.Integer(),
  status: Type.String(),
  service: Type.Object({ id: Type.String(), code: Type.String(), label: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
});
const Paging = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

/** The customer's contracted services and connections (portal; read-only here). */
export function servicesRoutes(app: App): void {
  app.get(
    '/api/v1/services',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'listServices',
        tags: ['services'],
        summary: 'Contracted services with their service codes and labels',
        response: { 200: Type.Array(Service) },
      },
    },
    async (req) =>
      (await listServices(req.principal!.serviceScope)).map((s) => ({
        id: s.id,
        code: s.code,
        type: s.type,
        bandwidthMbps: s.bandwidth_mbps,
        label: s.label,
        contractNumber: s.contract_number,
        createdAt: formatInstant(s.created_at),
      })),
  );

  app.get(
    '/api/v1/connections',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'listConnections',
        tags: ['services'],
        summary: 'Connections of the tenant’s virtual networks',
        querystring: Paging,
        response: { 200: Type.Array(Connection) },
      },
    },
    async (req) =>
      (await listConnections(req.principal!.serviceScope, req.query.limit, req.query.offset)).map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind,
        bandwidthMbps: c.bandwidth_mbps,
        status: c.status,
        service: { id: c.service_id, code: c.service_code, label: c.service_label },
        createdAt: formatInstant(c.created_at),
      })),
  );
}
