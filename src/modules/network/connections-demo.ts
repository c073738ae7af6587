import { db } from '../../db/context.ts';
import type { IpsecInput } from './connections-ipsec.ts';
import { placeConnection, type Ctx } from './connections-service.ts';
import { createPool } from './pools-service.ts';
import { createVirtualNetwork } from './virtual-service.ts';

/** Demo helpers: one tenant's pools, virtual network and placed connections (see demo.ts). */
export interface DemoSite {
  /** the connection's name (the row the tenants demo wrote, or a new one) */
  name: string;
  /** "host name port name" in the physical demo */
  port: string;
  status?: 'planned' | 'active';
  subnets: string[];
  ipsec?: Omit<IpsecInput, 'auth'> & { auth?: 'psk' | 'cert' };
  handoffId?: number;
}
export interface DemoNet {
  vnet: string;
  pools: string[];
  sites: DemoSite[];
}

export interface SeededNet {
  vnetId: string;
  connections: Record<string, string>;
}

/** Gives one tenant its pools, virtual network and placed connections; null when it has one already. */
export async function seedTenantNet(
  ctx: Ctx,
  tenantId: string,
  net: DemoNet,
  ports: Record<string, string>,
  asn: number,
): Promise<SeededNet | null> {
  const has = await db()
    .selectFrom('customer.virtual_network')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (has) return null;
  for (const prefix of net.pools) await createPool(tenantId, { prefix }, 'ja');
  const vnet = await createVirtualNetwork(tenantId, net.vnet, asn, 'ja');
  const rows = await db()
    .selectFrom('customer.connection as n')
    .innerJoin('customer.service as s', 's.id', 'n.service_id')
    .select([
      'n.id',
      'n.name',
      'n.bandwidth_mbps',
      'n.port_id',
      's.id as service_id',
      's.bandwidth_mbps as contracted',
    ])
    .where('n.tenant_id', '=', tenantId)
    .execute();
  const connections: Record<string, string> = {};
  for (const site of net.sites) {
    const row = rows.find((r) => r.name === site.name && r.port_id === null);
    const portId = ports[site.port];
    if (!row || !portId) continue;
    const r = await placeConnection(
      ctx,
      vnet.id,
      {
        serviceId: row.service_id,
        name: site.name,
        portId,
        bandwidthMbps: Math.min(row.bandwidth_mbps, row.contracted ?? row.bandwidth_mbps),
        status: site.status ?? 'active',
        customerSubnets: site.subnets,
        ...(site.ipsec ? { ipsec: { auth: 'psk', ...site.ipsec } } : {}),
        ...(site.handoffId !== undefined ? { handoffId: site.handoffId } : {}),
      },
      row.id,
    );
    connections[site.name] = r.id;
  }
  return { vnetId: vnet.id, connections };
}
