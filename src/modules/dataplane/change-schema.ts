import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import type { ChangeEventRow, ChangeRow } from './change-repository.ts';
import type { ChangeDeviceRow } from './change-device-repository.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ChangeStatus = Type.Union(
  [
    Type.Literal('draft'),
    Type.Literal('submitted'),
    Type.Literal('approved'),
    Type.Literal('rejected'),
    Type.Literal('executing'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('rolled_back'),
  ],
  {
    description:
      'draft → submitted → approved | rejected; approved → executing → succeeded | failed → rolled_back',
  },
);
export const RiskLevel = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);

export const IdParams = Type.Object({ id: Uuid });
export const ListQuery = Type.Object(
  {
    status: Type.Optional(ChangeStatus),
    deviceId: Type.Optional(Uuid),
    changeRequestId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

const Title = Type.String({ minLength: 1, maxLength: 200, description: 'What the change is, in a line' });
const RiskText = Type.String({
  maxLength: 4000,
  description: 'The risk assessment: what could go wrong, how it is noticed, how it is undone',
});

export const PrepareBody = Type.Object(
  {
    title: Title,
    deviceIds: Type.Array(Uuid, {
      minItems: 1,
      maxItems: 50,
      description: 'The devices to bring to their intended configuration',
    }),
    riskLevel: Type.Optional(RiskLevel),
    riskAssessment: Type.Optional(RiskText),
  },
  { additionalProperties: false },
);
export const EditBody = Type.Object(
  {
    title: Type.Optional(Title),
    riskLevel: Type.Optional(RiskLevel),
    riskAssessment: Type.Optional(RiskText),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const ApproveBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000, description: 'A note for the record' })) },
  { additionalProperties: false },
);
export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why the change is rejected' }) },
  { additionalProperties: false },
);
export const EmptyBody = Type.Object({}, { additionalProperties: false });

const Person = Nullable(Type.Object({ id: Uuid, name: Nullable(Type.String()) }));

export const ChangeOut = Type.Object({
  owner: Type.Literal('provider', { description: 'Provider data: equipment configuration management' }),
  id: Uuid,
  number: Type.String({ description: 'e.g. CHG-2026-000042' }),
  kind: Type.Union([Type.Literal('apply'), Type.Literal('restore')], {
    description: 'apply: bring devices to their intended configuration; restore: put a backup version back',
  }),
  title: Type.String(),
  status: ChangeStatus,
  riskLevel: Nullable(RiskLevel),
  riskAssessment: Type.String(),
  preparedBy: Person,
  approvedBy: Person,
  rejectedBy: Person,
  executedBy: Person,
  decisionNote: Nullable(Type.String()),
  result: Nullable(Type.String()),
  changeRequest: Nullable(Type.Object({ id: Nullable(Uuid), number: Type.String() })),
  restore: Nullable(Type.Object({ backupId: Uuid, version: Nullable(Type.Integer()) })),
  driftId: Nullable(Uuid),
  tenantCount: Type.Integer({ description: 'Tenants with a connection on the devices' }),
  connectionCount: Type.Integer(),
  submittedAt: Nullable(Instant),
  decidedAt: Nullable(Instant),
  startedAt: Nullable(Instant),
  finishedAt: Nullable(Instant),
  createdAt: Instant,
  updatedAt: Instant,
});

const DeviceOut = Type.Object({
  id: Uuid,
  hostname: Type.String(),
  driver: Type.String(),
  diff: Type.String({ description: 'Unified diff, running at preparation → target; secrets redacted' }),
  changed: Type.Boolean(),
  targetSha256: Nullable(Type.String()),
  runningSha256: Nullable(Type.String()),
  error: Nullable(Type.String({ description: 'Why the diff could not be computed (blocks approval)' })),
  warnings: Type.Array(Type.String(), {
    description: 'What the renderer left out and why, e.g. a connection whose PSK is not available',
  }),
  preBackupId: Nullable(Uuid),
  outcome: Nullable(
    Type.Union([
      Type.Literal('applied'),
      Type.Literal('failed'),
      Type.Literal('rolled_back'),
      Type.Literal('rollback_failed'),
      Type.Literal('not_applied'),
    ]),
  ),
});

const ImpactOut = Type.Object({
  tenants: Type.Array(
    Type.Object({
      id: Uuid,
      code: Type.String(),
      name: Type.String(),
      connections: Type.Integer(),
      direct: Type.Boolean(),
    }),
  ),
  connections: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      kind: Type.String(),
      status: Type.String(),
      bandwidthMbps: Type.Integer(),
      tenantId: Uuid,
      tenantCode: Type.String(),
      serviceCode: Type.String(),
      deviceId: Uuid,
      hostname: Type.String(),
      direct: Type.Boolean({
        description: 'Its own configuration changes (else it shares a changed device)',
      }),
    }),
  ),
});

export const ChangeDetail = Type.Composite([
  ChangeOut,
  Type.Object({
    devices: Type.Array(DeviceOut),
    impact: ImpactOut,
    log: Type.Array(
      Type.Object({
        at: Instant,
        device: Nullable(Type.String()),
        level: Type.Union([Type.Literal('info'), Type.Literal('error')]),
        message: Type.String(),
      }),
    ),
    timeline: Type.Array(
      Type.Object({
        at: Instant,
        actor: Type.Object({
          kind: Type.Union([Type.Literal('staff'), Type.Literal('system')]),
          id: Nullable(Uuid),
          name: Nullable(Type.String()),
        }),
        fromStatus: Nullable(ChangeStatus),
        toStatus: ChangeStatus,
        note: Nullable(Type.String()),
      }),
    ),
  }),
]);

const at = (d: Date | null): string | null => (d ? formatInstant(d) : null);
const person = (id: string | null, name: string | null) => (id ? { id, name } : null);

export function changeOut(r: ChangeRow): Static<typeof ChangeOut> {
  return {
    owner: 'provider',
    id: r.id,
    number: r.number,
    kind: r.kind,
    title: r.title,
    status: r.status,
    riskLevel: r.risk_level,
    riskAssessment: r.risk_assessment,
    preparedBy: person(r.prepared_by, r.preparer_name),
    approvedBy: person(r.approved_by, r.approver_name),
    rejectedBy: person(r.rejected_by, r.rejecter_name),
    executedBy: person(r.executed_by, r.executor_name),
    decisionNote: r.decision_note,
    result: r.result,
    changeRequest: r.change_request_number
      ? { id: r.change_request_id, number: r.change_request_number }
      : null,
    restore: r.restore_backup_id ? { backupId: r.restore_backup_id, version: r.restore_version } : null,
    driftId: r.drift_id,
    tenantCount: r.impact.tenants?.length ?? 0,
    connectionCount: r.impact.connections?.length ?? 0,
    submittedAt: at(r.submitted_at),
    decidedAt: at(r.decided_at),
    startedAt: at(r.started_at),
    finishedAt: at(r.finished_at),
    createdAt: formatInstant(r.created_at),
    updatedAt: formatInstant(r.updated_at),
  };
}

export function changeDetail(
  r: ChangeRow,
  devices: ChangeDeviceRow[],
  events: ChangeEventRow[],
): Static<typeof ChangeDetail> {
  return {
    ...changeOut(r),
    devices: devices.map((d) => ({
      id: d.device_id,
      hostname: d.hostname,
      driver: d.driver,
      diff: d.diff,
      changed: d.changed,
      targetSha256: d.target_sha256,
      runningSha256: d.running_sha256,
      error: d.error,
      warnings: d.warnings ?? [],
      preBackupId: d.pre_backup_id,
      outcome: d.outcome,
    })),
    impact: { tenants: r.impact.tenants ?? [], connections: r.impact.connections ?? [] },
    log: r.log,
    timeline: events.map((e) => ({
      at: formatInstant(e.at),
      actor: { kind: e.actor_kind, id: e.actor_id, name: e.actor_name },
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
    })),
  };
}
