import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { EXPORT_SCHEMA_PATH } from '../../src/modules/export/schema.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** A validator of the published schema, as a customer would build one (draft 2020-12, formats on). */
export function exportValidator() {
  const schema = JSON.parse(readFileSync(EXPORT_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
  return ajv.compile(schema);
}

export interface ExportDoc {
  format: string;
  version: number;
  exportedAt: string;
  scope: { role: string; serviceScope: string[] | null; sections: string[] };
  tenant: { id: string; code: string; owner: string };
  contracts: { id: string; number: string; owner: string }[];
  services: { id: string; code: string; label: string; owner: string }[];
  connections: { id: string; serviceId: string; owner: string }[];
  users?: { id: string; login: string; serviceScope: string[] | null; owner: string }[];
  securitySettings?: { ipAllowlist: string[]; owner: string };
  changeRequests?: { id: string; serviceId: string; number: string; owner: string }[];
  changeRequestEvents?: { id: number; changeRequestId: string; owner: string }[];
}

/** Every object of a parsed export that carries `owner` (the unit of the objects header). */
export function countObjects(doc: ExportDoc): number {
  let n = 0;
  for (const v of Object.values(doc)) {
    if (Array.isArray(v)) n += v.filter((o) => o && typeof o === 'object' && 'owner' in o).length;
    else if (v && typeof v === 'object' && 'owner' in v) n += 1;
  }
  return n;
}

/** A change request with two timeline steps on a service, written directly (the changes module is not needed). */
export async function createChangeRequest(
  database: Database,
  tenantId: string,
  serviceId: string,
  opts: { requestedBy?: string | null; reason?: string } = {},
): Promise<string> {
  return inTransaction(database, systemScope(), async () => {
    const number = `CR-2026-${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
    const r = await db()
      .insertInto('customer.change_request')
      .values({
        tenant_id: tenantId,
        number,
        service_id: serviceId,
        kind: 'bandwidth',
        desired: JSON.stringify({ bandwidthMbps: 200 }),
        current: JSON.stringify({ bandwidthMbps: 100 }),
        desired_date: '2026-12-01',
        reason: opts.reason ?? '増速のため',
        requested_by: opts.requestedBy ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('customer.change_request_event')
      .values([
        { tenant_id: tenantId, change_request_id: r.id, actor_kind: 'customer', to_status: 'submitted' },
        {
          tenant_id: tenantId,
          change_request_id: r.id,
          actor_kind: 'staff',
          from_status: 'submitted',
          to_status: 'approved',
          note: '承認しました',
        },
      ])
      .execute();
    return r.id;
  });
}

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF inside quotes) for checking our writer. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) throw new Error('the CSV does not end with CRLF');
  return rows;
}
