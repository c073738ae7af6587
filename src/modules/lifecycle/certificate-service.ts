import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import { db } from '../../db/context.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { formatInstant } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { signingKey } from '../signing/key.ts';
import { signCertificate, type CertificateBody } from './certificate.ts';
import { addDays } from './dates.ts';
import { certificateMail } from './emails.ts';
import { findCertificate, findTermination } from './repository.ts';

/**
 * Issues the one certificate of a termination, in the caller's transaction, together with its
 * emails and the tenant's final state; an existing certificate is returned as it is, so a
 * resumed job can never issue a second (the unique keys hold that too). The administrators'
 * addresses come from the snapshot taken before their accounts were erased; the snapshot keeps
 * them only until those emails have been sent (see cleanupAfterSend).
 */
export async function issueCertificate(
  config: Pick<Config, 'signingKeyFile'>,
  terminationId: string,
): Promise<string> {
  const existing = await findCertificate(terminationId);
  if (existing) return existing.id;
  const t = await findTermination(terminationId);
  if (!t?.snapshot) throw new Error(`termination ${terminationId} has no erasure snapshot`);
  const key = signingKey(config);
  const completedAt = new Date();
  const body: CertificateBody = {
    type: 'pva.erasure-certificate',
    version: 1,
    id: randomUUID(),
    issuer: 'PVA',
    tenant: { id: t.tenant_id, code: t.snapshot.tenantCode, name: t.snapshot.tenantName },
    contracts: t.snapshot.contracts,
    terminationDate: t.termination_date,
    deadlineDate: addDays(t.termination_date, 90),
    deadline: formatInstant(t.deadline),
    completedAt: formatInstant(completedAt),
    erased: t.erased_counts,
    destroyedKeyId: t.key_id ?? 'none',
  };
  const document = signCertificate(body, key);
  await db()
    .insertInto('ops.erasure_certificate')
    .values({ id: body.id, termination_id: t.id, tenant_id: t.tenant_id, document, key_id: key.keyId })
    .execute();
  for (const to of t.snapshot.recipients) {
    await queueEmail({ to, tenantId: t.tenant_id, ...certificateMail(body, document) });
  }
  await db()
    .updateTable('ops.termination')
    .set({ status: 'erased', completed_at: completedAt, erasure_phase: 'done' })
    .where('id', '=', t.id)
    .execute();
  await db().updateTable('ops.tenant').set({ status: 'erased' }).where('id', '=', t.tenant_id).execute();
  await recordAudit({
    action: 'lifecycle.erasure.complete',
    tenantId: t.tenant_id,
    targetType: 'erasure_certificate',
    targetId: body.id,
    summary: {
      termination: t.id,
      erased: body.erased,
      destroyedKeyId: body.destroyedKeyId,
      signingKey: key.keyId,
    },
  });
  return body.id;
}

/**
 * Once the certificate emails have left (sent, or given up), their outbox rows and the addresses
 * and ids kept in the snapshot are deleted: after this, nothing personal of the tenant remains.
 */
export async function cleanupAfterSend(): Promise<number> {
  const rows = await db()
    .selectFrom('ops.termination')
    .select(['id', 'tenant_id', 'snapshot'])
    .where('status', '=', 'erased')
    .where(
      sql<boolean>`jsonb_array_length(snapshot -> 'recipients') > 0 OR jsonb_array_length(snapshot -> 'userIds') > 0`,
    )
    .execute();
  let done = 0;
  for (const r of rows) {
    const waiting = await db()
      .selectFrom('ops.outbox')
      .select('id')
      .where('tenant_id', '=', r.tenant_id)
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirst();
    if (waiting) continue;
    await db().deleteFrom('ops.outbox').where('tenant_id', '=', r.tenant_id).execute();
    const snap = (typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot) as Record<
      string,
      unknown
    >;
    const kept = { ...snap, recipients: [], connectionIds: [], userIds: [], userEmails: [] };
    await db()
      .updateTable('ops.termination')
      .set({ snapshot: JSON.stringify(kept), requested_by: null })
      .where('id', '=', r.id)
      .execute();
    done++;
  }
  return done;
}
