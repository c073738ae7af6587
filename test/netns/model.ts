import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { allocateIsolationId } from '../../src/modules/network/isolation.ts';
import { sealSecret } from '../../src/modules/tenancy/keys.ts';
import { INTERNET, MGMT } from './lab.ts';

/**
 * Model rows for a PE on the lab network, written straight into the database (the network
 * module's own tests cover its API): the PE with its two ports, virtual networks, and IPsec
 * connections placed on the PE, each with its PSK sealed with the tenant's key.
 */

const sys = <T>(database: Database, fn: () => Promise<T>) => inTransaction(database, systemScope(), fn);
const uniq = () => randomBytes(3).toString('hex');

export interface SeededPe {
  deviceId: string;
  accessPortId: string;
  hostname: string;
}

export async function seedPe(database: Database, target: Record<string, unknown>): Promise<SeededPe> {
  return sys(database, async () => {
    const u = uniq();
    const pop = await db()
      .insertInto('ops.pop')
      .values({ code: `LAB-${u.toUpperCase()}`, name_ja: `検証拠点 ${u}`, name_en: `Lab ${u}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mgmt = await db()
      .insertInto('ops.mgmt_network')
      .values({ name: `lab-mgmt-${u}`, prefix: MGMT.prefix })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('ops.port_class')
      .values({ code: 'lab-access', name_ja: '検証用', name_en: 'lab', oversubscription: 10 })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const hostname = `pe-${u}.lab`;
    const device = await db()
      .insertInto('ops.device')
      .values({
        pop_id: pop.id,
        hostname,
        role: 'pe',
        vendor: 'Linux',
        model: 'network namespaces',
        serial: `LAB-${u}`,
        os_version: 'Debian 12',
        mgmt_network_id: mgmt.id,
        mgmt_address: MGMT.pe,
        underlay_address: INTERNET.pe,
        driver: 'linux',
        driver_target: JSON.stringify(target),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const port = (name: string, purpose: 'access' | 'management') =>
      db()
        .insertInto('ops.port')
        .values({ device_id: device.id, name, capacity_mbps: 10_000, class_code: 'lab-access', purpose })
        .returning('id')
        .executeTakeFirstOrThrow();
    const access = await port('u0', 'access');
    await port('m0', 'management');
    return { deviceId: device.id, accessPortId: access.id, hostname };
  });
}

export async function seedVnet(database: Database, tenantId: string, name: string) {
  return sys(database, async () => {
    const ids = await allocateIsolationId(tenantId, 64512);
    return db()
      .insertInto('customer.virtual_network')
      .values({
        tenant_id: tenantId,
        name,
        vni: ids.vni,
        route_distinguisher: ids.routeDistinguisher,
        route_target: ids.routeTarget,
        namespace: ids.namespace,
      })
      .returning(['id', 'vni', 'namespace'])
      .executeTakeFirstOrThrow();
  });
}

export interface SiteSpec {
  connectionId: string;
  tenantId: string;
  vnId: string;
  portId: string;
  transfer: string;
  subnets: string[];
  peer: string;
  remoteId: string;
  mbps: number;
  psk: string;
}

/** Places an existing connection row as an active IPsec connection of the lab PE. */
export async function placeIpsec(
  database: Database,
  config: Pick<Config, 'masterKeyFile'>,
  s: SiteSpec,
): Promise<void> {
  await sys(database, async () => {
    await db()
      .updateTable('customer.connection')
      .set({
        kind: 'ipsec',
        status: 'active',
        bandwidth_mbps: s.mbps,
        virtual_network_id: s.vnId,
        port_id: s.portId,
        ipv4_prefix: s.transfer,
        customer_subnets: sql<string[]>`${s.subnets}::text[]::cidr[]`,
        ipsec: JSON.stringify({
          peerAddress: s.peer,
          ikeProposals: ['aes256gcm16-prfsha256-ecp256'],
          espProposals: ['aes256gcm16-ecp256'],
          auth: 'psk',
          localId: INTERNET.pe,
          remoteId: s.remoteId,
        }),
        psk_sealed: await sealSecret(config, s.tenantId, `psk:${s.connectionId}`, s.psk),
      })
      .where('id', '=', s.connectionId)
      .execute();
  });
}

export const newPsk = (): string => randomBytes(24).toString('base64url');
