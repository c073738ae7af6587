import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { connectionsPortalRoutes } from './connections-portal-routes.ts';
import { connectionsMgmtRoutes } from './connections-routes.ts';
import { poolsRoutes } from './pools-routes.ts';
import { findVirtualNetwork, listVirtualNetworks, tenantState } from './virtual-repository.ts';
import {
  CreateVnetBody,
  IdParams,
  PatchVnetBody,
  TenantIdParams,
  VirtualNetworkOut,
  virtualNetworkOut,
} from './virtual-schema.ts';
import { createVirtualNetwork, deleteVirtualNetwork, renameVirtualNetwork } from './virtual-service.ts';

const tags = ['virtual-networks'];

/** Virtual networks, tenant pools and connections: staff manage them, customers read their own. */
export function virtualRoutes(app: App): void {
  if (app.pva.plane === 'portal') {
    connectionsPortalRoutes(app);
    return;
  }
  vnetMgmtRoutes(app);
  poolsRoutes(app);
  connectionsMgmtRoutes(app);
}

function vnetMgmtRoutes(app: App): void {
  const { asn } = app.pva.config.network;
  const view = async (id: string) => {
    const v = await findVirtualNetwork(id);
    if (!v) throw notFound();
    return virtualNetworkOut(v);
  };

  app.get(
    '/api/v1/tenants/:tenantId/virtual-networks',
    {
      config: { auth: 'network.read', customerData: true },
      schema: {
        operationId: 'listTenantVirtualNetworks',
        tags,
        summary: "A customer's virtual networks with their isolation identifiers (VNI, RD, RT, namespace)",
        params: TenantIdParams,
        response: { 200: Type.Array(VirtualNetworkOut) },
      },
    },
    async (req) => {
      if (!(await tenantState(req.params.tenantId))) throw notFound();
      return (await listVirtualNetworks(req.params.tenantId)).map(virtualNetworkOut);
    },
  );

  app.post(
    '/api/v1/tenants/:tenantId/virtual-networks',
    {
      config: { auth: 'network.manage', action: 'virtual_network.create' },
      schema: {
        operationId: 'createVirtualNetwork',
        tags,
        summary:
          'Create a virtual network for a customer; PVA allocates its VNI, route distinguisher/target and namespace, unique across tenants',
        params: TenantIdParams,
        body: CreateVnetBody,
        response: { 201: VirtualNetworkOut },
      },
    },
    async (req, reply) => {
      const r = await createVirtualNetwork(req.params.tenantId, req.body.name, asn, req.lang);
      await auditRequest(req, {
        action: 'virtual_network.create',
        tenantId: req.params.tenantId,
        targetType: 'virtual_network',
        targetId: r.id,
        summary: { name: r.name, ...r.ids },
      });
      reply.code(201);
      return view(r.id);
    },
  );

  app.patch(
    '/api/v1/virtual-networks/:id',
    {
      config: { auth: 'network.manage', action: 'virtual_network.update' },
      schema: {
        operationId: 'renameVirtualNetwork',
        tags,
        summary: 'Rename a virtual network (its isolation identifiers never change)',
        params: IdParams,
        body: PatchVnetBody,
        response: { 200: VirtualNetworkOut },
      },
    },
    async (req) => {
      const r = await renameVirtualNetwork(req.params.id, req.body.name, req.lang);
      await auditRequest(req, {
        action: 'virtual_network.update',
        tenantId: r.tenantId,
        targetType: 'virtual_network',
        targetId: req.params.id,
        summary: { name: { before: r.before, after: r.after } },
      });
      return view(req.params.id);
    },
  );

  app.delete(
    '/api/v1/virtual-networks/:id',
    {
      config: { auth: 'network.manage', action: 'virtual_network.delete' },
      schema: {
        operationId: 'deleteVirtualNetwork',
        tags,
        summary:
          'Delete a virtual network without connections (else 409 in_use). Its VNI stays with the customer until the customer is erased and the quarantine has passed',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const r = await deleteVirtualNetwork(req.params.id);
      await auditRequest(req, {
        action: 'virtual_network.delete',
        tenantId: r.tenantId,
        targetType: 'virtual_network',
        targetId: req.params.id,
        summary: { name: r.name, vni: r.vni },
      });
      reply.code(204);
      return null;
    },
  );
}
