import type { paths as Mgmt } from '../../api/mgmt.d.ts';
import type { paths as Portal } from '../../api/portal.d.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

export type Vnet = Json<Mgmt['/api/v1/tenants/{tenantId}/virtual-networks']['get']['responses'][200]>[number];
export type Pool = Json<Mgmt['/api/v1/tenants/{tenantId}/pools']['get']['responses'][200]>[number];
export type StaffConnection = Json<
  Mgmt['/api/v1/tenants/{tenantId}/connections']['get']['responses'][200]
>[number];
export type PlacementPort = Json<Mgmt['/api/v1/placement/ports']['get']['responses'][200]>[number];
export type ConsoleService = Json<
  Mgmt['/api/v1/tenants/{tenantId}/services']['get']['responses'][200]
>[number];
export type CreateBody = NonNullable<
  Mgmt['/api/v1/virtual-networks/{id}/connections']['post']['requestBody']
>['content']['application/json'];
export type PatchBody = NonNullable<
  Mgmt['/api/v1/connections/{id}']['patch']['requestBody']
>['content']['application/json'];
export type IkeProposal = NonNullable<NonNullable<CreateBody['ipsec']>['ikeProposals']>[number];
export type EspProposal = NonNullable<NonNullable<CreateBody['ipsec']>['espProposals']>[number];

export type PortalVnet = Json<Portal['/api/v1/virtual-networks']['get']['responses'][200]>[number];
export type PortalConnection = PortalVnet['connections'][number];

/** The facts a capacity_exceeded problem carries (RFC 9457 extension members). */
export interface CapacityProblem {
  code: 'capacity_exceeded';
  portId: string;
  port: string;
  capacityMbps: number;
  limitMbps: number;
  contractedMbps: number;
  requestedTotalMbps: number;
}

export function capacityProblem(p: unknown): CapacityProblem | null {
  return p && typeof p === 'object' && 'code' in p && p.code === 'capacity_exceeded'
    ? (p as CapacityProblem)
    : null;
}

// The allow-list the server enforces (src/modules/network/connections-ipsec.ts): offered as choices.
export const IKE: IkeProposal[] = [
  'aes256gcm16-prfsha256-ecp256',
  'aes256gcm16-prfsha384-ecp384',
  'aes128gcm16-prfsha256-ecp256',
  'aes256gcm16-prfsha512-ecp521',
  'aes256-sha256-ecp256',
  'aes256-sha384-ecp384',
  'aes256-sha256-modp3072',
];
export const ESP: EspProposal[] = [
  'aes256gcm16-ecp256',
  'aes256gcm16-ecp384',
  'aes128gcm16-ecp256',
  'aes256gcm16',
  'aes256-sha256-ecp256',
  'aes256-sha384-ecp384',
  'aes256-sha256-modp3072',
];
