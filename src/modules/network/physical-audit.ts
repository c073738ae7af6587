import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { auditRequest } from '../../app/plugins/tx.ts';

export const TAGS = ['network'];
export const NoContent = { 204: Type.Null() };

/** One audit record per write: the object, what changed, and free text (override reasons) beside the chain. */
export async function auditNetwork(
  req: FastifyRequest,
  action: string,
  target: { type: string; id: string },
  summary: Record<string, unknown>,
  overrideReason?: string,
): Promise<void> {
  await auditRequest(req, {
    action,
    tenantId: null,
    targetType: target.type,
    targetId: target.id,
    summary,
    ...(overrideReason ? { personal: { overrideReason } } : {}),
  });
}
