import { sql } from 'kysely';
import { db } from '../../db/context.ts';

export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface MailRow {
  id: number;
  tenant_id: string | null;
  tenant_code: string | null;
  recipient: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  message_id: string | null;
  last_error: string | null;
  failure: 'permanent' | 'expired' | null;
  created_at: Date;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  sent_at: Date | null;
  failed_at: Date | null;
}

function base() {
  return db()
    .selectFrom('ops.outbox as o')
    .leftJoin('ops.tenant as t', 't.id', 'o.tenant_id')
    .select([
      'o.id',
      'o.tenant_id',
      't.code as tenant_code',
      'o.recipient',
      'o.subject',
      'o.status',
      'o.attempts',
      'o.message_id',
      'o.last_error',
      'o.failure',
      'o.created_at',
      'o.next_attempt_at',
      'o.last_attempt_at',
      'o.sent_at',
      'o.failed_at',
    ]);
}

export interface MailFilter {
  status?: MailStatus | undefined;
  tenantId?: string | undefined;
  /** part of the recipient address or the subject */
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listMail(f: MailFilter): Promise<MailRow[]> {
  let q = base().orderBy('o.id', 'desc').limit(f.limit).offset(f.offset);
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.tenantId) q = q.where('o.tenant_id', '=', f.tenantId);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('o.recipient', 'ilike', like), eb('o.subject', 'ilike', like)]));
  }
  return q.execute();
}

/** Counts per status: the page's summary line. */
export async function mailCounts(): Promise<Record<MailStatus, number>> {
  const rows = await db()
    .selectFrom('ops.outbox')
    .select(['status', sql<string | number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  const out: Record<MailStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export async function getMail(id: number): Promise<(MailRow & { body: string }) | undefined> {
  return base().select('o.body').where('o.id', '=', id).executeTakeFirst();
}

/** A failed message goes back to the queue as it was: same row, same Message-ID. */
export async function retryMail(id: number): Promise<boolean> {
  const r = await db()
    .updateTable('ops.outbox')
    .set({
      status: 'pending',
      next_attempt_at: new Date(),
      queued_at: new Date(),
      failure: null,
      failed_at: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes sent and failed messages older than `before`, at most `limit` per call. */
export async function pruneMail(before: Date, limit = 10_000): Promise<number> {
  const r = await sql`
    DELETE FROM ops.outbox WHERE id IN (
      SELECT id FROM ops.outbox WHERE status IN ('sent', 'failed') AND created_at < ${before} LIMIT ${limit})`.execute(
    db(),
  );
  return Number(r.numAffectedRows ?? 0);
}
