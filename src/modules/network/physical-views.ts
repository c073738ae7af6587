import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import { getDriver } from '../dataplane/drivers/index.ts';
import { Owner } from '../services/schema.ts';
import type { DeviceRow, PortRow } from './physical-device-repository.ts';
import type { LinkRow } from './physical-link-repository.ts';
import type { MgmtNetworkRow, PopRow, PortClassRow } from './physical-repository.ts';
import { limitOf } from './physical-rules.ts';
import { DeviceRole, DeviceStatus, PortPurpose, PortStatus } from './physical-schema.ts';

/** Response schemas of the physical network and the mappers from rows. Every object is provider-owned. */

const Id = Type.String({ format: 'uuid' });
const At = Type.String({ format: 'date-time' });

export const PopOut = Type.Object({
  owner: Owner('provider'),
  id: Id,
  code: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  address: Type.String(),
  deviceCount: Type.Integer(),
  createdAt: At,
});

export const MgmtNetworkOut = Type.Object({
  owner: Owner('provider'),
  id: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'Never shared with customer networks (CLD.9.5.1, 13.1.3)' }),
  deviceCount: Type.Integer(),
  createdAt: At,
});

export const PortClassOut = Type.Object({
  owner: Owner('provider'),
  code: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  oversubscription: Type.Number({ description: 'Limit of contracted total / capacity' }),
  thresholdPct: Type.Integer(),
  portCount: Type.Integer(),
});

const PopRef = Type.Object({ id: Id, code: Type.String(), nameJa: Type.String(), nameEn: Type.String() });

export const DeviceOut = Type.Object({
  owner: Owner('provider'),
  id: Id,
  hostname: Type.String(),
  role: DeviceRole,
  vendor: Type.String(),
  model: Type.String(),
  serial: Type.String(),
  osVersion: Type.String(),
  pop: PopRef,
  mgmtNetwork: Type.Object({ id: Id, name: Type.String(), prefix: Type.String() }),
  mgmtAddress: Type.String(),
  underlayAddress: Type.Union([Type.String(), Type.Null()]),
  driver: Type.String(),
  driverTarget: Type.Record(Type.String(), Type.Unknown()),
  driverInstalled: Type.Boolean({ description: 'Whether a driver of this name is installed in this PVA' }),
  status: DeviceStatus,
  portCount: Type.Integer(),
  createdAt: At,
  updatedAt: At,
});

const PortEnd = Type.Object({
  deviceId: Id,
  hostname: Type.String(),
  portId: Id,
  portName: Type.String(),
});

export const PortOut = Type.Object({
  owner: Owner('provider'),
  id: Id,
  deviceId: Id,
  hostname: Type.String(),
  popCode: Type.String(),
  name: Type.String(),
  capacityMbps: Type.Integer(),
  classCode: Type.String(),
  oversubscription: Type.Number(),
  thresholdPct: Type.Integer(),
  limitMbps: Type.Integer({ description: 'capacity × oversubscription, rounded down' }),
  contractedMbps: Type.Integer({ description: 'Sum of bandwidth of connections planned or active here' }),
  connectionCount: Type.Integer({ description: 'Connections planned or active here (counts only)' }),
  purpose: PortPurpose,
  status: PortStatus,
  description: Type.String(),
  link: Type.Union([Type.Object({ id: Id, peer: PortEnd }), Type.Null()]),
  createdAt: At,
});

export const DeviceDetail = Type.Composite([DeviceOut, Type.Object({ ports: Type.Array(PortOut) })]);

const LinkEnd = Type.Composite([
  PortEnd,
  Type.Object({ popCode: Type.String(), capacityMbps: Type.Integer() }),
]);
export const LinkOut = Type.Object({
  owner: Owner('provider'),
  id: Id,
  a: LinkEnd,
  b: LinkEnd,
  description: Type.String(),
  createdAt: At,
});

export function popOut(p: PopRow): Static<typeof PopOut> {
  return {
    owner: 'provider',
    id: p.id,
    code: p.code,
    nameJa: p.name_ja,
    nameEn: p.name_en,
    address: p.address,
    deviceCount: p.devices,
    createdAt: formatInstant(p.created_at),
  };
}

export function mgmtNetworkOut(m: MgmtNetworkRow): Static<typeof MgmtNetworkOut> {
  return {
    owner: 'provider',
    id: m.id,
    name: m.name,
    prefix: m.prefix,
    deviceCount: m.devices,
    createdAt: formatInstant(m.created_at),
  };
}

export function portClassOut(c: PortClassRow): Static<typeof PortClassOut> {
  return {
    owner: 'provider',
    code: c.code,
    nameJa: c.name_ja,
    nameEn: c.name_en,
    oversubscription: c.oversubscription,
    thresholdPct: c.threshold_pct,
    portCount: c.ports,
  };
}

export function deviceOut(d: DeviceRow): Static<typeof DeviceOut> {
  return {
    owner: 'provider',
    id: d.id,
    hostname: d.hostname,
    role: d.role,
    vendor: d.vendor,
    model: d.model,
    serial: d.serial,
    osVersion: d.os_version,
    pop: { id: d.pop_id, code: d.pop_code, nameJa: d.pop_name_ja, nameEn: d.pop_name_en },
    mgmtNetwork: { id: d.mgmt_network_id, name: d.mgmt_network_name, prefix: d.mgmt_prefix },
    mgmtAddress: d.mgmt_address,
    underlayAddress: d.underlay_address,
    driver: d.driver,
    driverTarget: d.driver_target,
    driverInstalled: getDriver(d.driver) !== undefined,
    status: d.status,
    portCount: d.ports,
    createdAt: formatInstant(d.created_at),
    updatedAt: formatInstant(d.updated_at),
  };
}

export function portOut(p: PortRow): Static<typeof PortOut> {
  return {
    owner: 'provider',
    id: p.id,
    deviceId: p.device_id,
    hostname: p.hostname,
    popCode: p.pop_code,
    name: p.name,
    capacityMbps: p.capacity_mbps,
    classCode: p.class_code,
    oversubscription: p.oversubscription,
    thresholdPct: p.threshold_pct,
    limitMbps: limitOf(p.capacity_mbps, p.oversubscription),
    contractedMbps: p.contracted_mbps,
    connectionCount: p.connections,
    purpose: p.purpose,
    status: p.status,
    description: p.description,
    link:
      p.link_id && p.peer_port_id
        ? {
            id: p.link_id,
            peer: {
              deviceId: p.peer_device_id!,
              hostname: p.peer_hostname!,
              portId: p.peer_port_id,
              portName: p.peer_port!,
            },
          }
        : null,
    createdAt: formatInstant(p.created_at),
  };
}

export function linkOut(l: LinkRow): Static<typeof LinkOut> {
  const end = (s: 'a' | 'b') => ({
    deviceId: l[`${s}_device_id`],
    hostname: l[`${s}_hostname`],
    portId: l[`${s}_port_id`],
    portName: l[`${s}_port`],
    popCode: l[`${s}_pop`],
    capacityMbps: l[`${s}_capacity`],
  });
  return {
    owner: 'provider',
    id: l.id,
    a: end('a'),
    b: end('b'),
    description: l.description,
    createdAt: formatInstant(l.created_at),
  };
}
