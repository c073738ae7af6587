import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Request and response schemas of the equipment routes (management listener only). */

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = (description?: string) =>
  Type.String({ format: 'date', maxLength: 10, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time', description: 'JST, explicit +09:00' });
const Text = (max: number, description?: string) =>
  Type.String({ maxLength: max, ...(description ? { description } : {}) });

export const LifecycleStatusSchema = Type.Union(
  [
    Type.Literal('planned'),
    Type.Literal('active'),
    Type.Literal('maintenance'),
    Type.Literal('decommissioning'),
    Type.Literal('reused'),
    Type.Literal('disposed'),
  ],
  { description: "'active' is in service; reused and disposed need a completed disposal record" },
);
export const ComponentKindSchema = Type.Union([
  Type.Literal('storage'),
  Type.Literal('linecard'),
  Type.Literal('supervisor'),
  Type.Literal('psu'),
  Type.Literal('optic'),
  Type.Literal('other'),
]);
export const SupplierCategorySchema = Type.Union([
  Type.Literal('data_centre'),
  Type.Literal('equipment'),
  Type.Literal('service'),
]);
export const RatingSchema = Type.Union([
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
  Type.Literal('critical'),
]);
export const MethodSchema = Type.Union(
  [Type.Literal('crypto_erase'), Type.Literal('overwrite'), Type.Literal('physical_destruction')],
  { description: 'physical_destruction is done by a contractor (supplierId)' },
);
export const OutcomeSchema = Type.Union([Type.Literal('dispose'), Type.Literal('reuse')]);
export const EvidenceKindSchema = Type.Union([
  Type.Literal('certificate'),
  Type.Literal('wipe_log'),
  Type.Literal('other'),
]);

export const DeviceParams = Type.Object({ deviceId: Uuid });
export const ComponentParams = Type.Object({ componentId: Uuid });
export const DisposalParams = Type.Object({ disposalId: Uuid });
export const EvidenceParams = Type.Object({ disposalId: Uuid, evidenceId: Uuid });
export const SupplierParams = Type.Object({ supplierId: Uuid });
export const AgreementParams = Type.Object({ supplierId: Uuid, agreementId: Uuid });

export const InventoryQuery = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('device'), Type.Literal('component')])),
    status: Type.Optional(LifecycleStatusSchema),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'host name, vendor, model or serial' })),
  },
  { additionalProperties: false },
);

const Owner = Type.Object({
  staffId: Nullable(Uuid),
  staffName: Nullable(Type.String()),
  team: Type.String(),
});
export const InventoryItemOut = Type.Object({
  kind: Type.Union([Type.Literal('device'), Type.Literal('component')]),
  id: Uuid,
  deviceId: Nullable(Uuid),
  hostname: Nullable(Type.String({ description: 'the device, or the device a component is fitted in' })),
  componentKind: Nullable(ComponentKindSchema),
  storesData: Type.Boolean(),
  vendor: Type.String(),
  model: Type.String(),
  serial: Type.String(),
  version: Type.String({ description: 'OS version of a device, firmware of a component' }),
  status: LifecycleStatusSchema,
  pop: Nullable(Type.Object({ id: Uuid, code: Type.String() })),
  rack: Type.String(),
  position: Type.String(),
  owner: Owner,
});
export type InventoryItemOutT = Static<typeof InventoryItemOut>;

export const TransitionOut = Type.Object({
  id: Uuid,
  from: Nullable(Type.String()),
  to: Type.String(),
  reason: Type.String(),
  actor: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  at: Instant,
});

export const DisposalOut = Type.Object({
  id: Uuid,
  item: Type.Object({
    kind: Type.Union([Type.Literal('device'), Type.Literal('component')]),
    id: Uuid,
    label: Type.String(),
  }),
  outcome: OutcomeSchema,
  method: MethodSchema,
  supplier: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  status: Type.Union([Type.Literal('open'), Type.Literal('completed'), Type.Literal('cancelled')]),
  performer: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  performedOn: Nullable(Day('JST calendar day')),
  verifier: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  completedAt: Nullable(Instant),
  notes: Type.String(),
  components: Type.Array(Type.Object({ id: Uuid, label: Type.String() }), {
    description: 'storage-bearing components of the device this record covers',
  }),
  evidence: Type.Array(
    Type.Object({
      id: Uuid,
      kind: EvidenceKindSchema,
      filename: Type.String(),
      contentType: Type.String(),
      sizeBytes: Type.Integer(),
      sha256: Type.String(),
      uploadedBy: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
      uploadedAt: Instant,
    }),
  ),
  createdAt: Instant,
});
export type DisposalOutT = Static<typeof DisposalOut>;

export const ItemDetailOut = Type.Object({
  item: InventoryItemOut,
  notes: Type.String(),
  next: Type.Array(LifecycleStatusSchema, { description: 'statuses this item may move to now' }),
  components: Type.Array(InventoryItemOut),
  history: Type.Array(TransitionOut),
  disposals: Type.Array(DisposalOut),
  suppliers: Type.Array(Type.Object({ id: Uuid, name: Type.String(), category: SupplierCategorySchema })),
});

export const InventoryPatch = Type.Object(
  {
    rack: Type.Optional(Text(50)),
    position: Type.Optional(Text(50)),
    ownerStaffId: Type.Optional(Nullable(Uuid)),
    ownerTeam: Type.Optional(Text(100)),
    notes: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);
export type InventoryPatchT = Static<typeof InventoryPatch>;

export const ComponentBody = Type.Object(
  {
    deviceId: Type.Optional(Nullable(Uuid)),
    kind: ComponentKindSchema,
    storesData: Type.Optional(Type.Boolean()),
    vendor: Type.String({ minLength: 1, maxLength: 100 }),
    model: Type.String({ minLength: 1, maxLength: 100 }),
    serial: Type.String({ minLength: 1, maxLength: 100 }),
    firmwareVersion: Type.Optional(Text(100)),
    popId: Type.Optional(Nullable(Uuid)),
    rack: Type.Optional(Text(50)),
    position: Type.Optional(Text(50)),
    ownerStaffId: Type.Optional(Nullable(Uuid)),
    ownerTeam: Type.Optional(Text(100)),
    notes: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);
export type ComponentBodyT = Static<typeof ComponentBody>;
export const ComponentPatch = Type.Partial(ComponentBody, { additionalProperties: false });
export type ComponentPatchT = Static<typeof ComponentPatch>;

export const TransitionBody = Type.Object(
  {
    to: LifecycleStatusSchema,
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type TransitionBodyT = Static<typeof TransitionBody>;

export const DependantsOut = Type.Object({
  connections: Type.Array(
    Type.Object({ id: Uuid, serviceCode: Type.String(), status: Type.String(), port: Type.String() }),
  ),
  tenants: Type.Integer(),
  virtualNetworks: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  ports: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});

export const StaffOut = Type.Object({ id: Uuid, name: Type.String(), email: Type.String() });

export const DisposalBody = Type.Object(
  {
    deviceId: Type.Optional(Uuid),
    componentId: Type.Optional(Uuid),
    outcome: OutcomeSchema,
    method: MethodSchema,
    supplierId: Type.Optional(Nullable(Uuid)),
    performerStaffId: Type.Optional(Uuid),
    performedOn: Type.Optional(Day('the JST day the work was carried out')),
    componentIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 100,
        description: 'storage-bearing components of the device sanitised with it (defaults to all of them)',
      }),
    ),
    notes: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);
export type DisposalBodyT = Static<typeof DisposalBody>;
export const DisposalPatch = Type.Object(
  {
    performerStaffId: Type.Optional(Uuid),
    performedOn: Type.Optional(Day()),
    supplierId: Type.Optional(Nullable(Uuid)),
    notes: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);
export type DisposalPatchT = Static<typeof DisposalPatch>;
export const DisposalsQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('completed'), Type.Literal('cancelled')]),
    ),
  },
  { additionalProperties: false },
);
export const EvidenceBody = Type.Object(
  {
    kind: EvidenceKindSchema,
    filename: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.String({
      maxLength: 100,
      description: 'application/pdf, text/plain, text/csv, application/json, image/png or image/jpeg',
    }),
    contentBase64: Type.String({ minLength: 1, maxLength: 3_000_000, description: 'at most 2 MiB decoded' }),
  },
  { additionalProperties: false },
);
export type EvidenceBodyT = Static<typeof EvidenceBody>;
