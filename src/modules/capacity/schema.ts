import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Request and response schemas of the capacity routes (management listener). */

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = (description?: string) =>
  Type.String({ format: 'date', maxLength: 10, ...(description ? { description } : {}) });

export const StateSchema = Type.Union(
  [Type.Literal('ok'), Type.Literal('watch'), Type.Literal('warning'), Type.Literal('critical')],
  {
    description:
      'ok; watch: the forecast crosses the threshold within about six months; warning: contracted or measured at/over the threshold; critical: contracted over the oversubscription limit or measured at capacity',
  },
);
export const PlanStatusSchema = Type.Union([
  Type.Literal('planned'),
  Type.Literal('ordered'),
  Type.Literal('in_progress'),
  Type.Literal('done'),
  Type.Literal('cancelled'),
]);
const AlertKindSchema = Type.Union([Type.Literal('contracted'), Type.Literal('measured')]);

export const PortParams = Type.Object({ portId: Uuid });
export const PlanParams = Type.Object({ planId: Uuid });

export const PortsQuery = Type.Object(
  {
    pop: Type.Optional(Type.String({ format: 'uuid', description: 'Only ports of this PoP' })),
    device: Type.Optional(Type.String({ format: 'uuid', description: 'Only ports of this device' })),
    state: Type.Optional(StateSchema),
    sort: Type.Optional(
      Type.Union(
        [
          Type.Literal('severity'),
          Type.Literal('ratio'),
          Type.Literal('utilisation'),
          Type.Literal('headroom'),
          Type.Literal('forecast'),
          Type.Literal('name'),
        ],
        {
          description:
            'severity (default: worst state first, then contracted/limit), ratio, utilisation (measured p95/capacity), headroom (smallest first), forecast (earliest crossing first), name (PoP, device, port)',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export const DevicesQuery = Type.Object(
  { pop: Type.Optional(Type.String({ format: 'uuid', description: 'Only devices of this PoP' })) },
  { additionalProperties: false },
);
export const PlansQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([PlanStatusSchema, Type.Literal('open')], {
        description: 'open: planned, ordered or in progress',
      }),
    ),
    portId: Type.Optional(Uuid),
    deviceId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Plans for the device and its ports' }),
    ),
  },
  { additionalProperties: false },
);
export const AlertsQuery = Type.Object(
  {
    open: Type.Optional(Type.Boolean({ description: 'true: open alerts only; false: cleared ones only' })),
    portId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);

const PopRef = Type.Object({ id: Uuid, code: Type.String(), nameJa: Type.String(), nameEn: Type.String() });
const DeviceRef = Type.Object({ id: Uuid, hostname: Type.String() });
const StateCounts = Type.Object({
  ok: Type.Integer(),
  watch: Type.Integer(),
  warning: Type.Integer(),
  critical: Type.Integer(),
});

export const ForecastOut = Type.Object({
  status: Type.Union(
    [
      Type.Literal('insufficient_data'),
      Type.Literal('not_rising'),
      Type.Literal('crossed'),
      Type.Literal('beyond_horizon'),
      Type.Literal('crossing'),
    ],
    {
      description:
        'insufficient_data: fewer than 3 complete months; not_rising: flat or decreasing trend; crossed: the latest 95th percentile is already at/over the threshold; beyond_horizon: more than 10 years ahead; crossing: see date',
    },
  ),
  date: Nullable(
    Type.String({
      format: 'date',
      description:
        'The first day (JST) on which the least-squares trend of the monthly 95th percentiles reaches the threshold',
    }),
  ),
  thresholdMbps: Type.Number(),
  months: Type.Integer({ description: 'Complete months the trend was fitted over (at most 12)' }),
  slopeMbpsPerMonth: Nullable(Type.Number()),
});

export const MeasuredOut = Type.Object({
  month: Type.String({ format: 'date', description: 'First day of the month (JST)' }),
  p95Mbps: Type.Number(),
  peakMbps: Type.Number(),
  samples: Type.Integer(),
  utilisationPct: Type.Number({ description: '95th percentile / capacity × 100' }),
  headroomMbps: Type.Number({ description: 'capacity − 95th percentile' }),
  partial: Type.Boolean({ description: 'The current month, still being measured' }),
  stale: Type.Boolean({ description: 'Older than the previous month: not used for the state or alerts' }),
});

export const PortOut = Type.Object({
  owner: Type.Literal('provider'),
  id: Uuid,
  name: Type.String(),
  purpose: Type.Union([Type.Literal('access'), Type.Literal('backbone'), Type.Literal('management')]),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  description: Type.String(),
  device: Type.Object({ id: Uuid, hostname: Type.String(), role: Type.String(), status: Type.String() }),
  pop: PopRef,
  portClass: Type.Object({
    code: Type.String(),
    nameJa: Type.String(),
    nameEn: Type.String(),
    oversubscription: Type.Number(),
    thresholdPct: Type.Integer(),
  }),
  capacityMbps: Type.Number(),
  limitMbps: Type.Number({ description: 'capacity × oversubscription, rounded down' }),
  contractedMbps: Type.Number({
    description: 'Sum of contracted bandwidth of planned and active connections',
  }),
  connections: Type.Integer(),
  ratio: Type.Number({ description: 'Oversubscription ratio: contracted / capacity' }),
  limitUsedPct: Type.Number({ description: 'contracted / limit × 100' }),
  headroomMbps: Type.Number({
    description: 'limit − contracted (negative when over the limit by an override)',
  }),
  contractedThresholdMbps: Type.Number({ description: 'threshold % of the limit' }),
  measuredThresholdMbps: Type.Number({ description: 'threshold % of the capacity' }),
  measured: Nullable(MeasuredOut),
  forecast: ForecastOut,
  state: StateSchema,
  reasons: Type.Array(
    Type.Union([
      Type.Literal('contracted_over_limit'),
      Type.Literal('contracted_threshold'),
      Type.Literal('measured_capacity'),
      Type.Literal('measured_threshold'),
      Type.Literal('forecast'),
    ]),
  ),
  openAlerts: Type.Array(AlertKindSchema),
  openPlans: Type.Integer(),
});
export type PortOutT = Static<typeof PortOut>;

export const TotalsOut = Type.Object({
  ports: Type.Integer(),
  capacityMbps: Type.Number(),
  limitMbps: Type.Number(),
  contractedMbps: Type.Number(),
  ratio: Type.Number({ description: 'contracted / capacity' }),
  measuredP95Mbps: Nullable(
    Type.Number({ description: "Sum of the ports' latest 95th percentiles (an upper bound for the whole)" }),
  ),
  states: StateCounts,
  worst: StateSchema,
  firstCrossing: Nullable(Type.String({ format: 'date' })),
  openPlans: Type.Integer(),
});

export const DeviceOut = Type.Composite([
  Type.Object({
    owner: Type.Literal('provider'),
    id: Uuid,
    hostname: Type.String(),
    role: Type.String(),
    status: Type.String(),
    pop: PopRef,
  }),
  TotalsOut,
]);
export const PopOut = Type.Composite([
  Type.Object({
    owner: Type.Literal('provider'),
    id: Uuid,
    code: Type.String(),
    nameJa: Type.String(),
    nameEn: Type.String(),
    devices: Type.Integer(),
  }),
  TotalsOut,
]);

const StaffRef = Nullable(Type.Object({ id: Uuid, name: Type.String() }));
export const PlanOut = Type.Object({
  owner: Type.Literal('provider'),
  id: Uuid,
  port: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  device: DeviceRef,
  pop: PopRef,
  reason: Type.String(),
  targetDate: Type.String({ format: 'date' }),
  status: PlanStatusSchema,
  next: Type.Array(PlanStatusSchema, { description: 'The statuses the plan may move to' }),
  note: Type.String(),
  createdBy: StaffRef,
  updatedBy: StaffRef,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const AlertOut = Type.Object({
  owner: Type.Literal('provider'),
  id: Uuid,
  port: Type.Object({ id: Uuid, name: Type.String() }),
  device: DeviceRef,
  popCode: Type.String(),
  kind: AlertKindSchema,
  crossedAt: Type.String({ format: 'date-time' }),
  clearedAt: Nullable(Type.String({ format: 'date-time' })),
  valueMbps: Type.Number(),
  thresholdMbps: Type.Number(),
  notifiedAt: Nullable(Type.String({ format: 'date-time' })),
});

const Point = Type.Object({ date: Type.String({ format: 'date' }), mbps: Type.Number() });
export const PortDetailOut = Type.Composite([
  PortOut,
  Type.Object({
    series: Type.Array(
      Type.Object({
        month: Type.String({ format: 'date' }),
        p95Mbps: Type.Number(),
        peakMbps: Type.Number(),
        samples: Type.Integer(),
      }),
      { description: 'Monthly figures of the last 24 months, oldest first' },
    ),
    trend: Nullable(
      Type.Object(
        { from: Point, to: Point, slopeMbpsPerMonth: Type.Number() },
        {
          description:
            'The fitted line from the first month of the window to the forecast (or six months ahead)',
        },
      ),
    ),
    plans: Type.Array(PlanOut),
    alerts: Type.Array(AlertOut),
  }),
]);

const Text = (max: number, description: string, minLength = 0) =>
  Type.String({ maxLength: max, minLength, description });
export const CreatePlanBody = Type.Object(
  {
    portId: Type.Optional(
      Type.String({ format: 'uuid', description: 'The port to augment (or give deviceId)' }),
    ),
    deviceId: Type.Optional(
      Type.String({ format: 'uuid', description: 'The device to augment (or give portId)' }),
    ),
    reason: Text(2000, 'Why, e.g. "forecast crosses 80% on 2027-03-01"', 1),
    targetDate: Day('When the augmentation should be in service (JST day, today or later)'),
    note: Type.Optional(Text(2000, 'Free note')),
  },
  { additionalProperties: false },
);
export const UpdatePlanBody = Type.Object(
  {
    status: Type.Optional(PlanStatusSchema),
    reason: Type.Optional(Text(2000, 'Why', 1)),
    targetDate: Type.Optional(Day('A new target day (JST, today or later)')),
    note: Type.Optional(Text(2000, 'Free note')),
  },
  { additionalProperties: false, minProperties: 1 },
);
