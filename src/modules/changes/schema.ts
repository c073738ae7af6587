import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import type { ChangeRow, EventRow } from './repository.ts';

export const MAX_MBPS = 100_000;
export const TEXT_MAX = 2000;

export const StatusSchema = Type.Union([
  Type.Literal('submitted'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('executed'),
  Type.Literal('withdrawn'),
]);
export const KindSchema = Type.Union([Type.Literal('bandwidth'), Type.Literal('other')]);

const Text = (opts: { minLength?: number; description?: string } = {}) =>
  Type.String({ maxLength: TEXT_MAX, ...opts });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ListQuery = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export const MgmtListQuery = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    tenantId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

const Desired = Type.Object(
  {
    bandwidthMbps: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_MBPS, description: 'kind bandwidth: the new bandwidth' }),
    ),
    description: Type.Optional(Text({ description: 'kind other: what should change' })),
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    serviceId: Type.String({ format: 'uuid' }),
    kind: KindSchema,
    desired: Desired,
    desiredDate: Type.String({
      format: 'date',
      maxLength: 10,
      description: 'The day (JST) the change should be made: today or later',
    }),
    reason: Type.Optional(Text({ description: "The customer's reason for the change" })),
  },
  { additionalProperties: false },
);
export type CreateBodyT = Static<typeof CreateBody>;

export const NoteBody = Type.Object(
  { note: Type.Optional(Text({ description: 'A note for the timeline' })) },
  { additionalProperties: false },
);
export const RejectBody = Type.Object(
  { reason: Text({ minLength: 1, description: 'Why the request is rejected (sent to the requester)' }) },
  { additionalProperties: false },
);
export const ExecuteBody = Type.Object(
  {
    note: Type.Optional(
      Text({ description: 'What was done; required for kind other (sent to the requester)' }),
    ),
  },
  { additionalProperties: false },
);

const Person = Type.Object({
  id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()], {
    description: "null when the person's account was deleted; provider staff are not named on the portal",
  }),
});

export const ChangeRequestOut = Type.Object({
  owner: Type.Literal('customer', { description: 'Customer stored data (8.1.1): the request they wrote' }),
  id: Type.String({ format: 'uuid' }),
  number: Type.String({ description: 'e.g. CR-2026-000123' }),
  tenant: Type.Object({ id: Type.String({ format: 'uuid' }), code: Type.String(), name: Type.String() }),
  service: Type.Object({
    id: Type.String({ format: 'uuid' }),
    code: Type.String(),
    label: Type.String(),
    type: Type.String(),
  }),
  kind: KindSchema,
  desired: Type.Object({
    bandwidthMbps: Type.Optional(Type.Integer()),
    description: Type.Optional(Type.String()),
  }),
  current: Type.Union(
    [Type.Object({ bandwidthMbps: Type.Union([Type.Integer(), Type.Null()]) }), Type.Null()],
    { description: 'The value in force when the request was submitted (bandwidth requests)' },
  ),
  desiredDate: Type.String({ format: 'date' }),
  reason: Type.String(),
  status: StatusSchema,
  requestedBy: Person,
  decidedBy: Type.Union([Person, Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  executedBy: Type.Union([Person, Type.Null()]),
  executionNote: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  executedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const EventOut = Type.Object({
  owner: Type.Literal('customer'),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Object({
    kind: Type.Union([Type.Literal('customer'), Type.Literal('staff'), Type.Literal('system')]),
    id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
  }),
  fromStatus: Type.Union([StatusSchema, Type.Null()]),
  toStatus: StatusSchema,
  note: Type.Union([Type.String(), Type.Null()]),
});

export const ChangeRequestDetail = Type.Composite([
  ChangeRequestOut,
  Type.Object({ timeline: Type.Array(EventOut) }),
]);

const at = (d: Date | null): string | null => (d ? formatInstant(d) : null);

/**
 * The API view. Seen from the portal (`forStaff` false), provider staff stay anonymous: the
 * customer sees that the provider decided, not which employee.
 */
export function changeOut(r: ChangeRow, forStaff: boolean): Static<typeof ChangeRequestOut> {
  const staff = (id: string | null, name: string | null) =>
    id === null ? null : forStaff ? { id, name } : { id: null, name: null };
  const desired: { bandwidthMbps?: number; description?: string } = {};
  if (typeof r.desired.bandwidthMbps === 'number') desired.bandwidthMbps = r.desired.bandwidthMbps;
  if (typeof r.desired.description === 'string') desired.description = r.desired.description;
  return {
    owner: 'customer',
    id: r.id,
    number: r.number,
    tenant: { id: r.tenant_id, code: r.tenant_code, name: r.tenant_name },
    service: { id: r.service_id, code: r.service_code, label: r.service_label, type: r.service_type },
    kind: r.kind,
    desired,
    current: r.current ? { bandwidthMbps: r.current.bandwidthMbps ?? null } : null,
    desiredDate: r.desired_date,
    reason: r.reason,
    status: r.status,
    requestedBy: { id: r.requested_by, name: r.requester_name },
    decidedBy: staff(r.decided_by, r.decider_name),
    decisionReason: r.decision_reason,
    executedBy: staff(r.executed_by, r.executor_name),
    executionNote: r.execution_note,
    decidedAt: at(r.decided_at),
    executedAt: at(r.executed_at),
    createdAt: formatInstant(r.created_at),
    updatedAt: formatInstant(r.updated_at),
  };
}

export function eventOut(e: EventRow, forStaff: boolean): Static<typeof EventOut> {
  return {
    owner: 'customer',
    at: formatInstant(e.at),
    actor: {
      kind: e.actor_kind,
      id: e.actor_kind === 'staff' && !forStaff ? null : e.actor_id,
      name: e.actor_name,
    },
    fromStatus: e.from_status,
    toStatus: e.to_status,
    note: e.note,
  };
}
