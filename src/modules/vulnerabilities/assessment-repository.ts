import { db } from '../../db/context.ts';
import type { AssessmentState } from '../../db/schema-vulnerabilities.ts';

export async function lockMatch(id: string) {
  return db()
    .selectFrom('ops.vuln_match')
    .select(['id', 'advisory_id', 'item_id', 'state', 'justification', 'change_id', 'current'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface Assessment {
  state: AssessmentState;
  justification: string;
  changeId: string | null;
  dueDate: string | null;
}

export async function saveAssessment(
  matchId: string,
  a: Assessment,
  staffId: string,
  at: Date,
): Promise<void> {
  await db()
    .updateTable('ops.vuln_match')
    .set({
      state: a.state,
      justification: a.justification,
      change_id: a.changeId,
      assessed_by: staffId,
      assessed_at: at,
      ...(a.dueDate ? { due_date: a.dueDate } : {}),
    })
    .where('id', '=', matchId)
    .execute();
  await db()
    .insertInto('ops.vuln_assessment')
    .values({
      match_id: matchId,
      state: a.state,
      justification: a.justification,
      change_id: a.changeId,
      due_date: a.dueDate,
      assessed_by: staffId,
      assessed_at: at,
    })
    .execute();
}
