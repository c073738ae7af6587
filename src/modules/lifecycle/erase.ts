import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';
import { quarantineTenantIsolationIds } from '../network/isolation.ts';
import { destroyTenantKey } from '../tenancy/keys.ts';
import { issueCertificate } from './certificate-service.ts';
import {
  addCount,
  countRemaining,
  deleteBatch,
  erasurePlan,
  pseudonymiseAuditBatch,
  tenantKeyFingerprint,
  type Step,
  type Subject,
} from './erase-repository.ts';
import { findTermination, setPhase, takeSnapshot } from './repository.ts';

/**
 * The erasure job (CLD.8.1.5). Every step commits on its own with the counts it adds, and every
 * step is idempotent, so a run killed at any point is resumed by simply running again:
 *  1. snapshot (once): what the certificate and the rules need before anything goes;
 *  2. delete every table of the catalogue plan in batches, in foreign-key-safe order;
 *  3. recount every step: anything left (a row written meanwhile) sends us back to 2;
 *  4. destroy the data key (its fingerprint recorded first), pseudonymise the audit's personal
 *     data, quarantine the isolation ids;
 *  5. in one transaction: recount once more, issue the one certificate, queue its emails, mark
 *     the tenant erased. Success is never reported before this commits.
 */
export interface EraseOptions {
  batch?: number;
  /** called after each committed step; the crash test uses it to pace kills */
  onProgress?: (what: string) => void;
}

export async function eraseTenant(
  database: Database,
  config: Pick<Config, 'signingKeyFile' | 'network' | 'lifecycle' | 'portalUrl' | 'portal'>,
  terminationId: string,
  opts: EraseOptions = {},
): Promise<{ certificateId: string; alreadyDone: boolean }> {
  const tx = <T>(fn: () => Promise<T>) => inTransaction(database, systemScope(), fn);
  const limit = opts.batch ?? config.lifecycle.erasureBatch;
  const progress = opts.onProgress ?? (() => {});

  const start = await tx(async () => {
    const t = await findTermination(terminationId);
    if (!t) throw new Error(`termination ${terminationId} does not exist`);
    if (t.status === 'erased') return { done: true as const, t };
    // precondition re-checked before anything destructive: the services must have stopped
    if (t.status !== 'stopped' && t.status !== 'erasing')
      throw new Error(`termination ${terminationId} is ${t.status}: only a stopped tenant is erased`);
    const snapshot = t.snapshot ? null : await takeSnapshot(t.id, t.tenant_id);
    if (snapshot) {
      await recordAudit({
        action: 'lifecycle.erasure.start',
        tenantId: t.tenant_id,
        targetType: 'termination',
        targetId: t.id,
        summary: { terminationDate: t.termination_date },
      });
    }
    return { done: false as const, t: (await findTermination(terminationId))! };
  });
  if (start.done) {
    const cert = await tx(() => issueCertificate(config, terminationId));
    return { certificateId: cert, alreadyDone: true };
  }
  const snap = start.t.snapshot!;
  const subject: Subject = {
    tenantId: start.t.tenant_id,
    connectionIds: snap.connectionIds,
    userIds: snap.userIds,
    userEmails: snap.userEmails,
  };
  progress('snapshot');

  for (let round = 0; ; round++) {
    const plan = await tx(() => erasurePlan());
    for (const step of plan) await drain(step);
    const left = await tx(() => remaining(plan, subject));
    if (left.length === 0) break;
    if (round >= 5) throw new Error(`erasure keeps finding rows in ${left.join(', ')}`);
  }
  await tx(async () => {
    const t = (await findTermination(terminationId))!;
    const fp = await tenantKeyFingerprint(t.tenant_id);
    // the fingerprint must be taken before the key goes; a resumed run keeps the first one
    if (!t.key_id) await setPhase(t.id, 'key', { keyId: fp.id ?? 'none' });
    await destroyTenantKey(t.tenant_id);
  });
  progress('key');
  for (;;) {
    const n = await tx(async () => {
      const k = await pseudonymiseAuditBatch(subject.tenantId, limit);
      await addCount(terminationId, 'audit.personal (pseudonymised)', k);
      return k;
    });
    if (n === 0) break;
    progress('audit');
  }
  await tx(async () => {
    const n = await quarantineTenantIsolationIds(subject.tenantId, config.network.isolationQuarantineDays);
    await addCount(terminationId, 'ops.isolation_id (quarantined)', n);
    await setPhase(terminationId, 'certificate');
  });
  progress('quarantine');
  const certificateId = await tx(async () => {
    const plan = await erasurePlan();
    const left = await remaining(plan, subject);
    if (left.length) throw new Error(`rows appeared during erasure in ${left.join(', ')}: run again`);
    return issueCertificate(config, terminationId);
  });
  progress('certificate');
  return { certificateId, alreadyDone: false };

  async function drain(step: Step): Promise<void> {
    for (const leaf of step.leaves) {
      for (;;) {
        const n = await tx(async () => {
          const k = await deleteBatch(leaf, step.rule, subject, limit);
          await addCount(terminationId, step.table, k);
          return k;
        });
        if (n > 0) progress(step.table);
        // a short batch emptied the table; rows written meanwhile are caught by the recount
        if (n < limit) break;
      }
    }
  }
}

async function remaining(plan: Step[], s: Subject): Promise<string[]> {
  const left: string[] = [];
  for (const step of plan)
    for (const leaf of step.leaves) if ((await countRemaining(leaf, step.rule, s)) > 0) left.push(leaf.name);
  return left;
}
