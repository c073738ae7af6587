import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { recordAudit } from '../audit/service.ts';
import { placementPorts } from './connections-load-repository.ts';
import { findConnectionView, listConnectionViews } from './connections-repository.ts';
import {
  CreateConnectionBody,
  CreatedConnectionOut,
  PatchConnectionBody,
  PlacementPortOut,
  placementPortOut,
  StaffConnectionOut,
  staffConnectionOut,
} from './connections-schema.ts';
import { placeConnection, type Ctx, type OverrideFacts } from './connections-service.ts';
import { deleteConnection, updateConnection } from './connections-update.ts';
import { tenantState } from './virtual-repository.ts';
import { IdParams, TenantIdParams } from './virtual-schema.ts';

const tags = ['connections'];

/** The override's own audit record: searchable by action, the reason beside the chain. */
async function auditOverride(tenantId: string, connectionId: string, o: OverrideFacts): Promise<void> {
  await recordAudit({
    action: 'connection.placement_override',
    tenantId,
    targetType: 'connection',
    targetId: connectionId,
    summary: {
      portId: o.portId,
      port: o.port,
      capacityMbps: o.capacityMbps,
      limitMbps: o.record.limitMbps,
      requestedTotalMbps: o.requestedTotalMbps,
      staffId: o.record.staffId,
    },
    personal: { reason: o.record.reason },
  });
}

const ctxOf = (app: App, req: FastifyRequest): Ctx => ({
  config: app.pva.config,
  staffId: req.principal?.id ?? null,
  lang: req.lang,
});

async function view(id: string) {
  const c = await findConnectionView(id);
  if (!c) throw notFound();
  return staffConnectionOut(c);
}

/** Staff place, change and remove connections (management listener). */
export function connectionsMgmtRoutes(app: App): void {
  app.get(
    '/api/v1/placement/ports',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listPlacementPorts',
        tags,
        summary:
          'Access ports of PEs that can take a connection, with capacity, oversubscription limit and contracted total',
        response: { 200: Type.Array(PlacementPortOut) },
      },
    },
    async () => (await placementPorts()).map(placementPortOut),
  );

  app.get(
    '/api/v1/tenants/:tenantId/connections',
    {
      config: { auth: 'network.read', customerData: true },
      schema: {
        operationId: 'listTenantConnections',
        tags,
        summary: "A customer's connections with placement, addressing and IPsec parameters (never the PSK)",
        params: TenantIdParams,
        response: { 200: Type.Array(StaffConnectionOut) },
      },
    },
    async (req) => {
      if (!(await tenantState(req.params.tenantId))) throw notFound();
      return (await listConnectionViews({ tenantId: req.params.tenantId })).map(staffConnectionOut);
    },
  );

  app.post(
    '/api/v1/virtual-networks/:id/connections',
    {
      config: { auth: 'network.manage', action: 'connection.create' },
      schema: {
        operationId: 'createConnection',
        tags,
        summary:
          "Place a connection: a service of the tenant on a PE access port in this virtual network. Over the port's oversubscription limit: 409 capacity_exceeded, unless placementOverride gives a reason (audited)",
        params: IdParams,
        body: CreateConnectionBody,
        response: { 201: CreatedConnectionOut },
      },
    },
    async (req, reply) => {
      const r = await placeConnection(ctxOf(app, req), req.params.id, req.body);
      if (r.override) await auditOverride(r.tenantId, r.id, r.override);
      await auditRequest(req, {
        action: 'connection.create',
        tenantId: r.tenantId,
        targetType: 'connection',
        targetId: r.id,
        summary: r.summary,
        ...(r.override ? { personal: { placementOverrideReason: r.override.record.reason } } : {}),
      });
      reply.code(201);
      return { ...(await view(r.id)), pskGenerated: r.pskGenerated };
    },
  );

  app.get(
    '/api/v1/connections/:id',
    {
      config: { auth: 'network.read', customerData: true },
      schema: {
        operationId: 'getConnection',
        tags,
        summary: 'One connection with placement, addressing and IPsec parameters (never the PSK)',
        params: IdParams,
        response: { 200: StaffConnectionOut },
      },
    },
    async (req) => view(req.params.id),
  );

  app.patch(
    '/api/v1/connections/:id',
    {
      config: { auth: 'network.manage', action: 'connection.update' },
      schema: {
        operationId: 'updateConnection',
        tags,
        summary:
          'Change bandwidth, port (move), status, customer subnets, handoff id or IPsec settings. Added load on a port passes the placement check (409 capacity_exceeded unless placementOverride)',
        params: IdParams,
        body: PatchConnectionBody,
        response: { 200: StaffConnectionOut },
      },
    },
    async (req) => {
      const r = await updateConnection(ctxOf(app, req), req.params.id, req.body);
      if (r.override) await auditOverride(r.tenantId, req.params.id, r.override);
      await auditRequest(req, {
        action: 'connection.update',
        tenantId: r.tenantId,
        targetType: 'connection',
        targetId: req.params.id,
        summary: { changes: r.changes, ...(r.pskGenerated ? { pskGenerated: true } : {}) },
        ...(r.override ? { personal: { placementOverrideReason: r.override.record.reason } } : {}),
      });
      return view(req.params.id);
    },
  );

  app.delete(
    '/api/v1/connections/:id',
    {
      config: { auth: 'network.manage', action: 'connection.delete' },
      schema: {
        operationId: 'deleteConnection',
        tags,
        summary: 'Remove a connection; its addresses and port bandwidth become free',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const r = await deleteConnection(req.params.id);
      await auditRequest(req, {
        action: 'connection.delete',
        tenantId: r.tenantId,
        targetType: 'connection',
        targetId: req.params.id,
        summary: { name: r.name, port: r.portId },
      });
      reply.code(204);
      return null;
    },
  );
}
