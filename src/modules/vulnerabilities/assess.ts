import { AppError, fieldMessage, notFound, type Lang } from '../../app/errors.ts';
import type { AssessmentState } from '../../db/schema-vulnerabilities.ts';
import { lockMatch, saveAssessment } from './assessment-repository.ts';
import { recordDay } from './daily.ts';
import { changeNumber } from './repository.ts';

export interface AssessBody {
  state: AssessmentState;
  justification?: string | undefined;
  changeId?: string | null | undefined;
  dueDate?: string | undefined;
}

/**
 * Records an assessment of one match: affected / not affected / mitigated / fixed. Not affected and
 * mitigated need a justification; a remediation change record must exist. The match keeps the
 * assessment in force, vuln_assessment the history.
 */
export async function assessMatch(matchId: string, body: AssessBody, staffId: string, lang: Lang) {
  const before = await lockMatch(matchId);
  if (!before) throw notFound();
  const justification = (body.justification ?? '').trim();
  if ((body.state === 'not_affected' || body.state === 'mitigated') && !justification)
    throw new AppError('validation_failed', {
      fields: [{ field: '/body/justification', code: 'required', message: fieldMessage('required', lang) }],
    });
  // undefined keeps the linked change, null removes it
  const changeId = body.changeId === undefined ? before.change_id : body.changeId;
  const number = changeId ? await changeNumber(changeId) : null;
  if (changeId && !number) throw new AppError('change_not_found', { extensions: { changeId } });
  const now = new Date();
  await saveAssessment(
    matchId,
    { state: body.state, justification, changeId, dueDate: body.dueDate ?? null },
    staffId,
    now,
  );
  await recordDay(now);
  return { before, changeNumber: number, changeId, justification };
}
