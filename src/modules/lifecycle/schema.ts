import { Type } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import { addDays, erasureDay } from './dates.ts';
import type { TerminationRow } from './repository.ts';

const DateString = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const TenantParams = Type.Object({ tenantId: Type.String({ format: 'uuid' }) });

export const RequestBody = Type.Object(
  { terminationDate: DateString('the last day of service (YYYY-MM-DD, JST), today or later') },
  { additionalProperties: false },
);
export const StaffRequestBody = Type.Object(
  {
    terminationDate: DateString('the last day of service (YYYY-MM-DD, JST) chosen by the customer'),
    eraseOn: Type.Optional(DateString('an earlier erasure day than the default (JST), at most the deadline')),
  },
  { additionalProperties: false },
);
export const EraseOnBody = Type.Object(
  { eraseOn: DateString('the day the erasure runs (JST): after the termination date, at most the deadline') },
  { additionalProperties: false },
);

export const Status = Type.Union([
  Type.Literal('requested'),
  Type.Literal('confirmed'),
  Type.Literal('cancelled'),
  Type.Literal('stopped'),
  Type.Literal('erasing'),
  Type.Literal('erased'),
]);

export const TerminationOut = Type.Object({
  id: Type.String(),
  status: Status,
  terminationDate: Type.String({ description: 'the last day of service (JST)' }),
  stopAt: Type.String({ description: 'services stop: the end of the termination date' }),
  dayOne: Type.String({ description: 'day 1 of the erasure period' }),
  deadlineDate: Type.String({ description: 'day 90: erasure completes by its end (JST)' }),
  deadline: Type.String(),
  eraseAt: Type.String({ description: 'when the erasure is scheduled' }),
  graceUntil: Type.String({ description: 'administrators may log in to export until then' }),
  requestedBy: Type.Union([Type.Literal('customer'), Type.Literal('staff')]),
  requestedAt: Type.String(),
  confirmedAt: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  canCancel: Type.Boolean(),
});

export const StaffTerminationOut = Type.Intersect([
  TerminationOut,
  Type.Object({
    tenantId: Type.String(),
    tenantCode: Type.String(),
    tenantName: Type.String(),
    day: Type.Integer({ description: 'day of the erasure period today (≤ 0: not yet terminated)' }),
    daysLeft: Type.Integer({ description: 'whole days after today until the deadline' }),
    late: Type.Boolean({ description: 'day 80 or later and not yet erased' }),
    changeNumber: Type.Union([Type.String(), Type.Null()]),
    erasurePhase: Type.Union([Type.String(), Type.Null()]),
    erased: Type.Record(Type.String(), Type.Number()),
    keyId: Type.Union([Type.String(), Type.Null()]),
    certificateId: Type.Union([Type.String(), Type.Null()]),
  }),
]);

export const PortalTermination = Type.Object({
  termination: Type.Union([TerminationOut, Type.Null()]),
  today: Type.String({ description: 'today in JST: the earliest termination date' }),
  graceDays: Type.Integer(),
  erasureDays: Type.Integer(),
});

const ts = (d: Date | null) => (d ? formatInstant(d) : null);

export function terminationOut(t: TerminationRow, now = new Date()) {
  return {
    id: t.id,
    status: t.status,
    terminationDate: t.termination_date,
    stopAt: formatInstant(t.stop_at),
    dayOne: addDays(t.termination_date, 1),
    deadlineDate: addDays(t.termination_date, 90),
    deadline: formatInstant(t.deadline),
    eraseAt: formatInstant(t.erase_at),
    graceUntil: formatInstant(t.grace_until),
    requestedBy: t.requested_by_kind,
    requestedAt: formatInstant(t.requested_at),
    confirmedAt: ts(t.confirmed_at),
    completedAt: ts(t.completed_at),
    canCancel: (t.status === 'requested' || t.status === 'confirmed') && now < t.stop_at,
  };
}

export function staffTerminationOut(t: TerminationRow, now = new Date()) {
  const { day, daysLeft } = erasureDay(t.termination_date, now);
  return {
    ...terminationOut(t, now),
    tenantId: t.tenant_id,
    tenantCode: t.tenant_code,
    tenantName: t.tenant_name,
    day,
    daysLeft,
    late: day >= 80 && t.status !== 'erased' && t.status !== 'cancelled',
    changeNumber: t.change_number,
    erasurePhase: t.erasure_phase,
    erased: t.erased_counts,
    keyId: t.key_id,
    certificateId: t.certificate_id,
  };
}
