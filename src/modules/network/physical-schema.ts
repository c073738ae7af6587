import { Type, type Static } from '@sinclair/typebox';

/**
 * Request schemas of the physical network (management listener). Patterns mirror the CHECK
 * constraints of migration 0009, so bad input is a 400 here and never reaches the database.
 */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ClassCodeParams = Type.Object({ code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }) });

export const PopCode = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9-]{1,15}$',
  description: 'PoP code: 2–16 upper-case letters, digits and hyphens (e.g. TKY1)',
});
const Name = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '\\S', ...(description ? { description } : {}) });
export const ClassCode = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,31}$',
  description: 'Port class code: lower-case letters, digits and hyphens (e.g. access-10g)',
});
export const Hostname = Type.String({
  maxLength: 253,
  pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$',
  description: 'Lower-case host name, unique (e.g. pe1.tky1)',
});
export const PortName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9/._:-]{0,63}$',
  description: 'Interface name, unique on its device (e.g. xe-0/0/1, eth1)',
});
export const DeviceRole = Type.Union([
  Type.Literal('pe'),
  Type.Literal('aggregation'),
  Type.Literal('management'),
]);
export const DeviceStatus = Type.Union([
  Type.Literal('planned'),
  Type.Literal('active'),
  Type.Literal('maintenance'),
  Type.Literal('decommissioning'),
  Type.Literal('reused'),
  Type.Literal('disposed'),
]);
export const PortPurpose = Type.Union([
  Type.Literal('access', { description: 'customer traffic arrives here (internet uplink or handoff)' }),
  Type.Literal('backbone'),
  Type.Literal('management'),
]);
export const PortStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);
const Address = Type.String({ minLength: 2, maxLength: 45, description: 'One IPv4 or IPv6 address' });
const Prefix = Type.String({
  minLength: 3,
  maxLength: 49,
  description: 'IPv4 or IPv6 prefix, e.g. 10.255.0.0/24',
});
const Description = Type.String({ maxLength: 200 });
export const DriverName = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,31}$',
  description: 'Data-plane driver that configures the device (e.g. linux, render-only)',
});
export const DriverTarget = Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Unknown(), {
  maxProperties: 32,
  description:
    'Where the driver reaches the device (e.g. {"netns":"pva-pe-tky1a"}); at most 4 KB of JSON; no credentials',
});
export const Capacity = Type.Integer({
  minimum: 1,
  maximum: 10_000_000,
  description: 'Physical capacity, Mbit/s (1 Gbps = 1000)',
});
const Oversubscription = Type.Number({
  minimum: 0.01,
  maximum: 1000,
  description: 'Limit of contracted total / capacity (e.g. 2.0); two decimals',
});
const ThresholdPct = Type.Integer({
  minimum: 1,
  maximum: 100,
  description: 'Utilisation threshold (percent of capacity) for alerts and forecasts',
});
export const Override = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      pattern: '\\S',
      description: 'Why the contracted total may exceed the limit (audited)',
    }),
  },
  {
    additionalProperties: false,
    description:
      'Accept a change that leaves contracted bandwidth above capacity × oversubscription (audited with the reason)',
  },
);

export const PopBody = Type.Object(
  {
    code: PopCode,
    nameJa: Name(100, 'Name in Japanese (e.g. 東京第1)'),
    nameEn: Name(100, 'Name in English'),
    address: Type.Optional(Type.String({ maxLength: 300, description: 'Street address of the site' })),
  },
  { additionalProperties: false },
);
export const PopPatch = Type.Partial(PopBody, { additionalProperties: false, minProperties: 1 });

export const MgmtNetworkBody = Type.Object(
  { name: Name(100), prefix: Prefix },
  { additionalProperties: false },
);
export const MgmtNetworkPatch = Type.Partial(MgmtNetworkBody, {
  additionalProperties: false,
  minProperties: 1,
});

export const PortClassBody = Type.Object(
  {
    code: ClassCode,
    nameJa: Name(100),
    nameEn: Name(100),
    oversubscription: Oversubscription,
    thresholdPct: Type.Optional(ThresholdPct),
  },
  { additionalProperties: false },
);
export const PortClassPatch = Type.Object(
  {
    nameJa: Type.Optional(Name(100)),
    nameEn: Type.Optional(Name(100)),
    oversubscription: Type.Optional(Oversubscription),
    thresholdPct: Type.Optional(ThresholdPct),
    override: Type.Optional(Override),
  },
  { additionalProperties: false, minProperties: 1 },
);

const deviceFields = {
  popId: Type.String({ format: 'uuid' }),
  hostname: Hostname,
  role: DeviceRole,
  vendor: Name(100),
  model: Name(100),
  serial: Name(100),
  osVersion: Name(100),
  mgmtNetworkId: Type.String({ format: 'uuid' }),
  mgmtAddress: Type.String({
    ...Address,
    description: 'Management address: inside the management network, unique',
  }),
  underlayAddress: Type.Optional(
    Type.Union([Address, Type.Null()], {
      description: 'PE address customer IPsec peers connect to; never inside a management network',
    }),
  ),
  driver: Type.Optional(DriverName),
  driverTarget: Type.Optional(DriverTarget),
  status: Type.Optional(DeviceStatus),
};
export const DeviceBody = Type.Object(deviceFields, { additionalProperties: false });
export const DevicePatch = Type.Partial(Type.Object(deviceFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const DeviceListQuery = Type.Object(
  {
    popId: Type.Optional(Type.String({ format: 'uuid' })),
    role: Type.Optional(DeviceRole),
    status: Type.Optional(DeviceStatus),
    q: Type.Optional(
      Type.String({ maxLength: 100, description: 'Search host name, vendor, model and serial' }),
    ),
  },
  { additionalProperties: false },
);

const portFields = {
  name: PortName,
  capacityMbps: Capacity,
  classCode: ClassCode,
  purpose: Type.Optional(PortPurpose),
  status: Type.Optional(PortStatus),
  description: Type.Optional(Description),
};
export const PortBody = Type.Object(portFields, { additionalProperties: false });
export const PortPatch = Type.Object(
  {
    name: Type.Optional(PortName),
    capacityMbps: Type.Optional(Capacity),
    classCode: Type.Optional(ClassCode),
    purpose: Type.Optional(PortPurpose),
    status: Type.Optional(PortStatus),
    description: Type.Optional(Description),
    override: Type.Optional(Override),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const LinkBody = Type.Object(
  {
    aPortId: Type.String({ format: 'uuid' }),
    bPortId: Type.String({ format: 'uuid', description: 'A port of another device' }),
    description: Type.Optional(Description),
  },
  { additionalProperties: false },
);
export const LinkPatch = Type.Object({ description: Description }, { additionalProperties: false });

export type PopBodyT = Static<typeof PopBody>;
export type PopPatchT = Static<typeof PopPatch>;
export type MgmtNetworkBodyT = Static<typeof MgmtNetworkBody>;
export type MgmtNetworkPatchT = Static<typeof MgmtNetworkPatch>;
export type PortClassBodyT = Static<typeof PortClassBody>;
export type PortClassPatchT = Static<typeof PortClassPatch>;
export type DeviceBodyT = Static<typeof DeviceBody>;
export type DevicePatchT = Static<typeof DevicePatch>;
export type PortBodyT = Static<typeof PortBody>;
export type PortPatchT = Static<typeof PortPatch>;
export type LinkBodyT = Static<typeof LinkBody>;
