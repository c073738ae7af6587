import { AppError, notFound } from '../../app/errors.ts';
import type { Config } from '../../config.ts';
import type { EvidenceKind } from '../../db/schema-evidence.ts';
import { enqueue } from '../../jobs/queue.ts';
import { zonedDate } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { queueEvidenceMail } from './emails.ts';
import { EVIDENCE_KINDS } from './format.ts';
import * as repo from './repository.ts';

/** The job that builds a bundle once security staff approve (src/modules/evidence/jobs.ts). */
export const BUILD_JOB = 'evidence.build';
const DAY = 86_400_000;
// a request may end a minute "in the future": the browser's clock is not ours
const CLOCK_SLACK_MS = 60_000;

export interface NewRequest {
  from: string;
  to: string;
  kinds: EvidenceKind[];
  purpose: string;
}

/** A customer administrator asks for evidence of a window; audited in the request's transaction. */
export async function createRequest(
  config: Config,
  tenantId: string,
  userId: string | null,
  body: NewRequest,
) {
  const from = new Date(body.from);
  const to = new Date(body.to);
  const now = Date.now();
  if (
    !(from < to) ||
    to.getTime() > now + CLOCK_SLACK_MS ||
    to.getTime() - from.getTime() > config.evidence.maxWindowDays * DAY
  ) {
    throw new AppError('evidence_window', { extensions: { maxWindowDays: config.evidence.maxWindowDays } });
  }
  const kinds = EVIDENCE_KINDS.filter((k) => body.kinds.includes(k));
  const number = await repo.nextNumber(zonedDate(new Date()).slice(0, 4));
  const r = await repo.insertRequest({
    tenant_id: tenantId,
    number,
    window_from: from,
    window_to: to > new Date(now) ? new Date(now) : to,
    kinds,
    purpose: body.purpose.trim(),
    requested_by: userId,
  });
  await recordAudit({
    action: 'evidence.requested',
    tenantId,
    targetType: 'evidence_request',
    targetId: r.id,
    summary: { number, from: from.toISOString(), to: r.window_to.toISOString(), kinds },
    ...(body.purpose.trim() ? { personal: { purpose: body.purpose.trim() } } : {}),
  });
  return r.id;
}

/** Security staff approve (the build job is queued in the same transaction) or reject, with a reason. */
export async function decideRequest(
  config: Pick<Config, 'portalUrl' | 'portal'>,
  id: string,
  staffId: string,
  approve: boolean,
  reason: string,
): Promise<void> {
  const r = await repo.lockRequest(id);
  if (!r) throw notFound();
  if (r.status !== 'submitted') throw new AppError('conflict');
  const now = new Date();
  await repo.updateRequest(id, {
    status: approve ? 'approved' : 'rejected',
    decided_by: staffId,
    decided_at: now,
    decision_reason: reason.trim(),
    progress: 0,
    phase: approve ? 'queued' : null,
  });
  if (approve)
    await enqueue(BUILD_JOB, { requestId: id }, { singletonKey: `evidence.build:${id}`, maxAttempts: 3 });
  await recordAudit({
    action: approve ? 'evidence.approved' : 'evidence.rejected',
    tenantId: r.tenant_id,
    targetType: 'evidence_request',
    targetId: id,
    summary: { number: r.number, from: 'submitted', to: approve ? 'approved' : 'rejected' },
    personal: { reason: reason.trim() },
  });
  await queueEvidenceMail(config, approve ? 'approved' : 'rejected', r, { reason: reason.trim() });
}

/** The bundle's bytes for a download by the customer; every download is audited. */
export async function takeBundle(id: string, tenantId: string): Promise<{ name: string; content: Buffer }> {
  const r = await repo.findRequest(id, tenantId);
  if (!r) throw notFound();
  if (r.status !== 'ready' || !r.bundle_name || (r.expires_at && new Date(r.expires_at) <= new Date()))
    throw new AppError('evidence_not_ready');
  const content = await repo.readBundle(id);
  if (!content) throw new AppError('evidence_not_ready');
  await repo.countDownload(id);
  await recordAudit({
    action: 'evidence.downloaded',
    tenantId,
    targetType: 'evidence_request',
    targetId: id,
    summary: { number: r.number, bytes: content.length, sha256: r.bundle_sha256 },
  });
  return { name: r.bundle_name, content };
}
