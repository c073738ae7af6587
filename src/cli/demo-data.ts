import type { Database } from '../db/client.ts';
import { db, inTransaction, systemScope } from '../db/context.ts';
import { recordAudit } from '../modules/audit/service.ts';

export interface DemoSummary {
  tenants: { code: string; name: string }[];
}

interface DemoService {
  code: string;
  type: 'ipsec' | 'direct' | 'option';
  mbps: number | null;
  label: string;
  connection?: string;
}
interface DemoTenant {
  code: string;
  name: string;
  contract: string;
  start: string;
  services: DemoService[];
}

/** The people and companies of docs/journeys: a manufacturer, a logistics firm, a clinic group. */
export const DEMO_TENANTS: DemoTenant[] = [
  {
    code: 'C0001001',
    name: 'ミナト精機株式会社',
    contract: 'K-2024-0001',
    start: '2024-04-01',
    services: [
      { code: 'PVA00010001', type: 'ipsec', mbps: 100, label: '本社 IPsec', connection: 'tokyo-hq' },
      { code: 'PVA00010002', type: 'ipsec', mbps: 100, label: '名古屋工場', connection: 'nagoya-factory' },
      { code: 'PVA00010003', type: 'direct', mbps: 200, label: '大阪ラック', connection: 'osaka-rack' },
      { code: 'PVA00010004', type: 'option', mbps: null, label: '監視オプション' },
    ],
  },
  {
    code: 'C0001002',
    name: '北斗ロジスティクス株式会社',
    contract: 'K-2024-0002',
    start: '2024-10-01',
    services: [
      { code: 'PVA00020001', type: 'ipsec', mbps: 50, label: '札幌センター', connection: 'sapporo-dc' },
      { code: 'PVA00020002', type: 'direct', mbps: 500, label: '東京ラック', connection: 'tokyo-rack' },
    ],
  },
  {
    code: 'C0001003',
    name: '医療法人さくら会',
    contract: 'K-2025-0007',
    start: '2025-06-01',
    services: [{ code: 'PVA00030001', type: 'ipsec', mbps: 20, label: '本院', connection: 'main-clinic' }],
  },
];

/** Seeds the demo data set; later capabilities extend it. */
export async function seedDemo(database: Database): Promise<DemoSummary> {
  return inTransaction(database, systemScope(), async () => {
    for (const t of DEMO_TENANTS) {
      const tenant = await db()
        .insertInto('ops.tenant')
        .values({ code: t.code, name: t.name })
        .returning('id')
        .executeTakeFirstOrThrow();
      const contract = await db()
        .insertInto('customer.contract')
        .values({ tenant_id: tenant.id, number: t.contract, start_date: t.start })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const s of t.services) {
        const svc = await db()
          .insertInto('customer.service')
          .values({
            tenant_id: tenant.id,
            contract_id: contract.id,
            code: s.code,
            type: s.type,
            bandwidth_mbps: s.mbps,
            label: s.label,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (s.connection && s.type !== 'option') {
          await db()
            .insertInto('customer.connection')
            .values({
              tenant_id: tenant.id,
              service_id: svc.id,
              name: s.connection,
              kind: s.type,
              bandwidth_mbps: s.mbps ?? 10,
            })
            .execute();
        }
      }
      await recordAudit({
        action: 'demo.tenant_seeded',
        tenantId: tenant.id,
        targetType: 'tenant',
        targetId: tenant.id,
        summary: { code: t.code },
      });
    }
    return { tenants: DEMO_TENANTS.map((t) => ({ code: t.code, name: t.name })) };
  });
}
