import { notFound } from '../../app/errors.ts';
import { db } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';
import { followServiceBandwidth } from '../network/connections-bandwidth.ts';
import { lockService, updateLabel } from './repository.ts';

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
  // the service's connections follow; an increase a port cannot take is refused (capacity_exceeded)
  const connections = await followServiceBandwidth(serviceId, before.bandwidth_mbps, mbps);
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
      ...(connections.length ? { connections } : {}),
    },
  });
}

/**
 * Sets the customer's label of a service (8.2.2). Returns the label before and after (the caller
 * audits both: a label is customer data but not personal), or null when the service is missing
 * or outside the principal's service-code scope.
 */
export async function setServiceLabel(
  serviceId: string,
  scope: string[] | null,
  label: string,
): Promise<{ tenantId: string; before: string; after: string } | null> {
  if (scope && !scope.includes(serviceId)) return null;
  const row = await lockService(serviceId);
  if (!row) return null;
  if (row.label !== label) await updateLabel(serviceId, label);
  return { tenantId: row.tenant_id, before: row.label, after: label };
}
