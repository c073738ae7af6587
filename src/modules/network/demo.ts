import type { DemoConfig } from '../../cli/demo-data.ts';
import { recordAudit } from '../audit/service.ts';
import { seedTenantNet, type DemoNet } from './connections-demo.ts';
import { seedLoadTenants } from './connections-demo-load.ts';
import type { Ctx } from './connections-service.ts';
import { seedPhysicalDemo } from './demo-physical.ts';

/**
 * Demo network: the physical network (demo-physical.ts), then for each demo customer its address
 * pools, a virtual network and its connections placed on PE ports. The connection rows the
 * tenants demo already wrote (without a placement) are completed, not duplicated. Two further
 * customers carry enough contracted bandwidth that some ports sit near their threshold, so the
 * capacity dashboard has something to show. Idempotent: a tenant with a virtual network is skipped.
 */
const NETS: Record<string, DemoNet> = {
  C0001001: {
    vnet: 'ミナト精機 社内網',
    pools: ['10.10.0.0/24', '2001:db8:1001::/112'],
    sites: [
      {
        name: 'tokyo-hq',
        port: 'pe1.tky1 xe-0/0/0',
        subnets: ['192.168.10.0/24'],
        ipsec: { peerAddress: '198.51.100.10' },
      },
      {
        name: 'nagoya-factory',
        port: 'pe1.osa1 xe-0/0/0',
        subnets: ['192.168.20.0/24'],
        ipsec: { peerAddress: '198.51.100.20' },
      },
      { name: 'osaka-rack', port: 'pe1.osa1 ge-0/0/1', subnets: ['172.16.30.0/24'], handoffId: 3001 },
    ],
  },
  C0001002: {
    vnet: '北斗 物流網',
    pools: ['10.20.0.0/24', '2001:db8:1002::/112'],
    sites: [
      {
        name: 'sapporo-dc',
        port: 'pe2.tky1 xe-0/0/0',
        subnets: ['10.120.0.0/16'],
        ipsec: { peerAddress: '198.51.100.30' },
      },
      { name: 'tokyo-rack', port: 'pe1.tky1 xe-0/0/1', subnets: ['10.121.0.0/16'], handoffId: 2101 },
      {
        name: 'sendai-branch',
        port: 'pe2.tky1 xe-0/0/0',
        subnets: ['10.122.0.0/24'],
        ipsec: { peerAddress: '198.51.100.31' },
      },
    ],
  },
  C0001003: {
    vnet: 'さくら会 医療網',
    pools: ['10.30.0.0/24'],
    sites: [
      {
        name: 'main-clinic',
        port: 'pe2.osa1 xe-0/0/0',
        subnets: ['192.168.100.0/24'],
        ipsec: { peerAddress: '198.51.100.40' },
      },
    ],
  },
};

/** Seeds the demo network inside the demo's system transaction (provider access). */
export async function seedNetworkDemo(tenantIds: Record<string, string>, config: DemoConfig): Promise<void> {
  const physical = await seedPhysicalDemo();
  const ctx: Ctx = { config, staffId: null, lang: 'ja' };
  let placed = 0;
  for (const [code, net] of Object.entries(NETS)) {
    const tenantId = tenantIds[code];
    if (!tenantId) continue;
    const r = await seedTenantNet(ctx, tenantId, net, physical.ports, config.network.asn);
    placed += Object.keys(r?.connections ?? {}).length;
  }
  placed += await seedLoadTenants(ctx, physical.ports, config.network.asn);
  if (placed)
    await recordAudit({ action: 'demo.network_seeded', tenantId: null, summary: { connections: placed } });
}
