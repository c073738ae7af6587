import { sql } from 'kysely';
import { afterCommit, db } from '../db/context.ts';
import { wakeWorkers } from './queue.ts';

export interface Email {
  to: string;
  subject: string;
  text: string;
  tenantId?: string | null;
}

/**
 * Writes an email to the outbox in the ambient transaction; it is sent only after commit.
 * Its Message-ID is fixed here, from the row's id and this installation's random id, so every
 * later attempt (after a failure or a crash) hands the relay the same message again.
 */
export async function queueEmail(mail: Email): Promise<void> {
  await db()
    .insertInto('ops.outbox')
    .values({
      tenant_id: mail.tenantId ?? null,
      recipient: mail.to,
      subject: mail.subject,
      body: mail.text,
      locked_until: null,
      last_error: null,
      sent_at: null,
      message_id: null,
      last_attempt_at: null,
      failed_at: null,
      failure: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then(({ id }) => setMessageId(id));
  afterCommit(wakeWorkers);
}

/** `<outbox-ID.INSTALL@pva>`: unique per row and installation, the same on every resend. */
async function setMessageId(id: number): Promise<void> {
  await sql`
    UPDATE ops.outbox SET message_id = format('<outbox-%s.%s@pva>', id, (SELECT install_id FROM ops.installation))
     WHERE id = ${id}`.execute(db());
}

export interface ClaimedMessage {
  id: number;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  message_id: string;
  created_at: Date;
  queued_at: Date;
}

/**
 * Claims due messages for one worker (SKIP LOCKED: workers never wait on each other) and leases
 * them for `leaseSeconds`; a worker that dies holding a lease frees its messages when it ends.
 * A message queued before 0017 gets its Message-ID on its first claim.
 */
export async function claimMessages(
  limit: number,
  leaseSeconds: number,
  now: Date,
): Promise<ClaimedMessage[]> {
  const r = await sql<ClaimedMessage>`
    UPDATE ops.outbox o SET status = 'sending', attempts = attempts + 1, last_attempt_at = ${now},
           locked_until = ${now}::timestamptz + make_interval(secs => ${leaseSeconds}),
           message_id = coalesce(message_id,
             format('<outbox-%s.%s@pva>', o.id, (SELECT install_id FROM ops.installation)))
     WHERE id IN (
       SELECT id FROM ops.outbox
        WHERE (status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND locked_until < ${now})
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, recipient, subject, body, attempts, message_id, created_at, queued_at`.execute(db());
  return r.rows;
}

/** Only the worker still holding the lease records the result (a late one after a takeover does not). */
export async function markSent(id: number, now: Date = new Date()): Promise<void> {
  await db()
    .updateTable('ops.outbox')
    .set({ status: 'sent', sent_at: now, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** A temporary failure with `retryAt`; without it the message is failed for good (`failure` says why). */
export async function markFailed(
  id: number,
  error: string,
  retryAt: Date | null,
  failure: 'permanent' | 'expired' = 'permanent',
  now: Date = new Date(),
): Promise<void> {
  await db()
    .updateTable('ops.outbox')
    .set(
      retryAt
        ? {
            status: 'pending',
            next_attempt_at: retryAt,
            last_error: error.slice(0, 2000),
            locked_until: null,
          }
        : { status: 'failed', last_error: error.slice(0, 2000), locked_until: null, failure, failed_at: now },
    )
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** Gives back claimed messages that were not attempted (the lease ran short): no attempt is counted. */
export async function releaseMessages(ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE ops.outbox SET status = 'pending', attempts = attempts - 1, locked_until = NULL
     WHERE id = ANY(${ids}::bigint[]) AND status = 'sending'`.execute(db());
}
