import { currentScope } from '../../db/context.ts';
import { chainHash, personalRef, type ChainRecord } from './chain.ts';
import * as repo from './repository.ts';

export interface AuditEvent {
  action: string;
  outcome?: 'success' | 'failure' | 'denied';
  targetType?: string;
  targetId?: string;
  /** Before/after summary: no personal data here (it would be frozen into the chain). */
  summary?: Record<string, unknown>;
  /** Names, addresses and the like: stored beside the chain so they can be erased. */
  personal?: Record<string, unknown>;
  tenantId?: string | null;
}

/**
 * The summary is hashed exactly as it will be read back from jsonb: plain JSON values only
 * (Dates become strings, undefined disappears) and no NUL characters, which jsonb cannot hold.
 */
function plainJson(v: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v).replace(/\\u0000/g, '\\ufffd')) as Record<string, unknown>;
}

/**
 * Appends one record to the chain inside the ambient transaction, so the record commits or
 * rolls back with the change it describes.
 */
export async function recordAudit(ev: AuditEvent): Promise<number> {
  const scope = currentScope();
  const head = await repo.lockHead();
  const tenantId = ev.tenantId !== undefined ? ev.tenantId : (scope.tenantId ?? scope.actor.tenantId);
  const personal: Record<string, unknown> = { ...ev.personal };
  if (scope.sourceIp) personal.source_ip = scope.sourceIp;
  if (scope.userAgent) personal.user_agent = scope.userAgent;
  let ref: string | null = null;
  if (Object.keys(personal).length > 0) {
    const p = personalRef(personal);
    ref = p.ref;
    await repo.insertPersonal(p.ref, p.stored, tenantId);
  }
  const rec: ChainRecord = {
    seq: head.seq + 1,
    at: new Date().toISOString(),
    tenant_id: tenantId,
    actor_kind: scope.actor.kind,
    actor_id: scope.actor.id,
    action: ev.action,
    target_type: ev.targetType ?? null,
    target_id: ev.targetId ?? null,
    outcome: ev.outcome ?? 'success',
    request_id: scope.requestId ?? null,
    summary: plainJson(ev.summary ?? {}),
    personal_ref: ref,
  };
  await repo.insertRecord(rec, head.hash, chainHash(head.hash, rec));
  return rec.seq;
}
