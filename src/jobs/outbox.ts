import { sql } from 'kysely';
import { afterCommit, db } from '../db/context.ts';
import { wakeWorkers } from './queue.ts';

export interface Email {
  to: string;
  subject: string;
  text: string;
  tenantId?: string | null;
}

/** Writes an email to the outbox in the ambient transaction; it is sent only after commit. */
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
    })
    .execute();
  afterCommit(wakeWorkers);
}

export interface ClaimedMessage {
  id: number;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

export async function claimMessages(limit: number, lockSeconds: number): Promise<ClaimedMessage[]> {
  const r = await sql<ClaimedMessage>`
    UPDATE ops.outbox SET status = 'sending', attempts = attempts + 1,
           locked_until = now() + make_interval(secs => ${lockSeconds})
     WHERE id IN (
       SELECT id FROM ops.outbox
        WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND locked_until < now())
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, recipient, subject, body, attempts`.execute(db());
  return r.rows;
}

export async function markSent(id: number): Promise<void> {
  await db()
    .updateTable('ops.outbox')
    .set({ status: 'sent', sent_at: new Date(), locked_until: null })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
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
        : { status: 'failed', last_error: error.slice(0, 2000), locked_until: null },
    )
    .where('id', '=', id)
    .execute();
}
