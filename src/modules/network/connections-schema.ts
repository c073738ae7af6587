import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import { Owner } from '../services/schema.ts';
import { transferEnds } from './addressing.ts';
import { caSummary, ESP_PROPOSALS, IKE_PROPOSALS, PSK_MAX } from './connections-ipsec.ts';
import type { PlacementPortRow } from './connections-load-repository.ts';
import type { ConnectionView } from './connections-repository.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const MAX_MBPS = 1_000_000;

// ---- input -----------------------------------------------------------------------------------

const PrefixIn = (family: string) =>
  Type.Union([Type.String({ minLength: 3, maxLength: 64 }), Type.Null()], {
    description: `The ${family} transfer prefix: omit to allocate the first free block of the tenant's ${family} pools, null for none`,
  });

const IpsecIn = Type.Object(
  {
    peerAddress: Type.String({
      minLength: 2,
      maxLength: 64,
      description: "The customer gateway's public address",
    }),
    ikeProposals: Type.Optional(
      Type.Array(Type.Union(IKE_PROPOSALS.map((p) => Type.Literal(p))), {
        minItems: 1,
        maxItems: 4,
        description:
          'IKE proposals (strongSwan syntax) from the allow-list; default aes256gcm16-prfsha256-ecp256',
      }),
    ),
    espProposals: Type.Optional(
      Type.Array(Type.Union(ESP_PROPOSALS.map((p) => Type.Literal(p))), {
        minItems: 1,
        maxItems: 4,
        description: 'ESP proposals from the allow-list; default aes256gcm16-ecp256',
      }),
    ),
    auth: Type.Union([Type.Literal('psk'), Type.Literal('cert')]),
    psk: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: PSK_MAX,
        description:
          'Pre-shared key (20–128 characters); omit to have a random one generated. Stored sealed, never returned by a read',
      }),
    ),
    localId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        description: "The PE's IKE identity; default its underlay address",
      }),
    ),
    remoteId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        description: "The customer's IKE identity; required for cert, default the peer address",
      }),
    ),
    remoteCaPem: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 16_384,
        description: "cert: the customer's CA certificate (PEM)",
      }),
    ),
  },
  { additionalProperties: false },
);

const OverrideIn = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      description: "Why this placement may pass the port's oversubscription limit (recorded and audited)",
    }),
  },
  { additionalProperties: false },
);

const Subnets = Type.Array(Type.String({ minLength: 3, maxLength: 64 }), {
  maxItems: 64,
  description: "The customer's LANs behind this connection (routed to it inside the virtual network)",
});
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Mbps = Type.Integer({
  minimum: 1,
  maximum: MAX_MBPS,
  description: 'Mbit/s, at most the contracted bandwidth',
});
const HandoffId = Type.Integer({
  minimum: 1,
  maximum: 16_777_215,
  description: 'direct: the VXLAN/handoff id on the port, unique on its PE; omit to take the next free one',
});

export const CreateConnectionBody = Type.Object(
  {
    serviceId: Type.String({ format: 'uuid', description: "One of the tenant's ipsec or direct services" }),
    name: Name,
    portId: Type.String({ format: 'uuid', description: 'An active access port of a PE' }),
    bandwidthMbps: Mbps,
    status: Type.Optional(
      Type.Union([Type.Literal('planned'), Type.Literal('active')], { default: 'planned' }),
    ),
    ipv4Prefix: Type.Optional(PrefixIn('IPv4')),
    ipv6Prefix: Type.Optional(PrefixIn('IPv6')),
    customerSubnets: Type.Optional(Subnets),
    ipsec: Type.Optional(IpsecIn),
    handoffId: Type.Optional(HandoffId),
    placementOverride: Type.Optional(OverrideIn),
  },
  { additionalProperties: false },
);
export type CreateConnectionBodyT = Static<typeof CreateConnectionBody>;

export const PatchConnectionBody = Type.Object(
  {
    name: Type.Optional(Name),
    bandwidthMbps: Type.Optional(Mbps),
    portId: Type.Optional(Type.String({ format: 'uuid', description: 'Move the connection to this port' })),
    status: Type.Optional(
      Type.Union([Type.Literal('planned'), Type.Literal('active'), Type.Literal('disabled')]),
    ),
    customerSubnets: Type.Optional(Subnets),
    handoffId: Type.Optional(HandoffId),
    ipsec: Type.Optional(IpsecIn),
    placementOverride: Type.Optional(OverrideIn),
  },
  { additionalProperties: false, minProperties: 1 },
);

// ---- output ----------------------------------------------------------------------------------

const Transfer = Nullable(
  Type.Object({
    prefix: Type.String(),
    peAddress: Type.String({ description: 'The PE side: the first usable host' }),
    customerAddress: Type.String({ description: 'The customer side: the second usable host' }),
  }),
);
const Addressing = Type.Object({
  ipv4: Transfer,
  ipv6: Transfer,
  customerSubnets: Type.Array(Type.String()),
});

const IpsecOut = Type.Object(
  {
    peerAddress: Type.String(),
    ikeProposals: Type.Array(Type.String()),
    espProposals: Type.Array(Type.String()),
    auth: Type.Union([Type.Literal('psk'), Type.Literal('cert')]),
    localId: Type.String(),
    remoteId: Type.String(),
    remoteCa: Nullable(
      Type.Object({
        subject: Type.String(),
        fingerprint256: Type.String(),
        validTo: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { description: 'IPsec parameters; the pre-shared key is never part of a read' },
);

const common = {
  id: Uuid,
  name: Type.String(),
  kind: Type.Union([Type.Literal('ipsec'), Type.Literal('direct')]),
  bandwidthMbps: Type.Integer(),
  status: Type.Union([Type.Literal('planned'), Type.Literal('active'), Type.Literal('disabled')]),
  owner: Owner('customer'),
  service: Type.Object({
    id: Uuid,
    code: Type.String(),
    label: Type.String({ description: "The customer's label of the service code, plain text" }),
  }),
  addressing: Addressing,
  ipsec: Nullable(IpsecOut),
  handoffId: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};

/** The customer's view: where the connection attaches, nothing else of the provider's topology. */
export const PortalConnectionOut = Type.Object({
  ...common,
  virtualNetwork: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  peLocation: Nullable(
    Type.Object(
      {
        pop: Type.Object({ nameJa: Type.String(), nameEn: Type.String() }),
        hostname: Type.String(),
        underlayAddress: Nullable(Type.String({ description: 'Where the IPsec peer connects' })),
      },
      { description: 'The PoP and PE the connection attaches to' },
    ),
  ),
});

export const StaffConnectionOut = Type.Object({
  ...common,
  tenantId: Uuid,
  contractedMbps: Nullable(Type.Integer({ description: "The service's contracted bandwidth" })),
  virtualNetwork: Nullable(Type.Object({ id: Uuid, name: Type.String(), vni: Type.Integer() })),
  placement: Nullable(
    Type.Object({
      port: Type.Object({ id: Uuid, name: Type.String(), capacityMbps: Type.Integer() }),
      device: Type.Object({ id: Uuid, hostname: Type.String(), underlayAddress: Nullable(Type.String()) }),
      pop: Type.Object({ id: Uuid, code: Type.String(), nameJa: Type.String(), nameEn: Type.String() }),
    }),
  ),
  pskSet: Type.Boolean({
    description: 'Whether a sealed pre-shared key is stored (the key itself is never shown)',
  }),
  placementOverride: Nullable(
    Type.Object({
      staffId: Type.String(),
      reason: Type.String(),
      at: Type.String({ format: 'date-time' }),
      totalMbps: Type.Integer(),
      limitMbps: Type.Integer(),
    }),
  ),
});

export const CreatedConnectionOut = Type.Composite([
  StaffConnectionOut,
  Type.Object({
    pskGenerated: Type.Boolean({
      description:
        'A random PSK was generated; the customer retrieves it through the portal, it is not in this response',
    }),
  }),
]);

function transfer(prefix: string | null): Static<typeof Transfer> {
  return prefix ? { prefix, ...renameEnds(transferEnds(prefix)) } : null;
}
const renameEnds = (e: { pe: string; customer: string }) => ({
  peAddress: e.pe,
  customerAddress: e.customer,
});

function commonOut(c: ConnectionView) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    bandwidthMbps: c.bandwidth_mbps,
    status: c.status,
    owner: 'customer' as const,
    service: { id: c.service_id, code: c.service_code, label: c.service_label },
    addressing: {
      ipv4: transfer(c.ipv4_prefix),
      ipv6: transfer(c.ipv6_prefix),
      customerSubnets: c.customer_subnets,
    },
    ipsec: c.ipsec
      ? {
          peerAddress: c.ipsec.peerAddress,
          ikeProposals: c.ipsec.ikeProposals,
          espProposals: c.ipsec.espProposals,
          auth: c.ipsec.auth,
          localId: c.ipsec.localId,
          remoteId: c.ipsec.remoteId,
          remoteCa: caSummary(c.ipsec.remoteCaPem),
        }
      : null,
    handoffId: c.handoff_id,
    createdAt: formatInstant(c.created_at),
    updatedAt: formatInstant(c.updated_at),
  };
}

export function portalConnectionOut(c: ConnectionView): Static<typeof PortalConnectionOut> {
  return {
    ...commonOut(c),
    virtualNetwork: c.virtual_network_id ? { id: c.virtual_network_id, name: c.vnet_name! } : null,
    peLocation: c.hostname
      ? {
          pop: { nameJa: c.pop_name_ja!, nameEn: c.pop_name_en! },
          hostname: c.hostname,
          underlayAddress: c.underlay_address,
        }
      : null,
  };
}

export function staffConnectionOut(c: ConnectionView): Static<typeof StaffConnectionOut> {
  const o = c.placement_override;
  return {
    ...commonOut(c),
    tenantId: c.tenant_id,
    contractedMbps: c.service_bandwidth_mbps,
    virtualNetwork: c.virtual_network_id
      ? { id: c.virtual_network_id, name: c.vnet_name!, vni: c.vni! }
      : null,
    placement: c.port_id
      ? {
          port: { id: c.port_id, name: c.port_name!, capacityMbps: Number(c.capacity_mbps) },
          device: { id: c.device_id!, hostname: c.hostname!, underlayAddress: c.underlay_address },
          pop: { id: c.pop_id!, code: c.pop_code!, nameJa: c.pop_name_ja!, nameEn: c.pop_name_en! },
        }
      : null,
    pskSet: c.psk_set,
    placementOverride: o
      ? { staffId: o.staffId, reason: o.reason, at: o.at, totalMbps: o.totalMbps, limitMbps: o.limitMbps }
      : null,
  };
}

export const PlacementPortOut = Type.Object({
  portId: Uuid,
  portName: Type.String(),
  deviceId: Uuid,
  hostname: Type.String(),
  deviceStatus: Type.String(),
  underlayAddress: Nullable(Type.String()),
  pop: Type.Object({ code: Type.String(), nameJa: Type.String(), nameEn: Type.String() }),
  classCode: Type.String(),
  capacityMbps: Type.Integer(),
  oversubscription: Type.Number(),
  limitMbps: Type.Integer({ description: 'capacity × oversubscription' }),
  contractedMbps: Type.Integer({ description: 'Contracted bandwidth of planned and active connections' }),
  thresholdPct: Type.Integer(),
  owner: Owner('provider'),
});

export function placementPortOut(r: PlacementPortRow): Static<typeof PlacementPortOut> {
  const capacity = Number(r.capacity_mbps);
  const over = Number(r.oversubscription);
  return {
    portId: r.port_id,
    portName: r.port_name,
    deviceId: r.device_id,
    hostname: r.hostname,
    deviceStatus: r.device_status,
    underlayAddress: r.underlay_address,
    pop: { code: r.pop_code, nameJa: r.pop_name_ja, nameEn: r.pop_name_en },
    classCode: r.class_code,
    capacityMbps: capacity,
    oversubscription: over,
    limitMbps: Math.floor(capacity * over),
    contractedMbps: Number(r.contracted_mbps),
    thresholdPct: r.threshold_pct,
    owner: 'provider',
  };
}
