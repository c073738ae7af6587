import { sql } from 'kysely';
import { db } from '../db/context.ts';

export interface ClaimedJob {
  id: number;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

export async function insertJob(job: {
  name: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  singletonKey?: string;
  maxAttempts?: number;
}): Promise<boolean> {
  const r = await db()
    .insertInto('ops.job')
    .values({
      name: job.name,
      payload: JSON.stringify(job.payload ?? {}),
      singleton_key: job.singletonKey ?? null,
      locked_until: null,
      last_error: null,
      finished_at: null,
      ...(job.runAt ? { run_at: job.runAt } : {}),
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('singleton_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Claims due jobs (or ones whose worker died) without blocking other workers: SKIP LOCKED. */
export async function claimJobs(limit: number, lockSeconds: number): Promise<ClaimedJob[]> {
  const r = await sql<ClaimedJob>`
    UPDATE ops.job SET status = 'running', attempts = attempts + 1,
           locked_until = now() + make_interval(secs => ${lockSeconds})
     WHERE id IN (
       SELECT id FROM ops.job
        WHERE (status = 'pending' AND run_at <= now()) OR (status = 'running' AND locked_until < now())
        ORDER BY run_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, name, payload, attempts, max_attempts`.execute(db());
  return r.rows;
}

export async function completeJob(id: number): Promise<void> {
  await db()
    .updateTable('ops.job')
    .set({ status: 'done', finished_at: new Date(), locked_until: null })
    .where('id', '=', id)
    .execute();
}

export async function failJob(id: number, error: string, retryAt: Date | null): Promise<void> {
  await db()
    .updateTable('ops.job')
    .set(
      retryAt
        ? { status: 'pending', run_at: retryAt, last_error: error.slice(0, 2000), locked_until: null }
        : { status: 'failed', finished_at: new Date(), last_error: error.slice(0, 2000), locked_until: null },
    )
    .where('id', '=', id)
    .execute();
}

export async function tryLeaderLock(key: number): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${key}) AS ok`.execute(db());
  return r.rows[0]?.ok === true;
}

/** Bounded clean-up of finished jobs. */
export async function pruneJobs(olderThan: Date, limit: number): Promise<number> {
  const r = await sql`DELETE FROM ops.job WHERE id IN (
      SELECT id FROM ops.job WHERE status IN ('done', 'failed') AND finished_at < ${olderThan} LIMIT ${limit})`.execute(
    db(),
  );
  return Number(r.numAffectedRows ?? 0);
}
