import { db } from '../../db/context.ts';
import { insertContract, insertService, insertTenant } from '../contracts/repository.ts';
import { placeConnection, type Ctx } from './connections-service.ts';
import { seedTenantNet, type DemoNet } from './connections-demo.ts';

/**
 * Two more demo customers without portal users, whose racks and sites load some PE ports close
 * to their threshold (contracted 75–95 % of the oversubscription limit): the capacity dashboard
 * and its forecast have something to show. Limits in the physical demo: 1G access ports ×2,
 * 10G access ports ×4.
 */
interface LoadSite {
  code: string;
  type: 'ipsec' | 'direct';
  mbps: number;
  name: string;
  port: string;
  subnet: string;
  peer?: string;
}
interface LoadTenant {
  code: string;
  name: string;
  contract: string;
  net: Omit<DemoNet, 'sites'>;
  sites: LoadSite[];
}

const LOAD: LoadTenant[] = [
  {
    code: 'C0001004',
    name: 'なにわ物産株式会社',
    contract: 'K-2025-0021',
    net: { vnet: 'なにわ物産 基幹網', pools: ['10.40.0.0/24'] },
    sites: [
      // pe1.osa1 ge-0/0/2: 1,700 of 2,000 Mbit/s (85 %)
      {
        code: 'PVA00040001',
        type: 'direct',
        mbps: 500,
        name: 'umeda-dc-a',
        port: 'pe1.osa1 ge-0/0/2',
        subnet: '10.140.1.0/24',
      },
      {
        code: 'PVA00040002',
        type: 'direct',
        mbps: 500,
        name: 'umeda-dc-b',
        port: 'pe1.osa1 ge-0/0/2',
        subnet: '10.140.2.0/24',
      },
      {
        code: 'PVA00040003',
        type: 'direct',
        mbps: 400,
        name: 'sakai-warehouse',
        port: 'pe1.osa1 ge-0/0/2',
        subnet: '10.140.3.0/24',
      },
      {
        code: 'PVA00040004',
        type: 'direct',
        mbps: 300,
        name: 'kobe-office',
        port: 'pe1.osa1 ge-0/0/2',
        subnet: '10.140.4.0/24',
      },
      // pe1.osa1 ge-0/0/1 with ミナト精機's rack: 1,500 + 200 of 2,000 (85 %)
      {
        code: 'PVA00040005',
        type: 'direct',
        mbps: 1000,
        name: 'namba-rack-1',
        port: 'pe1.osa1 ge-0/0/1',
        subnet: '10.140.5.0/24',
      },
      {
        code: 'PVA00040006',
        type: 'direct',
        mbps: 500,
        name: 'namba-rack-2',
        port: 'pe1.osa1 ge-0/0/1',
        subnet: '10.140.6.0/24',
      },
      {
        code: 'PVA00040007',
        type: 'ipsec',
        mbps: 200,
        name: 'kyoto-shop',
        port: 'pe2.osa1 xe-0/0/0',
        subnet: '10.140.7.0/24',
        peer: '198.51.100.71',
      },
    ],
  },
  {
    code: 'C0001005',
    name: '東都メディア株式会社',
    contract: 'K-2025-0033',
    net: { vnet: '東都メディア 配信網', pools: ['10.50.0.0/24', '2001:db8:1005::/112'] },
    sites: [
      // pe1.tky1 ge-0/0/2: 1,800 of 2,000 Mbit/s (90 %)
      {
        code: 'PVA00050001',
        type: 'direct',
        mbps: 1000,
        name: 'odaiba-studio',
        port: 'pe1.tky1 ge-0/0/2',
        subnet: '10.150.1.0/24',
      },
      {
        code: 'PVA00050002',
        type: 'direct',
        mbps: 800,
        name: 'shiodome-edit',
        port: 'pe1.tky1 ge-0/0/2',
        subnet: '10.150.2.0/24',
      },
      // pe1.tky1 xe-0/0/1 with 北斗's rack: 30,000 + 500 of 40,000 (76 %)
      {
        code: 'PVA00050003',
        type: 'direct',
        mbps: 20_000,
        name: 'cdn-origin-1',
        port: 'pe1.tky1 xe-0/0/1',
        subnet: '10.150.3.0/24',
      },
      {
        code: 'PVA00050004',
        type: 'direct',
        mbps: 10_000,
        name: 'cdn-origin-2',
        port: 'pe1.tky1 xe-0/0/1',
        subnet: '10.150.4.0/24',
      },
      {
        code: 'PVA00050005',
        type: 'ipsec',
        mbps: 300,
        name: 'yokohama-office',
        port: 'pe1.tky1 xe-0/0/0',
        subnet: '10.150.5.0/24',
        peer: '198.51.100.81',
      },
    ],
  },
];

export async function seedLoadTenants(ctx: Ctx, ports: Record<string, string>, asn: number): Promise<number> {
  let placed = 0;
  for (const t of LOAD) {
    const tenantId = await insertTenant(t.code, t.name);
    if (!tenantId) continue; // seeded already
    const contractId = (await insertContract({
      tenantId,
      number: t.contract,
      startDate: '2025-04-01',
      endDate: null,
    }))!;
    const services: Record<string, string> = {};
    for (const s of t.sites) {
      const id = await insertService({
        tenantId,
        contractId,
        code: s.code,
        type: s.type,
        bandwidthMbps: s.mbps,
        options: {},
      });
      if (!id) continue;
      services[s.name] = id;
      await db().updateTable('customer.service').set({ label: s.name }).where('id', '=', id).execute();
    }
    const net = await seedTenantNet(ctx, tenantId, { ...t.net, sites: [] }, ports, asn);
    if (!net) continue;
    for (const s of t.sites) {
      const portId = ports[s.port];
      const serviceId = services[s.name];
      if (!portId || !serviceId) continue;
      await placeConnection(ctx, net.vnetId, {
        serviceId,
        name: s.name,
        portId,
        bandwidthMbps: s.mbps,
        status: 'active',
        customerSubnets: [s.subnet],
        ...(s.peer ? { ipsec: { auth: 'psk', peerAddress: s.peer } } : {}),
      });
      placed++;
    }
  }
  return placed;
}
