import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { formatInstant } from '../../lib/time.ts';
import { Owner } from '../services/schema.ts';
import { findConnectionView, listConnectionViews } from './connections-repository.ts';
import { PortalConnectionOut, portalConnectionOut } from './connections-schema.ts';
import { listVirtualNetworks } from './virtual-repository.ts';
import { IdParams } from './virtual-schema.ts';

const tags = ['networks'];

const PortalVirtualNetworkOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  owner: Owner('customer'),
  createdAt: Type.String({ format: 'date-time' }),
  connections: Type.Array(PortalConnectionOut),
});

/**
 * The customer's virtual networks and connections, read-only (portal). Row-level security keeps
 * them to the tenant; a user limited to some services sees only those services' connections and
 * the virtual networks holding them. The provider's devices, ports and links are not reachable.
 */
export function connectionsPortalRoutes(app: App): void {
  app.get(
    '/api/v1/virtual-networks',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'listVirtualNetworks',
        tags,
        summary:
          "The tenant's virtual networks with their connections: type, bandwidth, status, addresses, IPsec parameters (without the PSK) and PE location",
        response: { 200: Type.Array(PortalVirtualNetworkOut) },
      },
    },
    async (req) => {
      const scope = req.principal!.serviceScope;
      const vnets = await listVirtualNetworks(null);
      const connections = await listConnectionViews({ scope, virtualNetworkIds: vnets.map((v) => v.id) });
      return vnets
        .map((v) => ({
          id: v.id,
          name: v.name,
          owner: 'customer' as const,
          createdAt: formatInstant(v.created_at),
          connections: connections.filter((c) => c.virtual_network_id === v.id).map(portalConnectionOut),
        }))
        .filter((v) => !scope || v.connections.length > 0);
    },
  );

  app.get(
    '/api/v1/connections/:id',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'getConnection',
        tags,
        summary:
          'One connection: type, bandwidth, status, transfer prefixes with both ends, customer subnets, IPsec parameters (without the PSK), PE location, service code and label',
        params: IdParams,
        response: { 200: PortalConnectionOut },
      },
    },
    async (req) => {
      const c = await findConnectionView(req.params.id, req.principal!.serviceScope);
      if (!c) throw notFound();
      return portalConnectionOut(c);
    },
  );
}
