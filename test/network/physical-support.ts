import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import type { TestPlatform } from '../support/app.ts';
import type { LoggedIn } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';

/** Helpers of the physical-network tests: calls as staff, fresh objects, audit and connection rows. */

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export function helpers(p: () => TestPlatform) {
  const sys = <T>(fn: () => Promise<T>) => inTransaction(p().db.database, systemScope(), fn);
  const call = (s: LoggedIn, method: Method, url: string, payload?: Record<string, unknown>, lang = 'en') =>
    p().mgmt.inject({
      method,
      url,
      headers: { ...s.headers, 'accept-language': lang },
      ...(payload ? { payload } : {}),
    });
  const ok = async <T = Record<string, unknown>>(
    s: LoggedIn,
    method: Method,
    url: string,
    payload?: Record<string, unknown>,
    status = method === 'POST' ? 201 : 200,
  ): Promise<T> => {
    const r = await call(s, method, url, payload);
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(status);
    return (status === 204 ? undefined : r.json<T>()) as T;
  };
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

  /** A unique suffix: the tests share one database and run in any order. */
  const u = () => randomBytes(3).toString('hex');
  const upper = () => u().toUpperCase();

  /** A fresh PoP, a /24 management network in 10.200.x.0 (x unique per call), a class and a device. */
  let net = 0;
  const fixture = async (s: LoggedIn, opts: { oversubscription?: number } = {}) => {
    net += 1;
    const pop = await ok<{ id: string; code: string }>(s, 'POST', '/api/v1/network/pops', {
      code: `T${upper()}`,
      nameJa: 'テスト PoP',
      nameEn: 'Test PoP',
    });
    const prefix = `10.${200 + Math.floor(net / 250)}.${net % 250}.0/24`;
    const base = prefix.replace(/0\/24$/, '');
    const mgmt = await ok<{ id: string; prefix: string }>(s, 'POST', '/api/v1/network/mgmt-networks', {
      name: `mgmt-${u()}`,
      prefix,
    });
    const klass = await ok<{ code: string }>(s, 'POST', '/api/v1/network/port-classes', {
      code: `c-${u()}`,
      nameJa: 'アクセス 10G',
      nameEn: 'Access 10G',
      oversubscription: opts.oversubscription ?? 2,
      thresholdPct: 80,
    });
    const device = (hostname = `pe-${u()}.test`, host = 10) =>
      ok<{ id: string; hostname: string }>(s, 'POST', '/api/v1/network/devices', {
        popId: pop.id,
        hostname,
        role: 'pe',
        vendor: 'Linux',
        model: 'x86 server',
        serial: `SN${upper()}`,
        osVersion: 'Debian 12',
        mgmtNetworkId: mgmt.id,
        mgmtAddress: `${base}${host}`,
      });
    const port = (deviceId: string, name: string, capacityMbps = 1000) =>
      ok<{ id: string; limitMbps: number }>(s, 'POST', `/api/v1/network/devices/${deviceId}/ports`, {
        name,
        capacityMbps,
        classCode: klass.code,
      });
    return { pop, mgmt, klass, base, device, port };
  };

  /** Connections of a fresh tenant placed on a port (bandwidth, status each). */
  const place = async (
    portId: string,
    conns: { mbps: number; status?: 'planned' | 'active' | 'disabled' }[],
  ) => {
    const t = await createTenant(p().db.database, { services: conns.length });
    await sys(async () => {
      // an active connection must sit in a virtual network
      const vni = 100_000 + Math.floor(Math.random() * 16_000_000);
      await db()
        .insertInto('ops.isolation_id')
        .values({ vni, tenant_id: t.id, state: 'allocated' })
        .execute();
      const vnet = await db()
        .insertInto('customer.virtual_network')
        .values({
          tenant_id: t.id,
          name: 'test',
          vni,
          route_distinguisher: `64512:${vni}`,
          route_target: `64512:${vni}`,
          namespace: `vn${vni}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [i, c] of conns.entries()) {
        await db()
          .updateTable('customer.connection')
          .set({
            port_id: portId,
            virtual_network_id: vnet.id,
            bandwidth_mbps: c.mbps,
            status: c.status ?? 'planned',
          })
          .where('id', '=', t.connectionIds[i]!)
          .execute();
      }
    });
    return t;
  };

  return { sys, call, ok, auditOf, personal, u, upper, fixture, place };
}
