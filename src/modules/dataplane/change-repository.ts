import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type {
  ChangeLogEntry,
  ConfigChangeKind,
  ConfigChangeStatus,
  Impact,
  RiskLevel,
} from '../../db/schema-dataplane.ts';
import { changeNumber } from './changes.ts';

export interface ChangeRow {
  id: string;
  number: string;
  kind: ConfigChangeKind;
  title: string;
  status: ConfigChangeStatus;
  risk_level: RiskLevel | null;
  risk_assessment: string;
  impact: Impact;
  prepared_by: string | null;
  preparer_name: string | null;
  submitted_at: Date | null;
  approved_by: string | null;
  approver_name: string | null;
  rejected_by: string | null;
  rejecter_name: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  executed_by: string | null;
  executor_name: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  log: ChangeLogEntry[];
  result: string | null;
  change_request_id: string | null;
  change_request_number: string | null;
  restore_backup_id: string | null;
  restore_version: number | null;
  drift_id: string | null;
  created_at: Date;
  updated_at: Date;
}

function base() {
  return db()
    .selectFrom('ops.config_change as c')
    .leftJoin('ops.staff as sp', 'sp.id', 'c.prepared_by')
    .leftJoin('ops.staff as sa', 'sa.id', 'c.approved_by')
    .leftJoin('ops.staff as sr', 'sr.id', 'c.rejected_by')
    .leftJoin('ops.staff as se', 'se.id', 'c.executed_by')
    .leftJoin('ops.config_backup as b', 'b.id', 'c.restore_backup_id')
    .select([
      'c.id',
      'c.number',
      'c.kind',
      'c.title',
      'c.status',
      'c.risk_level',
      'c.risk_assessment',
      'c.impact',
      'c.prepared_by',
      'sp.name as preparer_name',
      'c.submitted_at',
      'c.approved_by',
      'sa.name as approver_name',
      'c.rejected_by',
      'sr.name as rejecter_name',
      'c.decided_at',
      'c.decision_note',
      'c.executed_by',
      'se.name as executor_name',
      'c.started_at',
      'c.finished_at',
      'c.log',
      'c.result',
      'c.change_request_id',
      'c.change_request_number',
      'c.restore_backup_id',
      'b.version as restore_version',
      'c.drift_id',
      'c.created_at',
      'c.updated_at',
    ]);
}

export async function getChange(id: string): Promise<ChangeRow | undefined> {
  return base().where('c.id', '=', id).executeTakeFirst();
}

export async function listChanges(f: {
  status?: ConfigChangeStatus | undefined;
  deviceId?: string | undefined;
  changeRequestId?: string | undefined;
  limit: number;
  offset: number;
}): Promise<ChangeRow[]> {
  let q = base().orderBy('c.created_at', 'desc').orderBy('c.number', 'desc').limit(f.limit).offset(f.offset);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.changeRequestId) q = q.where('c.change_request_id', '=', f.changeRequestId);
  if (f.deviceId) {
    const deviceId = f.deviceId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('ops.config_change_device as cd')
          .select('cd.device_id')
          .whereRef('cd.change_id', '=', 'c.id')
          .where('cd.device_id', '=', deviceId),
      ),
    );
  }
  return q.execute();
}

/** The record's status, locked for the rest of the transaction (one step at a time). */
export async function lockChange(id: string) {
  return db()
    .selectFrom('ops.config_change')
    .select(['id', 'number', 'status', 'prepared_by', 'kind', 'restore_backup_id', 'drift_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function nextChangeNumber(year: number): Promise<string> {
  const r = await sql<{ n: number | string }>`SELECT nextval('ops.config_change_number_seq') AS n`.execute(
    db(),
  );
  return changeNumber(year, r.rows[0]!.n);
}

export interface NewChange {
  number: string;
  kind: ConfigChangeKind;
  title: string;
  status: ConfigChangeStatus;
  riskLevel: RiskLevel | null;
  riskAssessment: string;
  impact: Impact;
  preparedBy: string | null;
  changeRequestId?: string | null;
  changeRequestNumber?: string | null;
  restoreBackupId?: string | null;
  driftId?: string | null;
  /** demo data writes whole histories at once */
  history?: Partial<{
    submittedAt: Date;
    approvedBy: string;
    rejectedBy: string;
    decidedAt: Date;
    decisionNote: string;
    executedBy: string;
    startedAt: Date;
    finishedAt: Date;
    log: ChangeLogEntry[];
    result: string;
    createdAt: Date;
    updatedAt: Date;
  }>;
}

export async function insertChange(c: NewChange): Promise<string> {
  const h = c.history ?? {};
  const r = await db()
    .insertInto('ops.config_change')
    .values({
      number: c.number,
      kind: c.kind,
      title: c.title,
      status: c.status,
      risk_level: c.riskLevel,
      risk_assessment: c.riskAssessment,
      impact: JSON.stringify(c.impact),
      prepared_by: c.preparedBy,
      submitted_at: h.submittedAt ?? (c.status === 'submitted' ? sql<Date>`now()` : null),
      change_request_id: c.changeRequestId ?? null,
      change_request_number: c.changeRequestNumber ?? null,
      restore_backup_id: c.restoreBackupId ?? null,
      drift_id: c.driftId ?? null,
      approved_by: h.approvedBy ?? null,
      rejected_by: h.rejectedBy ?? null,
      decided_at: h.decidedAt ?? null,
      decision_note: h.decisionNote ?? null,
      executed_by: h.executedBy ?? null,
      started_at: h.startedAt ?? null,
      finished_at: h.finishedAt ?? null,
      log: JSON.stringify(h.log ?? []),
      result: h.result ?? null,
      ...(h.createdAt ? { created_at: h.createdAt, updated_at: h.updatedAt ?? h.createdAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export type ChangePatch = Partial<{
  status: ConfigChangeStatus;
  title: string;
  riskLevel: RiskLevel | null;
  riskAssessment: string;
  impact: Impact;
  preparedBy: string | null;
  submittedAt: Date | null;
  approvedBy: string | null;
  rejectedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  executedBy: string;
  startedAt: Date;
  finishedAt: Date;
  log: ChangeLogEntry[];
  result: string;
}>;

export async function updateChange(id: string, p: ChangePatch): Promise<void> {
  const has = (k: keyof ChangePatch) => Object.prototype.hasOwnProperty.call(p, k);
  await db()
    .updateTable('ops.config_change')
    .set({
      updated_at: sql<Date>`now()`,
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(p.title !== undefined ? { title: p.title } : {}),
      ...(has('riskLevel') ? { risk_level: p.riskLevel ?? null } : {}),
      ...(p.riskAssessment !== undefined ? { risk_assessment: p.riskAssessment } : {}),
      ...(p.impact !== undefined ? { impact: JSON.stringify(p.impact) } : {}),
      ...(has('preparedBy') ? { prepared_by: p.preparedBy ?? null } : {}),
      ...(has('submittedAt') ? { submitted_at: p.submittedAt ?? null } : {}),
      ...(has('approvedBy') ? { approved_by: p.approvedBy ?? null } : {}),
      ...(has('rejectedBy') ? { rejected_by: p.rejectedBy ?? null } : {}),
      ...(has('decidedAt') ? { decided_at: p.decidedAt ?? null } : {}),
      ...(has('decisionNote') ? { decision_note: p.decisionNote ?? null } : {}),
      ...(p.executedBy !== undefined ? { executed_by: p.executedBy } : {}),
      ...(p.startedAt !== undefined ? { started_at: p.startedAt } : {}),
      ...(p.finishedAt !== undefined ? { finished_at: p.finishedAt } : {}),
      ...(p.log !== undefined ? { log: JSON.stringify(p.log) } : {}),
      ...(p.result !== undefined ? { result: p.result } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertChangeEvent(e: {
  changeId: string;
  actorKind: 'staff' | 'system';
  actorId: string | null;
  from: ConfigChangeStatus | null;
  to: ConfigChangeStatus;
  note: string | null;
  at?: Date;
}): Promise<void> {
  await db()
    .insertInto('ops.config_change_event')
    .values({
      change_id: e.changeId,
      actor_kind: e.actorKind,
      actor_id: e.actorId,
      from_status: e.from,
      to_status: e.to,
      note: e.note,
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}

export interface ChangeEventRow {
  at: Date;
  actor_kind: 'staff' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  from_status: ConfigChangeStatus | null;
  to_status: ConfigChangeStatus;
  note: string | null;
}

export async function listChangeEvents(changeId: string): Promise<ChangeEventRow[]> {
  return db()
    .selectFrom('ops.config_change_event as e')
    .leftJoin('ops.staff as s', 's.id', 'e.actor_id')
    .select([
      'e.at',
      'e.actor_kind',
      'e.actor_id',
      's.name as actor_name',
      'e.from_status',
      'e.to_status',
      'e.note',
    ])
    .where('e.change_id', '=', changeId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}
