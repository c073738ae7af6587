import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { addPort, createNet, type NetFixture } from '../capacity/support.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

const hex = (n = 3): string => randomBytes(n).toString('hex');

/**
 * A small provider network for notice targeting: PoP X with two PEs (pe1: ports p1a and p1b,
 * pe2: port p2) and PoP Y with one PE (pe3: port p3). Tenants: a on p1a, b on p1b (two services,
 * one on pe1 and one on pe3), c on p2, d on p3 with a direct service, e with no placed connection,
 * f with a disabled connection on p1a.
 */
export interface NoticeNet {
  net: NetFixture;
  popX: string;
  popY: string;
  pe1: string;
  pe2: string;
  pe3: string;
  ports: { p1a: string; p1b: string; p2: string; p3: string };
  t: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', TenantFixture>;
}

async function device(database: Database, net: NetFixture, popId: string): Promise<string> {
  return inTransaction(database, systemScope(), async () => {
    const mgmt = await db()
      .selectFrom('ops.device')
      .select(['mgmt_network_id'])
      .where('id', '=', net.deviceId)
      .executeTakeFirstOrThrow();
    const r = await db()
      .insertInto('ops.device')
      .values({
        pop_id: popId,
        hostname: `pe-${hex()}`,
        role: 'pe',
        vendor: 'Linux',
        model: 'netns',
        serial: `SN${hex()}`,
        os_version: '6.1',
        mgmt_network_id: mgmt.mgmt_network_id,
        mgmt_address: `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0]! % 250)}`,
        underlay_address: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
}

/** Places service `serviceIndex` of tenant `t` on `portId` through a new virtual network. */
export async function connect(
  database: Database,
  t: TenantFixture,
  portId: string,
  opts: { serviceIndex?: number; status?: 'active' | 'planned' | 'disabled' } = {},
): Promise<string> {
  return inTransaction(database, systemScope(), async () => {
    const vni = 100_000 + Math.floor(Math.random() * 16_000_000);
    await db()
      .insertInto('ops.isolation_id')
      .values({ vni, tenant_id: t.id, state: 'allocated', quarantine_until: null })
      .execute();
    const vnet = await db()
      .insertInto('customer.virtual_network')
      .values({
        tenant_id: t.id,
        name: `vnet-${hex()}`,
        vni,
        route_distinguisher: `64512:${vni}`,
        route_target: `64512:${vni}`,
        namespace: `vn${vni}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await db()
      .insertInto('customer.connection')
      .values({
        tenant_id: t.id,
        service_id: t.serviceIds[opts.serviceIndex ?? 0]!,
        name: `site-${hex()}`,
        kind: 'direct',
        bandwidth_mbps: 100,
        status: opts.status ?? 'active',
        port_id: portId,
        virtual_network_id: vnet.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
}

export async function setServiceType(database: Database, serviceId: string, type: 'direct' | 'option') {
  await inTransaction(database, systemScope(), () =>
    db().updateTable('customer.service').set({ type }).where('id', '=', serviceId).execute(),
  );
}

export async function setLabel(database: Database, serviceId: string, label: string) {
  await inTransaction(database, systemScope(), () =>
    db().updateTable('customer.service').set({ label }).where('id', '=', serviceId).execute(),
  );
}

export async function createNoticeNet(database: Database): Promise<NoticeNet> {
  const net = await createNet(database);
  const popY = await inTransaction(database, systemScope(), async () => {
    const code = `Y${hex().toUpperCase()}`;
    const r = await db()
      .insertInto('ops.pop')
      .values({ code, name_ja: `拠点 ${code}`, name_en: `PoP ${code}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
  const pe2 = await device(database, net, net.popId);
  const pe3 = await device(database, net, popY);
  const ports = {
    p1a: await addPort(database, net, 10_000),
    p1b: await addPort(database, net, 10_000),
    p2: await addPort(database, net, 10_000, { deviceId: pe2 }),
    p3: await addPort(database, net, 10_000, { deviceId: pe3 }),
  };
  const mk = (services = 1) => createTenant(database, { services });
  const t = { a: await mk(), b: await mk(2), c: await mk(), d: await mk(), e: await mk(), f: await mk() };
  await connect(database, t.a, ports.p1a);
  await connect(database, t.b, ports.p1b);
  await connect(database, t.b, ports.p3, { serviceIndex: 1 });
  await connect(database, t.c, ports.p2);
  await connect(database, t.d, ports.p3);
  await setServiceType(database, t.d.serviceIds[0]!, 'option');
  await connect(database, t.f, ports.p1a, { status: 'disabled' });
  return { net, popX: net.popId, popY, pe1: net.deviceId, pe2, pe3, ports, t };
}
