import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { createPhysical, kit, type PhysicalFixture } from '../network/virtual-fixtures.ts';
import { FILES_DRIVER, installFilesDriver } from './files-driver.ts';

/**
 * One platform for a data-plane test file: staff in the roles that matter for the four-eyes rule
 * (two administrators, a NOC member, a security officer), and helpers that build a PE whose
 * "device" is a directory, with a tenant, a virtual network and an IPsec connection on it.
 */
export interface Staff {
  p: TestPrincipal;
  s: LoggedIn;
}

export interface Pe {
  phys: PhysicalFixture;
  dir: string;
  portId: string;
}

export interface Site {
  tenantId: string;
  tenantCode: string;
  serviceId: string;
  vnetId: string;
  connectionId: string;
  psk: string;
}

export function dataplaneKit() {
  let p: TestPlatform;
  const dirs: string[] = [];
  const staff = {} as Record<'adminA' | 'adminB' | 'noc' | 'security', Staff>;
  const k = kit(() => p);

  async function setup(): Promise<void> {
    installFilesDriver();
    p = await createTestPlatform();
    for (const [name, role] of [
      ['adminA', 'admin'],
      ['adminB', 'admin'],
      ['noc', 'noc'],
      ['security', 'security'],
    ] as const) {
      const principal = await createStaffMember(p.db.database, { role });
      staff[name] = { p: principal, s: await login(p.mgmt, p.db.database, principal) };
    }
  }

  async function teardown(): Promise<void> {
    await p?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }

  /** A PE whose driver keeps its configuration as files in a fresh directory. */
  async function pe(
    opts: { driver?: string; target?: (dir: string) => Record<string, unknown> } = {},
  ): Promise<Pe> {
    const phys = await createPhysical(p, { ports: { 'xe-0/0/1': 10_000 } });
    const dir = mkdtempSync(join(tmpdir(), 'pva-dp-'));
    dirs.push(dir);
    const device = join(dir, 'device');
    mkdirSync(device);
    const target = opts.target ? opts.target(device) : { dir: device };
    await k.sys(async () => {
      await db()
        .updateTable('ops.device')
        .set({ driver: opts.driver ?? FILES_DRIVER, driver_target: JSON.stringify(target) })
        .where('id', '=', phys.deviceId)
        .execute();
      // the rendering puts the management address on the management port
      await db()
        .insertInto('ops.port')
        .values({
          device_id: phys.deviceId,
          name: 'mgmt0',
          capacity_mbps: 1000,
          class_code: phys.classCode,
          purpose: 'management',
        })
        .execute();
    });
    return { phys, dir: device, portId: phys.ports['xe-0/0/1']! };
  }

  let n = 0;
  /** A tenant with a virtual network and one active IPsec connection (known PSK) on the PE. */
  async function site(pe: Pe, mbps = 50): Promise<Site> {
    n += 1;
    const { t, vnetId } = await k.tenantWithNet(staff.noc.s, { services: 1 });
    const psk = `test-psk-${n}-${'x'.repeat(24)}`;
    const r = await k.mgmt(staff.noc.s, 'POST', `/api/v1/virtual-networks/${vnetId}/connections`, {
      serviceId: t.serviceIds[0],
      name: `site-${n}`,
      portId: pe.portId,
      bandwidthMbps: mbps,
      status: 'active',
      customerSubnets: [`192.168.${n}.0/24`],
      ipsec: { peerAddress: `203.0.113.${n}`, auth: 'psk', psk },
    });
    if (r.statusCode !== 201) throw new Error(r.body);
    return {
      tenantId: t.id,
      tenantCode: t.code,
      serviceId: t.serviceIds[0]!,
      vnetId,
      connectionId: r.json<{ id: string }>().id,
      psk,
    };
  }

  const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
  return {
    setup,
    teardown,
    pe,
    site,
    staff,
    sys,
    mgmt: k.mgmt,
    portal: k.portal,
    auditOf: k.auditOf,
    platform: () => p,
  };
}

export interface ChangeJson {
  id: string;
  number: string;
  owner: string;
  kind: string;
  status: string;
  title: string;
  riskLevel: string | null;
  riskAssessment: string;
  preparedBy: { id: string; name: string | null } | null;
  approvedBy: { id: string; name: string | null } | null;
  executedBy: { id: string; name: string | null } | null;
  changeRequest: { id: string | null; number: string } | null;
  restore: { backupId: string; version: number | null } | null;
  driftId: string | null;
  result: string | null;
  createdAt: string;
  devices: {
    id: string;
    hostname: string;
    diff: string;
    changed: boolean;
    error: string | null;
    warnings: string[];
    outcome: string | null;
    preBackupId: string | null;
    targetSha256: string | null;
  }[];
  impact: {
    tenants: { id: string; code: string; connections: number; direct: boolean }[];
    connections: { id: string; tenantId: string; direct: boolean; hostname: string }[];
  };
  log: { at: string; device: string | null; level: string; message: string }[];
  timeline: { toStatus: string; actor: { id: string | null } }[];
}
