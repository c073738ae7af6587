import { db } from '../../db/context.ts';
import { zonedDate } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import * as repo from './repository.ts';

/**
 * Demo evidence: the first demo tenant's administrator has asked for the last 30 days of
 * evidence for an internal audit; it waits for the security officer's approval in the console.
 * Idempotent (does nothing when any request exists).
 */
export async function seedEvidenceDemo(
  tenantCode = 'C0001001',
  login = 'sato@minato.example',
): Promise<void> {
  const any = await db().selectFrom('customer.evidence_request').select('id').limit(1).execute();
  if (any.length) return;
  const user = await db()
    .selectFrom('customer.app_user as u')
    .innerJoin('ops.tenant as t', 't.id', 'u.tenant_id')
    .select(['u.id', 'u.tenant_id'])
    .where('t.code', '=', tenantCode)
    .where('u.login', '=', login)
    .executeTakeFirst();
  if (!user) return;
  const now = new Date();
  const r = await repo.insertRequest({
    tenant_id: user.tenant_id,
    number: await repo.nextNumber(zonedDate(now).slice(0, 4)),
    window_from: new Date(now.getTime() - 30 * 86_400_000),
    window_to: now,
    kinds: ['audit', 'monitoring', 'traffic', 'changes'],
    purpose: '年次の内部監査（ISMS）のため、直近 30 日の記録を提出します。',
    requested_by: user.id,
  });
  await recordAudit({
    action: 'evidence.requested',
    tenantId: user.tenant_id,
    targetType: 'evidence_request',
    targetId: r.id,
    summary: { number: r.number, demo: true },
  });
}
