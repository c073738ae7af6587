import { Type, type Static } from '@sinclair/typebox';
import { topologyRows } from './physical-device-repository.ts';
import { listLinks } from './physical-link-repository.ts';
import { listPops } from './physical-repository.ts';
import { DeviceRole, DeviceStatus, PortPurpose, PortStatus } from './physical-schema.ts';

/** The physical topology in one document: PoPs → devices → ports, and the links between ports. */

const Id = Type.String({ format: 'uuid' });

const End = Type.Object({ deviceId: Id, portId: Id });

export const TopologyOut = Type.Object({
  owner: Type.Literal('provider'),
  pops: Type.Array(
    Type.Object({
      id: Id,
      code: Type.String(),
      nameJa: Type.String(),
      nameEn: Type.String(),
      devices: Type.Array(
        Type.Object({
          id: Id,
          hostname: Type.String(),
          role: DeviceRole,
          status: DeviceStatus,
          model: Type.String(),
          ports: Type.Array(
            Type.Object({
              id: Id,
              name: Type.String(),
              capacityMbps: Type.Integer(),
              purpose: PortPurpose,
              status: PortStatus,
              linkId: Type.Union([Id, Type.Null()]),
            }),
          ),
        }),
      ),
    }),
  ),
  links: Type.Array(
    Type.Object({
      id: Id,
      a: End,
      b: End,
      capacityMbps: Type.Integer({ description: 'The smaller capacity of the two ends' }),
      description: Type.String(),
    }),
  ),
});

export async function topology(): Promise<Static<typeof TopologyOut>> {
  const pops = await listPops();
  const { devices, ports } = await topologyRows();
  const links = await listLinks();
  const portsOf = new Map<string, Static<typeof TopologyOut>['pops'][number]['devices'][number]['ports']>();
  for (const p of ports) {
    const list = portsOf.get(p.device_id) ?? [];
    list.push({
      id: p.id,
      name: p.name,
      capacityMbps: p.capacity_mbps,
      purpose: p.purpose,
      status: p.status,
      linkId: p.link_id,
    });
    portsOf.set(p.device_id, list);
  }
  return {
    owner: 'provider',
    pops: pops.map((pop) => ({
      id: pop.id,
      code: pop.code,
      nameJa: pop.name_ja,
      nameEn: pop.name_en,
      devices: devices
        .filter((d) => d.pop_id === pop.id)
        .map((d) => ({
          id: d.id,
          hostname: d.hostname,
          role: d.role,
          status: d.status,
          model: d.model,
          ports: portsOf.get(d.id) ?? [],
        })),
    })),
    links: links.map((l) => ({
      id: l.id,
      a: { deviceId: l.a_device_id, portId: l.a_port_id },
      b: { deviceId: l.b_device_id, portId: l.b_port_id },
      capacityMbps: Math.min(l.a_capacity, l.b_capacity),
      description: l.description,
    })),
  };
}
