import { notFound } from '../../app/errors.ts';
import { db } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';

export interface ChangeContext {
  /** The change request this edit executes, linked in the audit record. */
  changeRequestId?: string;
}

/**
 * Sets a contracted service's bandwidth. The one code path for this change, whether a provider
 * edits the service directly or executes a customer's change request.
 */
export async function changeServiceBandwidth(
  serviceId: string,
  mbps: number,
  ctx: ChangeContext = {},
): Promise<void> {
  const before = await db()
    .selectFrom('customer.service')
    .select(['bandwidth_mbps', 'tenant_id'])
    .where('id', '=', serviceId)
    .executeTakeFirst();
  if (!before) throw notFound();
  await db()
    .updateTable('customer.service')
    .set({ bandwidth_mbps: mbps })
    .where('id', '=', serviceId)
    .execute();
  await recordAudit({
    action: 'service.bandwidth.change',
    tenantId: before.tenant_id,
    targetType: 'service',
    targetId: serviceId,
    summary: {
      before: before.bandwidth_mbps,
      after: mbps,
      ...(ctx.changeRequestId ? { change_request: ctx.changeRequestId } : {}),
    },
  });
}
