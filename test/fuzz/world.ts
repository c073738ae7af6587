import { sql } from 'kysely';
import type { App, Plane } from '../../src/app/types.ts';
import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import type { CustomerRole, StaffRole } from '../../src/db/schema.ts';
import type { TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type TestPrincipal } from '../support/auth.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import type { Operation } from './plan.ts';
import type { Schema } from './values.ts';

/** Put in the names of tenant B's objects: it must never reach a response to tenant A. */
export const MARKER = 'ZQXMARKB';
export const FUZZ_IP = '127.0.0.1';

export interface Role {
  name: string;
  plane: Plane;
  principal: TestPrincipal | null;
  headers: Record<string, string>;
}

/** One logged-in (or anonymous) fuzzing identity that logs in again whenever its session dies. */
export class Session implements Role {
  headers: Record<string, string> = {};
  relogins = 0;
  readonly name: string;
  readonly plane: Plane;
  readonly principal: TestPrincipal | null;
  private readonly app: App;
  private readonly database: Database;
  constructor(name: string, plane: Plane, principal: TestPrincipal | null, app: App, database: Database) {
    this.name = name;
    this.plane = plane;
    this.principal = principal;
    this.app = app;
    this.database = database;
  }

  async start(): Promise<void> {
    if (!this.principal) return;
    this.headers = (await login(this.app, this.database, this.principal, FUZZ_IP)).headers;
  }

  /** After a refusal that may mean the session is gone: probe it, and log in afresh if so. */
  async ensure(): Promise<void> {
    if (!this.principal) return;
    const probe = await this.app.inject({ url: '/api/v1/me/sessions', headers: this.headers });
    if (probe.statusCode === 200) return;
    this.relogins++;
    await restorePrincipal(this.database, this.principal);
    await this.start();
  }
}

/**
 * The fuzz may lock the account (failed second factors), start a new TOTP enrolment or have an
 * address throttled: undo that directly in the database so the next login succeeds.
 */
async function restorePrincipal(database: Database, p: TestPrincipal): Promise<void> {
  await inTransaction(database, systemScope(), async () => {
    await db().deleteFrom('iam.login_throttle').execute();
    await db()
      .deleteFrom('iam.totp')
      .where('principal_kind', '=', p.kind)
      .where('principal_id', '=', p.id)
      .execute();
    await db()
      .insertInto('iam.totp')
      .values({
        principal_kind: p.kind,
        principal_id: p.id,
        tenant_id: p.tenantId,
        secret: p.totpSecret!,
        confirmed_at: new Date(),
      })
      .execute();
  });
}

/** The uuid ids of every tenant-owned row of one tenant, read from every table with tenant_id. */
export async function tenantRowIds(database: Database, tenantId: string): Promise<string[]> {
  return inTransaction(database, systemScope(), async () => {
    const tables = await sql<{ s: string; t: string }>`
      SELECT c.table_schema AS s, c.table_name AS t FROM information_schema.columns c
      JOIN information_schema.columns i ON i.table_schema = c.table_schema AND i.table_name = c.table_name
        AND i.column_name = 'id' AND i.data_type = 'uuid'
      JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        AND tb.table_type = 'BASE TABLE'
      WHERE c.column_name = 'tenant_id' ORDER BY 1, 2`.execute(db());
    const ids: string[] = [tenantId];
    for (const { s, t } of tables.rows) {
      const r = await sql<{ id: string }>`SELECT id::text AS id FROM ${sql.table(`${s}.${t}`)}
        WHERE tenant_id = ${tenantId} ORDER BY id`.execute(db());
      ids.push(...r.rows.map((x) => x.id));
    }
    return [...new Set(ids)].sort();
  });
}

/** A plain, schema-conforming value (the seeding of tenant B), its strings carrying the marker. */
export function plainValue(s: Schema, i: number, ids: Record<string, string>): unknown {
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined && i % 2 === 0) return s.default;
  if (s.enum?.length) return s.enum[i % s.enum.length];
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return plainValue(alts[i % alts.length]!, i, ids);
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (t) {
    case 'string': {
      if (s.format === 'uuid') return Object.values(ids)[i % Math.max(1, Object.values(ids).length)];
      if (s.format === 'date') return '2027-03-31';
      if (s.format === 'date-time') return '2027-03-31T10:00:00+09:00';
      if (s.format === 'email') return `${MARKER.toLowerCase()}${i}@example.com`;
      if (s.pattern) return undefined;
      const text = `${MARKER} ${i}`;
      const min = s.minLength ?? 0;
      return text.padEnd(min, 'x').slice(0, s.maxLength ?? 64);
    }
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 100, 10));
    case 'boolean':
      return i % 2 === 0;
    case 'array':
      return s.items && (s.minItems ?? 0) > 0 ? [plainValue(s.items, i, ids)] : [];
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (!(s.required ?? []).includes(k) && i % 2 === 1) continue;
        const val = plainValue(v, i, ids);
        if (val !== undefined) o[k] = val;
      }
      return o;
    }
  }
  return undefined;
}

export interface World {
  a: TenantFixture;
  b: TenantFixture;
  /** What tenant A's users must never see: tenant B's ids and the marker. */
  bSecrets: string[];
  bIds: string[];
  aIds: string[];
  portal: Session[];
  mgmt: Session[];
}

const CUSTOMER_ROLES: CustomerRole[] = ['viewer', 'operator', 'admin'];
const STAFF_ROLES: StaffRole[] = ['noc', 'security', 'admin'];

async function seedThrough(
  app: App,
  headers: Record<string, string>,
  ops: Operation[],
  ids: Record<string, string>,
) {
  for (const op of ops) {
    for (let i = 0; i < 2; i++) {
      let url = op.path;
      for (const p of op.params.filter((x) => x.in === 'path'))
        url = url.replace(`{${p.name}}`, ids[p.name] ?? ids.id!);
      await app.inject({
        method: op.method as 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(op.body ? plainValue(op.body, i, ids) : {}),
      });
    }
  }
}

/**
 * Tenants A and B, the fuzzing identities (anonymous, A's viewer/operator/admin, each staff role)
 * and as many of B's objects as the factories and B's own API calls can make.
 */
export async function buildWorld(p: TestPlatform, plans: Record<Plane, Operation[]>): Promise<World> {
  const database = p.db.database;
  const a = await createTenant(database, { services: 2 });
  const b = await createTenant(database, { services: 2, name: `${MARKER} 株式会社` });
  const bAdmin = await createUser(database, b.id, {
    role: 'admin',
    login: `${MARKER.toLowerCase()}@b.example`,
  });
  await createUser(database, b.id, { role: 'viewer' });
  const bSession = new Session('B admin', 'portal', bAdmin, p.portal, database);
  await bSession.start();
  const staffAdmin = new Session(
    'staff admin',
    'mgmt',
    await createStaffMember(database, { role: 'admin' }),
    p.mgmt,
    database,
  );
  await staffAdmin.start();
  // B's own API calls, then the provider's calls on B's behalf (state-changing routes only)
  const posts = (ops: Operation[]) => ops.filter((o) => o.method === 'POST' || o.method === 'PUT');
  const bRef = { tenantId: b.id, id: b.connectionIds[0]!, serviceId: b.serviceIds[0]! };
  await seedThrough(
    p.mgmt,
    staffAdmin.headers,
    posts(plans.mgmt).filter((o) => o.path.includes('{tenantId}')),
    bRef,
  );
  await seedThrough(
    p.portal,
    bSession.headers,
    posts(plans.portal).filter((o) => !/auth|logout|termination|password/.test(o.path)),
    bRef,
  );
  const bIds = await tenantRowIds(database, b.id);
  const portal = [new Session('anonymous', 'portal', null, p.portal, database)];
  const fuzzers = new Set<string>();
  for (const role of CUSTOMER_ROLES) {
    const u = await createUser(database, a.id, { role });
    fuzzers.add(u.id);
    portal.push(new Session(`A ${role}`, 'portal', u, p.portal, database));
  }
  await createUser(database, a.id, { role: 'operator' }); // a victim user the fuzz may edit or delete
  const mgmt = [new Session('anonymous', 'mgmt', null, p.mgmt, database)];
  for (const role of STAFF_ROLES) {
    mgmt.push(
      new Session(`staff ${role}`, 'mgmt', await createStaffMember(database, { role }), p.mgmt, database),
    );
  }
  for (const s of [...portal, ...mgmt]) await s.start();
  const aIds = (await tenantRowIds(database, a.id)).filter((id) => !fuzzers.has(id));
  return { a, b, bIds, aIds, bSecrets: [...bIds, MARKER.toLowerCase()], portal, mgmt };
}
