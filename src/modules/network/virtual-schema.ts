import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import { Owner } from '../services/schema.ts';
import type { VirtualNetworkRow } from './virtual-repository.ts';

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const TenantIdParams = Type.Object({ tenantId: Type.String({ format: 'uuid' }) });

const VnetName = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'A name unique within the tenant (trimmed; no control characters)',
});

export const CreateVnetBody = Type.Object({ name: VnetName }, { additionalProperties: false });
export const PatchVnetBody = Type.Object({ name: VnetName }, { additionalProperties: false });

/** The provider's view: the isolation identifiers PVA allocated to this virtual network. */
export const VirtualNetworkOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  tenantId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  vni: Type.Integer({ description: 'VXLAN network identifier, unique across tenants' }),
  routeDistinguisher: Type.String({ description: 'ASN:VNI' }),
  routeTarget: Type.String({ description: 'target:ASN:VNI' }),
  namespace: Type.String({ description: 'Per-device network namespace (Linux) or VRF name' }),
  connectionCount: Type.Integer(),
  owner: Owner('customer'),
  createdAt: Type.String({ format: 'date-time' }),
});

export function virtualNetworkOut(v: VirtualNetworkRow): Static<typeof VirtualNetworkOut> {
  return {
    id: v.id,
    tenantId: v.tenant_id,
    name: v.name,
    vni: v.vni,
    routeDistinguisher: v.route_distinguisher,
    routeTarget: v.route_target,
    namespace: v.namespace,
    connectionCount: Number(v.connection_count),
    owner: 'customer',
    createdAt: formatInstant(v.created_at),
  };
}
