import { randomBytes } from 'node:crypto';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import type { TestPlatform } from '../support/app.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

/**
 * A small physical network written straight into the model (the physical network's own routes
 * are tested elsewhere): one PoP, its management network, a port class, a PE with access ports.
 * Every name is unique per call, so tests sharing a database do not collide.
 */
export interface PhysicalFixture {
  popId: string;
  popNameJa: string;
  popNameEn: string;
  deviceId: string;
  hostname: string;
  underlay: string;
  mgmtPrefix: string;
  classCode: string;
  /** access ports by name: capacity as given */
  ports: Record<string, string>;
  backbonePortId: string;
}

let octet = 0;

export async function createPhysical(
  p: TestPlatform,
  opts: { ports?: Record<string, number>; oversubscription?: number; underlay?: boolean } = {},
): Promise<PhysicalFixture> {
  const u = randomBytes(3).toString('hex');
  octet = (octet + 1) % 250;
  const n = (Number.parseInt(u, 16) % 200) + 1;
  const mgmtPrefix = `172.${16 + (n % 16)}.${octet}.0/24`;
  return inTransaction(p.db.database, systemScope(), async () => {
    const pop = await db()
      .insertInto('ops.pop')
      .values({ code: `P${u.toUpperCase()}`, name_ja: `東京 ${u}`, name_en: `Tokyo ${u}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mgmt = await db()
      .insertInto('ops.mgmt_network')
      .values({ name: `mgmt-${u}`, prefix: mgmtPrefix })
      .returning('id')
      .executeTakeFirstOrThrow();
    const classCode = `c-${u}`;
    await db()
      .insertInto('ops.port_class')
      .values({
        code: classCode,
        name_ja: 'テスト',
        name_en: 'Test',
        oversubscription: opts.oversubscription ?? 2,
      })
      .execute();
    const hostname = `pe-${u}.test`;
    const underlay = `198.51.100.${n}`;
    const device = await db()
      .insertInto('ops.device')
      .values({
        pop_id: pop.id,
        hostname,
        role: 'pe',
        vendor: 'Linux',
        model: 'netns',
        serial: `SN-${u}`,
        os_version: '6.1',
        mgmt_network_id: mgmt.id,
        mgmt_address: mgmtPrefix.replace(/0\/24$/, '10'),
        underlay_address: opts.underlay === false ? null : underlay,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ports: Record<string, string> = {};
    for (const [name, capacity] of Object.entries(opts.ports ?? { 'xe-0/0/1': 1000 })) {
      const r = await db()
        .insertInto('ops.port')
        .values({ device_id: device.id, name, capacity_mbps: capacity, class_code: classCode })
        .returning('id')
        .executeTakeFirstOrThrow();
      ports[name] = r.id;
    }
    const bb = await db()
      .insertInto('ops.port')
      .values({
        device_id: device.id,
        name: 'et-9/9/9',
        capacity_mbps: 100_000,
        class_code: classCode,
        purpose: 'backbone',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      popId: pop.id,
      popNameJa: `東京 ${u}`,
      popNameEn: `Tokyo ${u}`,
      deviceId: device.id,
      hostname,
      underlay,
      mgmtPrefix,
      classCode,
      ports,
      backbonePortId: bb.id,
    };
  });
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Calls as staff or customer, audit reads, and a tenant with a pool and a virtual network. */
export function kit(p: () => TestPlatform) {
  const sys = <T>(fn: () => Promise<T>) => inTransaction(p().db.database, systemScope(), fn);
  const call = (
    app: 'mgmt' | 'portal',
    s: { headers: Record<string, string> },
    method: Method,
    url: string,
    payload?: unknown,
    lang = 'en',
  ) =>
    p()[app].inject({
      method,
      url,
      headers: { ...s.headers, 'accept-language': lang },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  const mgmt = (
    s: { headers: Record<string, string> },
    method: Method,
    url: string,
    payload?: unknown,
    lang?: string,
  ) => call('mgmt', s, method, url, payload, lang);
  const portal = (
    s: { headers: Record<string, string> },
    method: Method,
    url: string,
    payload?: unknown,
    lang?: string,
  ) => call('portal', s, method, url, payload, lang);
  const auditOf = (targetId: string) =>
    sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'summary', 'tenant_id', 'actor_kind', 'personal_ref'])
        .where('target_id', '=', targetId)
        .orderBy('seq')
        .execute(),
    );
  const personal = (ref: string) =>
    sys(() =>
      db().selectFrom('audit.personal').select('data').where('ref', '=', ref).executeTakeFirstOrThrow(),
    );
  let net = 0;
  /** A fresh tenant (services of 100 Mbit/s, type ipsec) with a virtual network and pools. */
  const tenantWithNet = async (
    staff: { headers: Record<string, string> },
    opts: { services?: number; pool4?: string | null; pool6?: string | null } = {},
  ) => {
    net += 1;
    const t = await createTenant(p().db.database, { services: opts.services ?? 2 });
    const v = await mgmt(staff, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: `net-${net}` });
    if (v.statusCode !== 201) throw new Error(v.body);
    for (const prefix of [
      opts.pool4 === undefined ? `10.${100 + (net % 100)}.0.0/24` : opts.pool4,
      opts.pool6 === undefined ? `2001:db8:${net.toString(16)}::/120` : opts.pool6,
    ]) {
      if (!prefix) continue;
      const r = await mgmt(staff, 'POST', `/api/v1/tenants/${t.id}/pools`, { prefix });
      if (r.statusCode !== 201) throw new Error(r.body);
    }
    return { t, vnetId: v.json<{ id: string }>().id };
  };
  /** Adds a service of the given type and bandwidth to the tenant's contract. */
  const addService = (t: TenantFixture, type: 'ipsec' | 'direct' | 'option', mbps: number | null) =>
    sys(async () => {
      const r = await db()
        .insertInto('customer.service')
        .values({
          tenant_id: t.id,
          contract_id: t.contractId,
          code: `PVA${randomBytes(4).toString('hex').toUpperCase()}`,
          type,
          bandwidth_mbps: mbps,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    });
  return { sys, mgmt, portal, auditOf, personal, tenantWithNet, addService };
}
