import { db } from '../../db/context.ts';
import type { DeviceRole, PortPurpose } from '../../db/schema-network.ts';
import { recordAudit } from '../audit/service.ts';

/**
 * The demo's physical network: two PoPs (Tokyo, Osaka), one management network, three port
 * classes, PEs and aggregation switches with 1/10/100 Gbit/s ports, and the backbone links.
 * One Tokyo PE is driven by the Linux reference driver (a network namespace); the rest render only.
 */

export interface PhysicalDemo {
  pops: { TKY1: string; OSA1: string };
  mgmtNetworkId: string;
  /** device id by host name, e.g. devices['pe1.tky1'] */
  devices: Record<string, string>;
  /** port id by "host name port name", e.g. ports['pe1.tky1 xe-0/0/0'] */
  ports: Record<string, string>;
}

const POPS = [
  { code: 'TKY1', name_ja: '東京第1', name_en: 'Tokyo 1', address: '東京都江東区青海 2-5-10' },
  { code: 'OSA1', name_ja: '大阪第1', name_en: 'Osaka 1', address: '大阪府大阪市北区中之島 3-3-23' },
] as const;

const MGMT = { name: 'mgmt-core', prefix: '10.255.0.0/24' };

const CLASSES = [
  { code: 'access-1g', name_ja: 'アクセス 1G', name_en: 'Access 1G', oversubscription: 2, threshold_pct: 80 },
  {
    code: 'access-10g',
    name_ja: 'アクセス 10G',
    name_en: 'Access 10G',
    oversubscription: 4,
    threshold_pct: 80,
  },
  { code: 'backbone', name_ja: 'バックボーン', name_en: 'Backbone', oversubscription: 1, threshold_pct: 70 },
];

type PortSpec = [name: string, mbps: number, klass: string, purpose: PortPurpose, description: string];
interface DeviceSpec {
  pop: 'TKY1' | 'OSA1';
  hostname: string;
  role: DeviceRole;
  vendor: string;
  model: string;
  serial: string;
  os: string;
  mgmt: string;
  underlay?: string;
  driver?: string;
  target?: Record<string, unknown>;
  ports: PortSpec[];
}

const G = 1000;
const uplink: PortSpec = ['xe-0/0/0', 10 * G, 'access-10g', 'access', 'インターネット接続（IPsec 終端）'];
// every PE reaches the management network through a port of its own (CLD.9.5.1)
const mgmtPort: PortSpec = ['fxp0', 1 * G, 'backbone', 'management', '管理ネットワーク（mgmt-core）'];
const backbone = (peer: string): PortSpec => ['et-0/0/48', 100 * G, 'backbone', 'backbone', `to ${peer}`];
const pe = (pop: DeviceSpec['pop'], hostname: string, n: number, ports: PortSpec[]): DeviceSpec => ({
  pop,
  hostname,
  role: 'pe',
  vendor: 'Juniper',
  model: 'MX204',
  serial: `JN12${pop}${n}AFC`,
  os: 'Junos OS 22.4R3',
  mgmt: `10.255.0.${n}`,
  underlay: `203.0.113.${n}`,
  ports: [...ports, mgmtPort],
});
const agg = (pop: DeviceSpec['pop'], hostname: string, n: number, ports: PortSpec[]): DeviceSpec => ({
  pop,
  hostname,
  role: 'aggregation',
  vendor: 'Arista',
  model: '7280R3',
  serial: `SSJ2${pop}${n}`,
  os: 'EOS 4.31.2F',
  mgmt: `10.255.0.${n}`,
  ports,
});

const DEVICES: DeviceSpec[] = [
  {
    ...pe('TKY1', 'pe1.tky1', 11, [
      uplink,
      ['xe-0/0/1', 10 * G, 'access-10g', 'access', '直収ハンドオフ（ラック A）'],
      ['ge-0/0/2', 1 * G, 'access-1g', 'access', '直収ハンドオフ（ラック B）'],
      backbone('agg1.tky1'),
    ]),
    vendor: 'Linux',
    model: 'x86-64 server (strongSwan)',
    serial: 'PVA-LAB-0001',
    os: 'Debian 12',
    driver: 'linux',
    target: { netns: 'pva-pe-tky1a' },
  },
  pe('TKY1', 'pe2.tky1', 12, [
    uplink,
    ['ge-0/0/1', 1 * G, 'access-1g', 'access', '直収ハンドオフ'],
    backbone('agg1.tky1'),
  ]),
  agg('TKY1', 'agg1.tky1', 21, [
    ['et-0/0/1', 100 * G, 'backbone', 'backbone', 'to pe1.tky1'],
    ['et-0/0/2', 100 * G, 'backbone', 'backbone', 'to pe2.tky1'],
    ['et-0/0/10', 100 * G, 'backbone', 'backbone', 'TKY1–OSA1 backbone'],
  ]),
  {
    pop: 'TKY1',
    hostname: 'mgmt1.tky1',
    role: 'management',
    vendor: 'Cisco',
    model: 'Catalyst 9200',
    serial: 'FOC2TKY1MG1',
    os: 'IOS XE 17.9.4',
    mgmt: '10.255.0.5',
    ports: [],
  },
  pe('OSA1', 'pe1.osa1', 31, [
    uplink,
    ['ge-0/0/1', 1 * G, 'access-1g', 'access', '直収ハンドオフ（ラック 1）'],
    ['ge-0/0/2', 1 * G, 'access-1g', 'access', '直収ハンドオフ（ラック 2）'],
    backbone('agg1.osa1'),
  ]),
  pe('OSA1', 'pe2.osa1', 32, [uplink, backbone('agg1.osa1')]),
  agg('OSA1', 'agg1.osa1', 41, [
    ['et-0/0/1', 100 * G, 'backbone', 'backbone', 'to pe1.osa1'],
    ['et-0/0/2', 100 * G, 'backbone', 'backbone', 'to pe2.osa1'],
    ['et-0/0/10', 100 * G, 'backbone', 'backbone', 'TKY1–OSA1 backbone'],
  ]),
];

const LINKS: [a: string, b: string, description: string][] = [
  ['pe1.tky1 et-0/0/48', 'agg1.tky1 et-0/0/1', 'TKY1 PE uplink'],
  ['pe2.tky1 et-0/0/48', 'agg1.tky1 et-0/0/2', 'TKY1 PE uplink'],
  ['pe1.osa1 et-0/0/48', 'agg1.osa1 et-0/0/1', 'OSA1 PE uplink'],
  ['pe2.osa1 et-0/0/48', 'agg1.osa1 et-0/0/2', 'OSA1 PE uplink'],
  ['agg1.tky1 et-0/0/10', 'agg1.osa1 et-0/0/10', 'TKY1–OSA1 backbone'],
];

/**
 * Seeds the physical network inside the caller's transaction (provider access). Idempotent: every
 * object is found by its natural key (PoP code, host name, port name…), so a second run adds nothing.
 */
export async function seedPhysicalDemo(): Promise<PhysicalDemo> {
  let created = 0;
  const pops = {} as Record<'TKY1' | 'OSA1', string>;
  for (const p of POPS) {
    const r = await db()
      .insertInto('ops.pop')
      .values(p)
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) created++;
    pops[p.code] =
      r?.id ??
      (await db().selectFrom('ops.pop').select('id').where('code', '=', p.code).executeTakeFirstOrThrow()).id;
  }
  const m = await db()
    .insertInto('ops.mgmt_network')
    .values(MGMT)
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (m) created++;
  const mgmtNetworkId =
    m?.id ??
    (
      await db()
        .selectFrom('ops.mgmt_network')
        .select('id')
        .where('name', '=', MGMT.name)
        .executeTakeFirstOrThrow()
    ).id;
  for (const c of CLASSES) {
    await db()
      .insertInto('ops.port_class')
      .values(c)
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }

  const devices: Record<string, string> = {};
  const ports: Record<string, string> = {};
  for (const d of DEVICES) {
    const r = await db()
      .insertInto('ops.device')
      .values({
        pop_id: pops[d.pop],
        hostname: d.hostname,
        role: d.role,
        vendor: d.vendor,
        model: d.model,
        serial: d.serial,
        os_version: d.os,
        mgmt_network_id: mgmtNetworkId,
        mgmt_address: d.mgmt,
        underlay_address: d.underlay ?? null,
        driver: d.driver ?? 'render-only',
        driver_target: JSON.stringify(d.target ?? {}),
      })
      .onConflict((oc) => oc.column('hostname').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) created++;
    const id =
      r?.id ??
      (
        await db()
          .selectFrom('ops.device')
          .select('id')
          .where('hostname', '=', d.hostname)
          .executeTakeFirstOrThrow()
      ).id;
    devices[d.hostname] = id;
    for (const [name, mbps, klass, purpose, description] of d.ports) {
      const pr = await db()
        .insertInto('ops.port')
        .values({ device_id: id, name, capacity_mbps: mbps, class_code: klass, purpose, description })
        .onConflict((oc) => oc.columns(['device_id', 'name']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (pr) created++;
      ports[`${d.hostname} ${name}`] =
        pr?.id ??
        (
          await db()
            .selectFrom('ops.port')
            .select('id')
            .where('device_id', '=', id)
            .where('name', '=', name)
            .executeTakeFirstOrThrow()
        ).id;
    }
  }
  for (const [a, b, description] of LINKS) {
    const r = await db()
      .insertInto('ops.link')
      .values({ a_port_id: ports[a]!, b_port_id: ports[b]!, description })
      .onConflict((oc) => oc.column('a_port_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) created++;
  }
  if (created) {
    await recordAudit({
      action: 'demo.network_physical_seeded',
      tenantId: null,
      summary: { pops: POPS.length, devices: DEVICES.length, links: LINKS.length, created },
    });
  }
  return { pops, mgmtNetworkId, devices, ports };
}
