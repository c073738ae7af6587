import { db } from '../../db/context.ts';
import { zonedDate } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import type { ServiceOptionsValue } from '../services/schema.ts';
import { insertContract, insertService, nextServiceNumber } from './repository.ts';
import { formatServiceCode, type ServiceCodeFormat } from './service-code.ts';

/**
 * Demo contracts data on top of src/cli/demo-data.ts: options on services, English labels for the
 * logistics customer (the manufacturer and the clinic keep their Japanese ones), and a second
 * contract of the logistics customer that is being terminated (its branch is closing).
 */
const OPTIONS: Record<string, ServiceOptionsValue> = {
  PVA00010001: { monitoring: 'extended', redundancy: 'dual' },
  PVA00010002: { monitoring: 'standard' },
  PVA00010003: { monitoring: 'standard', burstMbps: 300 },
  PVA00010004: { monitoring: 'extended' },
  PVA00020002: { redundancy: 'dual' },
  PVA00030001: { monitoring: 'standard' },
};

const ENGLISH_LABELS: Record<string, string> = {
  PVA00020001: 'Sapporo DC (primary)',
  PVA00020002: 'Tokyo rack – backup site',
};

/**
 * Seeds the above inside the demo's system transaction. `tenants` maps customer codes to tenant
 * ids (C0001002 gets the terminating contract; a missing code is skipped).
 */
export async function seedContractsDemo(
  tenants: Record<string, string>,
  format: ServiceCodeFormat = { prefix: 'PVA', checkDigit: 'none' },
): Promise<void> {
  for (const [code, options] of Object.entries(OPTIONS)) {
    await db()
      .updateTable('customer.service')
      .set({ options: JSON.stringify(options) })
      .where('code', '=', code)
      .execute();
  }
  const labelledAt = new Date();
  for (const [code, label] of Object.entries(ENGLISH_LABELS)) {
    await db()
      .updateTable('customer.service')
      .set({ label, label_updated_at: labelledAt })
      .where('code', '=', code)
      .execute();
  }

  const hokuto = tenants.C0001002;
  if (!hokuto) return;
  // ends six weeks from today (JST), so the demo shows a termination under way whenever it runs
  const endDate = zonedDate(new Date(Date.now() + 42 * 86_400_000));
  const contractId = await insertContract({
    tenantId: hokuto,
    number: 'K-2025-0012',
    startDate: '2025-04-01',
    endDate,
  });
  if (!contractId) return; // seeded already
  await db()
    .updateTable('customer.contract')
    .set({ status: 'terminating' })
    .where('id', '=', contractId)
    .execute();
  let serviceId: string | undefined;
  for (let attempt = 0; !serviceId && attempt < 50; attempt++) {
    serviceId = await insertService({
      tenantId: hokuto,
      contractId,
      code: formatServiceCode(format, await nextServiceNumber()),
      type: 'ipsec',
      bandwidthMbps: 30,
      options: { monitoring: 'standard' },
    });
  }
  if (!serviceId) throw new Error('demo: no free service code');
  await db()
    .updateTable('customer.service')
    .set({ label: 'Sendai branch (closing)', label_updated_at: labelledAt })
    .where('id', '=', serviceId)
    .execute();
  await db()
    .insertInto('customer.connection')
    .values({
      tenant_id: hokuto,
      service_id: serviceId,
      name: 'sendai-branch',
      kind: 'ipsec',
      bandwidth_mbps: 30,
    })
    .execute();
  await recordAudit({
    action: 'demo.contracts_seeded',
    tenantId: hokuto,
    targetType: 'contract',
    targetId: contractId,
    summary: { number: 'K-2025-0012', status: 'terminating', endDate },
  });
}
