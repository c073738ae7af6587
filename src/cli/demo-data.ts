import type { Database } from '../db/client.ts';
import { db, inTransaction, systemScope } from '../db/context.ts';
import { randomBytes } from 'node:crypto';
import type { CustomerRole, StaffRole } from '../db/schema.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { seedChangeRequests, type ChangeDemoTenant } from '../modules/changes/demo.ts';
import { seedReportsDemo } from '../modules/reports/demo.ts';
import { seedContractsDemo } from '../modules/contracts/demo.ts';
import { seedDemoDocuments } from '../modules/documents/demo.ts';
import { seedNetworkDemo } from '../modules/network/demo.ts';
import { seedCapacityDemo } from '../modules/capacity/demo.ts';
import { seedTrafficDemo } from '../modules/traffic/demo.ts';
import { seedMonitoringDemo } from '../modules/monitoring/demo.ts';
import { seedDataplaneDemo } from '../modules/dataplane/demo.ts';
import { seedVulnerabilitiesDemo } from '../modules/vulnerabilities/demo.ts';
import { seedNoticesDemo } from '../modules/notices/demo.ts';
import { seedEvidenceDemo } from '../modules/evidence/demo.ts';
import { seedEquipmentDemo } from '../modules/equipment/demo.ts';
import { seedLifecycleDemo } from '../modules/lifecycle/demo.ts';
import type { Config } from '../config.ts';

export type DemoConfig = Pick<Config, 'masterKeyFile' | 'network' | 'lifecycle' | 'mgmtUrl' | 'mgmt'>;
import { hashPassword } from '../modules/identity/password.ts';
import { newTotpSecret } from '../modules/identity/totp.ts';

export interface DemoCredential {
  plane: 'portal' | 'mgmt';
  login: string;
  password: string;
  totpSecret: string;
  name: string;
  role: string;
  tenant: string | null;
}

export interface DemoSummary {
  tenants: { code: string; name: string }[];
  credentials: DemoCredential[];
}

interface DemoUser {
  login: string;
  name: string;
  role: CustomerRole;
  /** labels of the services this user is limited to */
  only?: string[];
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
  users: DemoUser[];
  /** administrator logins allowed only from these ranges (the demo's "office" is loopback) */
  allowlist?: string[];
}

const DEMO_STAFF: { login: string; name: string; role: StaffRole }[] = [
  { login: 'tanaka@pva.example', name: '田中 健 (NOC)', role: 'noc' },
  { login: 'suzuki@pva.example', name: '鈴木 恵 (Security)', role: 'security' },
  { login: 'admin@pva.example', name: '山本 学 (Provider admin)', role: 'admin' },
];

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
    users: [
      { login: 'sato@minato.example', name: '佐藤 由美', role: 'admin' },
      { login: 'ito@minato.example', name: '伊藤 翔', role: 'operator' },
      { login: 'kato@minato.example', name: '加藤 大輔', role: 'viewer', only: ['大阪ラック'] },
    ],
    allowlist: ['127.0.0.0/8', '::1/128', '203.0.113.0/24'],
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
    users: [{ login: 'kimura@hokuto-logi.example', name: '木村 真一', role: 'admin' }],
  },
  {
    code: 'C0001003',
    name: '医療法人さくら会',
    contract: 'K-2025-0007',
    start: '2025-06-01',
    services: [{ code: 'PVA00030001', type: 'ipsec', mbps: 20, label: '本院', connection: 'main-clinic' }],
    users: [{ login: 'yamada@sakura-med.example', name: '山田 花子', role: 'admin' }],
  },
  {
    // terminated 20 days ago (seedLifecycleDemo): the countdown to erasure is running
    code: 'C0001006',
    name: '青葉商事株式会社',
    contract: 'K-2023-0003',
    start: '2023-07-01',
    services: [{ code: 'PVA00060001', type: 'ipsec', mbps: 20, label: '仙台支店' }],
    users: [{ login: 'endo@aoba-shoji.example', name: '遠藤 美咲', role: 'admin' }],
  },
];

const demoPassword = (): string => `demo-${randomBytes(9).toString('base64url')}`;

/** A principal with a random password and a confirmed TOTP factor, for the credentials file. */
async function withTotp(kind: 'staff' | 'customer', id: string, tenantId: string | null): Promise<string> {
  const secret = newTotpSecret();
  await db()
    .insertInto('iam.totp')
    .values({ principal_kind: kind, principal_id: id, tenant_id: tenantId, secret, confirmed_at: new Date() })
    .execute();
  return secret;
}

/** Seeds the demo data set; later capabilities extend it. */
export async function seedDemo(database: Database, config: DemoConfig): Promise<DemoSummary> {
  const credentials: DemoCredential[] = [];
  const staffIds = new Map<string, string>();
  const tenantIds: Record<string, string> = {};
  const changeTenants: ChangeDemoTenant[] = [];
  return inTransaction(database, systemScope(), async () => {
    for (const s of DEMO_STAFF) {
      const password = demoPassword();
      const row = await db()
        .insertInto('ops.staff')
        .values({
          email: s.login,
          name: s.name,
          role: s.role,
          password_hash: await hashPassword(password),
          status: 'active',
          password_changed_at: new Date(),
          last_login_at: null,
          training_acknowledged_on: '2026-04-01',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      staffIds.set(s.login, row.id);
      credentials.push({
        plane: 'mgmt',
        login: s.login,
        password,
        totpSecret: await withTotp('staff', row.id, null),
        name: s.name,
        role: s.role,
        tenant: null,
      });
    }
    for (const t of DEMO_TENANTS) {
      const tenant = await db()
        .insertInto('ops.tenant')
        .values({ code: t.code, name: t.name })
        .returning('id')
        .executeTakeFirstOrThrow();
      tenantIds[t.code] = tenant.id;
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
      const serviceIds = await db()
        .selectFrom('customer.service')
        .select(['id', 'label'])
        .where('tenant_id', '=', tenant.id)
        .execute();
      for (const u of t.users) {
        const password = demoPassword();
        const scope = u.only ? serviceIds.filter((s) => u.only!.includes(s.label)).map((s) => s.id) : null;
        const row = await db()
          .insertInto('customer.app_user')
          .values({
            tenant_id: tenant.id,
            login: u.login,
            email: u.login,
            name: u.name,
            role: u.role,
            service_scope: scope,
            password_hash: await hashPassword(password),
            status: 'active',
            password_changed_at: new Date(),
            last_login_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        credentials.push({
          plane: 'portal',
          login: u.login,
          password,
          totpSecret: await withTotp('customer', row.id, tenant.id),
          name: u.name,
          role: u.role,
          tenant: t.name,
        });
      }
      if (t.allowlist)
        await db()
          .insertInto('customer.tenant_setting')
          .values({ tenant_id: tenant.id, ip_allowlist: t.allowlist })
          .execute();
      const admin = credentials.find((c) => c.tenant === t.name && c.role === 'admin');
      const adminRow = admin
        ? await db()
            .selectFrom('customer.app_user')
            .select('id')
            .where('login', '=', admin.login)
            .executeTakeFirst()
        : undefined;
      if (adminRow)
        changeTenants.push({
          tenantId: tenant.id,
          requesterId: adminRow.id,
          serviceIds: serviceIds.map((x) => x.id),
        });
      await recordAudit({
        action: 'demo.tenant_seeded',
        tenantId: tenant.id,
        targetType: 'tenant',
        targetId: tenant.id,
        summary: { code: t.code },
      });
    }
    // later capabilities' demo data, each from its own module
    await seedContractsDemo(tenantIds);
    await seedDemoDocuments({ publishedBy: staffIds.get('suzuki@pva.example') ?? null });
    await seedChangeRequests(changeTenants, staffIds.get('tanaka@pva.example')!);
    await seedReportsDemo(changeTenants, staffIds.get('tanaka@pva.example')!);
    await seedNetworkDemo(tenantIds, config);
    await seedCapacityDemo();
    await seedTrafficDemo();
    await seedMonitoringDemo();
    await seedDataplaneDemo({ staffIds: Object.fromEntries(staffIds), config });
    await seedNoticesDemo(staffIds.get('tanaka@pva.example')!);
    await seedEvidenceDemo();
    await seedEquipmentDemo(Object.fromEntries(staffIds));
    await seedVulnerabilitiesDemo(Object.fromEntries(staffIds));
    await seedLifecycleDemo(config, tenantIds['C0001006']!, staffIds.get('admin@pva.example')!);
    return { tenants: DEMO_TENANTS.map((t) => ({ code: t.code, name: t.name })), credentials };
  });
}
