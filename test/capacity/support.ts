import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { addMonths } from '../../src/modules/capacity/forecast.ts';
import { upsertUtilisation } from '../../src/modules/capacity/repository.ts';
import { clockAt } from '../../src/modules/capacity/view.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

/**
 * Network rows for capacity tests, inserted directly (the network APIs belong to other work):
 * a PoP with a device, a port class, ports, and connections of a fresh tenant on those ports.
 */
const hex = (n = 3): string => randomBytes(n).toString('hex');
let seq = 0;

export interface NetFixture {
  popId: string;
  popCode: string;
  deviceId: string;
  hostname: string;
  classCode: string;
  tenant: TenantFixture;
  vnetId: string;
}

export async function createNet(
  database: Database,
  opts: { oversubscription?: number; thresholdPct?: number; popCode?: string; popNameEn?: string } = {},
): Promise<NetFixture> {
  const tenant = await createTenant(database, { services: 1 });
  return inTransaction(database, systemScope(), async () => {
    const n = ++seq;
    const popCode = opts.popCode ?? `P${hex().toUpperCase()}`;
    const pop = await db()
      .insertInto('ops.pop')
      .values({ code: popCode, name_ja: `拠点 ${popCode}`, name_en: opts.popNameEn ?? `PoP ${popCode}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const second = randomBytes(1)[0]!;
    const mgmt = await db()
      .insertInto('ops.mgmt_network')
      .values({ name: `mgmt-${hex()}`, prefix: `10.${second}.${n}.0/24` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const classCode = `c-${hex()}`;
    await db()
      .insertInto('ops.port_class')
      .values({
        code: classCode,
        name_ja: 'アクセス',
        name_en: 'Access',
        oversubscription: opts.oversubscription ?? 2,
        threshold_pct: opts.thresholdPct ?? 80,
      })
      .execute();
    const hostname = `pe-${hex()}`;
    const device = await db()
      .insertInto('ops.device')
      .values({
        pop_id: pop.id,
        hostname,
        role: 'pe',
        vendor: 'Linux',
        model: 'netns',
        serial: `SN${hex()}`,
        os_version: '6.1',
        mgmt_network_id: mgmt.id,
        mgmt_address: `10.${second}.${n}.10`,
        underlay_address: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const vni = 100_000 + Math.floor(Math.random() * 16_000_000);
    await db()
      .insertInto('ops.isolation_id')
      .values({ vni, tenant_id: tenant.id, state: 'allocated', quarantine_until: null })
      .execute();
    const vnet = await db()
      .insertInto('customer.virtual_network')
      .values({
        tenant_id: tenant.id,
        name: `vnet-${hex()}`,
        vni,
        route_distinguisher: `64512:${vni}`,
        route_target: `64512:${vni}`,
        namespace: `vn${vni}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { popId: pop.id, popCode, deviceId: device.id, hostname, classCode, tenant, vnetId: vnet.id };
  });
}

export async function addPort(
  database: Database,
  net: NetFixture,
  capacityMbps: number,
  opts: { name?: string; deviceId?: string; purpose?: 'access' | 'backbone' } = {},
): Promise<string> {
  return inTransaction(database, systemScope(), async () => {
    const r = await db()
      .insertInto('ops.port')
      .values({
        device_id: opts.deviceId ?? net.deviceId,
        name: opts.name ?? `xe-0/0/${++seq}`,
        capacity_mbps: capacityMbps,
        class_code: net.classCode,
        ...(opts.purpose ? { purpose: opts.purpose } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
}

export async function addConnection(
  database: Database,
  net: NetFixture,
  portId: string,
  mbps: number,
  status: 'planned' | 'active' | 'disabled' = 'active',
): Promise<string> {
  return inTransaction(database, systemScope(), async () => {
    const r = await db()
      .insertInto('customer.connection')
      .values({
        tenant_id: net.tenant.id,
        service_id: net.tenant.serviceIds[0]!,
        name: `site-${hex()}`,
        kind: 'direct',
        bandwidth_mbps: mbps,
        status,
        port_id: portId,
        virtual_network_id: net.vnetId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
}

export async function setConnectionStatus(
  database: Database,
  id: string,
  status: 'planned' | 'active' | 'disabled',
): Promise<void> {
  await inTransaction(database, systemScope(), () =>
    db().updateTable('customer.connection').set({ status }).where('id', '=', id).execute(),
  );
}

/**
 * Monthly 95th percentiles for a port: `values[i]` for the month `values.length - i` months
 * before `current` (the last value is the previous month). Peak is 1.2 × p95.
 */
export async function addMonthsSeries(
  database: Database,
  portId: string,
  values: number[],
  current = clockAt().current,
): Promise<void> {
  await inTransaction(database, systemScope(), () =>
    upsertUtilisation(
      values.map((v, i) => ({
        portId,
        month: addMonths(current, i - values.length),
        p95Mbps: v,
        peakMbps: v * 1.2,
        samples: 8640,
      })),
    ),
  );
}
