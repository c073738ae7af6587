import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { formatInstant } from '../../lib/time.ts';
import type { CheckResult } from './types.ts';

/** All SQL of the compliance centre (ops tables of migration 0025). */

export async function insertRun(trigger: 'schedule' | 'manual', startedBy: string | null) {
  return db()
    .insertInto('ops.compliance_run')
    .values({ trigger, started_by: startedBy })
    .returning(['id', 'started_at'])
    .executeTakeFirstOrThrow();
}

export async function insertResult(runId: string, r: CheckResult): Promise<void> {
  await db()
    .insertInto('ops.compliance_result')
    .values({
      run_id: runId,
      check_id: r.checkId,
      status: r.status,
      summary_ja: r.summary.ja,
      summary_en: r.summary.en,
      figures: JSON.stringify(r.figures),
      objects: JSON.stringify(r.objects),
      checked_at: r.checkedAt,
    })
    .execute();
}

export async function finishRun(runId: string): Promise<void> {
  await db()
    .updateTable('ops.compliance_run')
    .set({ finished_at: new Date() })
    .where('id', '=', runId)
    .execute();
}

const runColumns = [
  'r.id',
  'r.trigger',
  'r.started_at',
  'r.finished_at',
  'r.started_by',
  's.name as started_by_name',
] as const;

/** The latest finished run (an unfinished one may still be writing its results). */
export async function latestRun() {
  return db()
    .selectFrom('ops.compliance_run as r')
    .leftJoin('ops.staff as s', 's.id', 'r.started_by')
    .select(runColumns)
    .where('r.finished_at', 'is not', null)
    .orderBy('r.started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function getRun(id: string) {
  return db()
    .selectFrom('ops.compliance_run as r')
    .leftJoin('ops.staff as s', 's.id', 'r.started_by')
    .select(runColumns)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function lastScheduledStart(): Promise<Date | null> {
  const r = await db()
    .selectFrom('ops.compliance_run')
    .select('started_at')
    .where('trigger', '=', 'schedule')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.started_at ?? null;
}

export async function runsSince(since: Date, limit: number) {
  return db()
    .selectFrom('ops.compliance_run as r')
    .leftJoin('ops.staff as s', 's.id', 'r.started_by')
    .select(runColumns)
    .where('r.started_at', '>=', since)
    .orderBy('r.started_at', 'desc')
    .limit(limit)
    .execute();
}

export async function resultsOf(runIds: string[]) {
  if (!runIds.length) return [];
  return db().selectFrom('ops.compliance_result').selectAll().where('run_id', 'in', runIds).execute();
}

export async function checkHistory(checkId: string, limit: number) {
  return db()
    .selectFrom('ops.compliance_result as c')
    .innerJoin('ops.compliance_run as r', 'r.id', 'c.run_id')
    .select(['c.run_id', 'c.checked_at', 'c.status'])
    .where('c.check_id', '=', checkId)
    .where('r.finished_at', 'is not', null)
    .orderBy('c.checked_at', 'desc')
    .limit(limit)
    .execute();
}

export type ResultRow = Awaited<ReturnType<typeof resultsOf>>[number];

export function resultOut(r: ResultRow, withObjects: boolean): CheckResult {
  return {
    checkId: r.check_id,
    status: r.status,
    summary: { ja: r.summary_ja, en: r.summary_en },
    figures: r.figures,
    objects: withObjects ? r.objects : [],
    checkedAt: formatInstant(r.checked_at),
  };
}

/** Deletes runs (and their results) started before the cut-off; returns how many. */
export async function pruneRuns(before: Date): Promise<number> {
  const r = await db().deleteFrom('ops.compliance_run').where('started_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function statementOverrides() {
  return db()
    .selectFrom('ops.compliance_statement')
    .select(['clause', 'statement_ja', 'statement_en', 'updated_at', 'updated_by'])
    .execute();
}

export async function getStatementOverride(clause: string) {
  return db()
    .selectFrom('ops.compliance_statement')
    .selectAll()
    .where('clause', '=', clause)
    .executeTakeFirst();
}

export async function upsertStatement(clause: string, ja: string, en: string, staffId: string | null) {
  await db()
    .insertInto('ops.compliance_statement')
    .values({ clause, statement_ja: ja, statement_en: en, updated_by: staffId })
    .onConflict((oc) =>
      oc.column('clause').doUpdateSet({
        statement_ja: ja,
        statement_en: en,
        updated_by: staffId,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export async function deleteStatement(clause: string): Promise<boolean> {
  const r = await db().deleteFrom('ops.compliance_statement').where('clause', '=', clause).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function getPolicy() {
  return db()
    .selectFrom('ops.compliance_policy as p')
    .leftJoin('ops.staff as s', 's.id', 'p.updated_by')
    .select(['p.text_ja', 'p.text_en', 'p.url', 'p.updated_at', 'p.updated_by', 's.name as updated_by_name'])
    .where('p.id', '=', 1)
    .executeTakeFirst();
}

export async function upsertPolicy(ja: string, en: string, url: string | null, staffId: string | null) {
  await db()
    .insertInto('ops.compliance_policy')
    .values({ id: 1, text_ja: ja, text_en: en, url, updated_by: staffId })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ text_ja: ja, text_en: en, url, updated_by: staffId, updated_at: sql`now()` }),
    )
    .execute();
}

export async function deletePolicy(): Promise<boolean> {
  const r = await db().deleteFrom('ops.compliance_policy').where('id', '=', 1).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
