import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import type { DayAvailability, EventView, MonitorView, RoundView } from './views.ts';

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const ProbeState = Type.Union([
  Type.Literal('unknown'),
  Type.Literal('up'),
  Type.Literal('degraded'),
  Type.Literal('down'),
]);
const ShownState = Type.Union([...ProbeState.anyOf, Type.Literal('paused')]);
const Instant = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number>>(t: T) =>
  Type.Union([t, Type.Null()]);

export const ListQuery = Type.Object(
  {
    state: Type.Optional(ShownState),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export const MgmtListQuery = Type.Object(
  { ...ListQuery.properties, tenantId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);

export const MonitorOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  owner: Type.Literal('provider', {
    description:
      'Provider-kept monitoring records (CLD.12.4.5); the pause and its reason are set by the customer',
  }),
  tenantCode: Type.Optional(Type.String({ description: 'Management plane only' })),
  tenantName: Type.Optional(Type.String({ description: 'Management plane only' })),
  connectionId: Type.String({ format: 'uuid' }),
  connectionName: Type.String(),
  serviceId: Type.String({ format: 'uuid' }),
  serviceCode: Type.String(),
  target: Nullable(
    Type.String({
      description: 'The customer-side address of the transfer prefix; null while none is assigned',
    }),
  ),
  probeKind: Type.Union([Type.Literal('icmp'), Type.Literal('tcp')]),
  tcpPort: Type.Union([Type.Integer(), Type.Null()]),
  intervalS: Type.Integer({ description: 'Seconds between rounds (10-300)' }),
  state: ShownState,
  probeState: Type.Union([...ProbeState.anyOf], {
    description: 'The state machine (kept while paused; unknown again after resuming)',
  }),
  stateSince: Instant(),
  paused: Type.Union([
    Type.Object({
      at: Instant(),
      by: Type.Union([Type.Literal('customer'), Type.Literal('staff')]),
      reason: Nullable(Type.String()),
      resumeAt: Nullable(Instant('Automatic resume time, if set')),
    }),
    Type.Null(),
  ]),
  lastRoundAt: Nullable(Instant()),
  lastLossPct: Nullable(Type.Number()),
  lastRttMs: Nullable(Type.Number({ description: 'Median RTT of the last round' })),
});

export function monitorOut(v: MonitorView, forStaff: boolean): Static<typeof MonitorOut> {
  return {
    id: v.id,
    owner: 'provider',
    ...(forStaff ? { tenantCode: v.tenant_code, tenantName: v.tenant_name } : {}),
    connectionId: v.connection_id,
    connectionName: v.connection_name,
    serviceId: v.service_id,
    serviceCode: v.service_code,
    target: v.target,
    probeKind: v.probe_kind,
    tcpPort: v.tcp_port,
    intervalS: v.interval_s,
    state: v.paused_at ? 'paused' : v.state,
    probeState: v.state,
    stateSince: formatInstant(v.state_since),
    paused: v.paused_at
      ? {
          at: formatInstant(v.paused_at),
          by: v.paused_by_kind ?? 'customer',
          reason: v.pause_reason,
          resumeAt: v.resume_at ? formatInstant(v.resume_at) : null,
        }
      : null,
    lastRoundAt: v.last_round_at ? formatInstant(v.last_round_at) : null,
    lastLossPct: v.last_loss_pct,
    lastRttMs: v.last_rtt_median_ms,
  };
}

export const EventOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  owner: Type.Literal('provider'),
  monitorId: Type.String({ format: 'uuid' }),
  connectionName: Type.String(),
  serviceCode: Type.String(),
  at: Instant(),
  kind: Type.Union([
    Type.Literal('degraded'),
    Type.Literal('down'),
    Type.Literal('up'),
    Type.Literal('paused'),
    Type.Literal('resumed'),
  ]),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
  lossPct: Nullable(Type.Number()),
  emailed: Type.Boolean({ description: 'The tenant was emailed about this change' }),
  by: Nullable(Type.String({ description: 'paused/resumed: customer, staff or schedule' })),
  reason: Nullable(Type.String({ description: 'paused: the reason given' })),
});

export function eventOut(e: EventView): Static<typeof EventOut> {
  const d = e.detail;
  return {
    id: e.id,
    owner: 'provider',
    monitorId: e.monitor_id,
    connectionName: e.connection_name,
    serviceCode: e.service_code,
    at: formatInstant(e.at),
    kind: e.kind,
    fromState: e.from_state,
    toState: e.to_state,
    lossPct: typeof d.lossPct === 'number' ? d.lossPct : null,
    emailed: e.customer_emailed,
    by: typeof d.by === 'string' ? d.by : null,
    reason: typeof d.reason === 'string' ? d.reason : null,
  };
}

export const MonitorDetail = Type.Object({ ...MonitorOut.properties, events: Type.Array(EventOut) });

export const EventsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) },
  { additionalProperties: false },
);

export const PauseBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Why (shown in the history)' })),
    resumeAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'Resume automatically at this time (in the future)' }),
    ),
  },
  { additionalProperties: false },
);

export const SettingsBody = Type.Object(
  {
    probeKind: Type.Optional(Type.Union([Type.Literal('icmp'), Type.Literal('tcp')])),
    tcpPort: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.Null()])),
    intervalS: Type.Optional(Type.Integer({ minimum: 10, maximum: 300 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RoundsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Default: 24 hours ago' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now' })),
  },
  { additionalProperties: false },
);

export const RoundOut = Type.Object({
  at: Instant(),
  lossPct: Type.Number(),
  rttMinMs: Nullable(Type.Number()),
  rttMedianMs: Nullable(Type.Number()),
  rttMaxMs: Nullable(Type.Number()),
  state: ProbeState,
});
export const RoundsOut = Type.Object({
  owner: Type.Literal('provider'),
  from: Instant(),
  to: Instant(),
  rounds: Type.Array(RoundOut),
});

export const roundOut = (r: RoundView): Static<typeof RoundOut> => ({
  at: formatInstant(r.at),
  lossPct: r.loss_pct,
  rttMinMs: r.rtt_min_ms,
  rttMedianMs: r.rtt_median_ms,
  rttMaxMs: r.rtt_max_ms,
  state: r.state,
});

export const AvailabilityQuery = Type.Object(
  {
    month: Type.Optional(
      Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (JST); default: this month' }),
    ),
  },
  { additionalProperties: false },
);

const pct = (rounds: number, down: number): number | null =>
  rounds === 0 ? null : Math.round(((rounds - down) / rounds) * 100_000) / 1000;

export const AvailabilityOut = Type.Object({
  owner: Type.Literal('provider'),
  month: Type.String(),
  availabilityPct: Type.Union([Type.Number(), Type.Null()], {
    description:
      'Share of rounds not down in the month; paused time has no rounds and is excluded. Null: no rounds',
  }),
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date', description: 'A JST day' }),
      rounds: Type.Integer(),
      downRounds: Type.Integer(),
      availabilityPct: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});

export function availabilityOut(month: string, days: DayAvailability[]): Static<typeof AvailabilityOut> {
  const rounds = days.reduce((n, d) => n + d.rounds, 0);
  const down = days.reduce((n, d) => n + d.down_rounds, 0);
  return {
    owner: 'provider',
    month,
    availabilityPct: pct(rounds, down),
    days: days.map((d) => ({
      date: d.day,
      rounds: d.rounds,
      downRounds: d.down_rounds,
      availabilityPct: pct(d.rounds, d.down_rounds),
    })),
  };
}
