import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { formatInstant } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import type { ChangeLogEntry } from '../../db/schema-dataplane.ts';
import { insertChangeEvent, updateChange } from './change-repository.ts';

/** An execution still `executing` after this long was cut off (the process stopped mid-way). */
export const INTERRUPTED_AFTER_MS = 30 * 60_000;

const RESULT =
  'interrupted: the executing process stopped before recording a result; the devices may be in any state between before and after: run a backup to see their running configuration, then prepare a new change';

/**
 * Marks changes whose execution was cut off (the process died between `executing` and its
 * result) as failed, so they stop blocking their devices and a person looks at them. Runs in the
 * ambient (system) transaction; returns the numbers it marked.
 */
export async function markInterruptedChanges(now = new Date()): Promise<string[]> {
  const stale = await sql<{ id: string; number: string; log: ChangeLogEntry[] }>`
    SELECT id, number, log FROM ops.config_change
     WHERE status = 'executing' AND started_at < ${new Date(now.getTime() - INTERRUPTED_AFTER_MS)}
     FOR UPDATE SKIP LOCKED`.execute(db());
  for (const c of stale.rows) {
    const log: ChangeLogEntry[] = [
      ...(c.log ?? []),
      { at: formatInstant(now), device: null, level: 'error', message: RESULT },
    ];
    await updateChange(c.id, { status: 'failed', finishedAt: now, result: RESULT, log });
    await insertChangeEvent({
      changeId: c.id,
      actorKind: 'system',
      actorId: null,
      from: 'executing',
      to: 'failed',
      note: RESULT,
    });
    await recordAudit({
      action: 'config_change.interrupted',
      outcome: 'failure',
      targetType: 'config_change',
      targetId: c.id,
      summary: { number: c.number, from: 'executing', to: 'failed' },
    });
  }
  return stale.rows.map((r) => r.number);
}
