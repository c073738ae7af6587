import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';

const uniq = (): string => randomBytes(4).toString('hex').toUpperCase();

export interface TenantFixture {
  id: string;
  code: string;
  contractId: string;
  serviceIds: string[];
  connectionIds: string[];
}

/** A fresh tenant per test (no truncation): a contract, `services` services and one connection each. */
export async function createTenant(
  database: Database,
  opts: { services?: number; name?: string } = {},
): Promise<TenantFixture> {
  return inTransaction(database, systemScope(), async () => {
    const code = `T${uniq()}`;
    const tenant = await db()
      .insertInto('ops.tenant')
      .values({ code, name: opts.name ?? `テスト株式会社 ${code}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contract = await db()
      .insertInto('customer.contract')
      .values({ tenant_id: tenant.id, number: `K-${uniq()}`, start_date: '2026-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const serviceIds: string[] = [];
    const connectionIds: string[] = [];
    for (let i = 0; i < (opts.services ?? 2); i++) {
      const svc = await db()
        .insertInto('customer.service')
        .values({
          tenant_id: tenant.id,
          contract_id: contract.id,
          code: `PVA${uniq()}`,
          type: 'ipsec',
          bandwidth_mbps: 100,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      serviceIds.push(svc.id);
      const conn = await db()
        .insertInto('customer.connection')
        .values({
          tenant_id: tenant.id,
          service_id: svc.id,
          name: `site-${i}`,
          kind: 'ipsec',
          bandwidth_mbps: 100,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      connectionIds.push(conn.id);
    }
    return { id: tenant.id, code, contractId: contract.id, serviceIds, connectionIds };
  });
}
