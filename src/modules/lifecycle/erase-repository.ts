import { sql, type RawBuilder } from 'kysely';
import { db } from '../../db/context.ts';

/**
 * What the erasure deletes, read from the database catalogue at run time, so tables added later
 * are covered without anyone remembering to list them here:
 *  - every table (any schema but `audit`) with a `tenant_id` column, except the provider records
 *    that must outlive the data (KEEP): rows of that tenant;
 *  - tables without `tenant_id` that hold rows about the tenant's connections (`connection_id`)
 *    or its users (`principal_kind` + `principal_id`), e.g. the traffic series: rows of those ids;
 *  - the outbox rows addressed to its users, and queued jobs whose payload names the tenant.
 * Partitioned tables are expanded into their leaf partitions (batches by ctid stay index-cheap).
 */

/** Provider records that outlive the data: the key row (destroyed, not deleted), the isolation
 *  ids (quarantined), and this module's own records of the termination and the certificate. */
const KEEP = new Set(['ops.tenant_key', 'ops.isolation_id', 'ops.termination', 'ops.erasure_certificate']);
const SKIP_SCHEMAS = ['audit', 'pg_catalog', 'information_schema', 'pg_toast'];

export type Rule = 'tenant' | 'connection' | 'principal' | 'recipient' | 'job';

/**
 * Where a batch deletes from: a table (or leaf partition) by ctid; or, when the leaves of a
 * partitioned table are not ours to touch directly (on the embedded engine, partitions created
 * at run time belong to the superuser), the parent by its primary key.
 */
export interface Target {
  name: string;
  pk: string[] | null;
}

export interface Step {
  /** the logical table, e.g. `ops.traffic_5m`: the kind counted in the certificate */
  table: string;
  leaves: Target[];
  rule: Rule;
}

/** Ids taken before anything is erased, so rules on connection and user ids survive a restart. */
export interface Subject {
  tenantId: string;
  connectionIds: string[];
  userIds: string[];
  userEmails: string[];
}

interface CatalogRow {
  oid: number;
  name: string;
  cols: string[];
  leaves: string[];
  leaves_ok: boolean;
  pk: string[] | null;
}

const targets = (t: CatalogRow): Target[] =>
  t.leaves_ok ? t.leaves.map((name) => ({ name, pk: null })) : [{ name: t.name, pk: t.pk ?? [] }];

async function catalog(): Promise<CatalogRow[]> {
  const r = await sql<CatalogRow>`
    SELECT c.oid::int AS oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
      ARRAY(SELECT a.attname::text FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS cols,
      CASE WHEN c.relkind = 'p' THEN ARRAY(
        SELECT quote_ident(ln.nspname) || '.' || quote_ident(lc.relname)
          FROM pg_partition_tree(c.oid) t
          JOIN pg_class lc ON lc.oid = t.relid JOIN pg_namespace ln ON ln.oid = lc.relnamespace
         WHERE t.isleaf ORDER BY 1)
      ELSE ARRAY[quote_ident(n.nspname) || '.' || quote_ident(c.relname)] END AS leaves,
      c.relkind <> 'p' OR NOT EXISTS (SELECT 1 FROM pg_partition_tree(c.oid) t
         WHERE t.isleaf AND NOT has_table_privilege(t.relid, 'DELETE')) AS leaves_ok,
      (SELECT array_agg(quote_ident(a.attname::text) ORDER BY k.ord) FROM pg_index i
         CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname <> ALL (${SKIP_SCHEMAS}) AND n.nspname NOT LIKE 'pg\\_%'`.execute(db());
  return r.rows;
}

/** Foreign keys between tables: [referencing, referenced] (self references ignored). */
async function foreignKeys(): Promise<[number, number][]> {
  const r = await sql<{ a: number; b: number }>`
    SELECT DISTINCT conrelid::int AS a, confrelid::int AS b FROM pg_constraint
     WHERE contype = 'f' AND conrelid <> confrelid AND conparentid = 0`.execute(db());
  return r.rows.map((x) => [x.a, x.b]);
}

/**
 * The steps in a foreign-key-safe order: the id-linked rules first (they need nothing deleted
 * yet), then tenant tables with every referencing table before the table it references.
 */
export async function erasurePlan(): Promise<Step[]> {
  const tables = await catalog();
  const linked: Step[] = [];
  const tenant = new Map<number, CatalogRow>();
  for (const t of tables) {
    if (KEEP.has(t.name)) continue;
    const has = (c: string) => t.cols.includes(c);
    if (has('tenant_id')) tenant.set(t.oid, t);
    else if (has('connection_id')) linked.push({ table: t.name, leaves: targets(t), rule: 'connection' });
    if (has('principal_kind') && has('principal_id'))
      linked.push({ table: t.name, leaves: targets(t), rule: 'principal' });
  }
  linked.push({ table: 'ops.outbox', leaves: [{ name: 'ops.outbox', pk: null }], rule: 'recipient' });
  linked.push({ table: 'ops.job', leaves: [{ name: 'ops.job', pk: null }], rule: 'job' });
  // Kahn's algorithm over "b is referenced by a" inside the tenant tables: a goes first
  const refs = (await foreignKeys()).filter(([a, b]) => tenant.has(a) && tenant.has(b));
  const pending = new Set(tenant.keys());
  const ordered: Step[] = [];
  while (pending.size > 0) {
    const free = [...pending].filter((b) => !refs.some(([a, bb]) => bb === b && pending.has(a)));
    // a cycle (none today): take the rest in name order, the batch retry reports what blocks
    const next = free.length ? free : [...pending];
    for (const oid of next.sort((x, y) => tenant.get(x)!.name.localeCompare(tenant.get(y)!.name))) {
      const t = tenant.get(oid)!;
      ordered.push({ table: t.name, leaves: targets(t), rule: 'tenant' });
      pending.delete(oid);
    }
  }
  return [...linked, ...ordered];
}

function condition(rule: Rule, s: Subject): RawBuilder<unknown> {
  switch (rule) {
    case 'tenant':
      return sql`tenant_id = ${s.tenantId}::uuid`;
    case 'connection':
      return sql`connection_id = ANY(${s.connectionIds}::uuid[])`;
    case 'principal':
      return sql`principal_kind = 'customer' AND principal_id = ANY(${s.userIds}::uuid[])`;
    case 'recipient':
      return sql`recipient = ANY(${s.userEmails}::text[])`;
    case 'job':
      // the erasure's own job row names the tenant too; it ages out with the other finished jobs
      return sql`name <> 'lifecycle.erase' AND status <> 'running' AND strpos(payload::text, ${s.tenantId}) > 0`;
  }
}

const empty = (rule: Rule, s: Subject): boolean =>
  (rule === 'connection' && !s.connectionIds.length) ||
  (rule === 'principal' && !s.userIds.length) ||
  (rule === 'recipient' && !s.userEmails.length);

/** Deletes at most `limit` rows of one table (leaf) for the subject; returns how many went. */
export async function deleteBatch(leaf: Target, rule: Rule, s: Subject, limit: number): Promise<number> {
  if (empty(rule, s)) return 0;
  const t = sql.raw(leaf.name);
  const cond = condition(rule, s);
  let r;
  if (!leaf.pk) {
    r = await sql`DELETE FROM ${t} WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM ${t} WHERE ${cond} LIMIT ${limit}))`.execute(db());
  } else if (leaf.pk.length) {
    const cols = sql.raw(leaf.pk.join(', '));
    r = await sql`DELETE FROM ${t} WHERE (${cols}) IN (
        SELECT ${cols} FROM ${t} WHERE ${cond} LIMIT ${limit})`.execute(db());
  } else {
    // a partitioned table without a primary key: one statement (none exists today)
    r = await sql`DELETE FROM ${t} WHERE ${cond}`.execute(db());
  }
  return Number(r.numAffectedRows ?? 0);
}

/** Rows of the subject still in one table (leaf). */
export async function countRemaining(leaf: Target, rule: Rule, s: Subject): Promise<number> {
  if (empty(rule, s)) return 0;
  const r = await sql<{ n: string | number }>`
    SELECT count(*) AS n FROM ${sql.raw(leaf.name)} WHERE ${condition(rule, s)}`.execute(db());
  return Number(r.rows[0]?.n ?? 0);
}

/** Adds `n` to the count of `kind` in the termination's running totals (same transaction as the delete). */
export async function addCount(terminationId: string, kind: string, n: number): Promise<void> {
  if (n === 0) return;
  await sql`UPDATE ops.termination
       SET erased_counts = jsonb_set(erased_counts, ARRAY[${kind}::text],
             to_jsonb(COALESCE((erased_counts ->> ${kind})::bigint, 0) + ${n}::bigint))
     WHERE id = ${terminationId}`.execute(db());
}

/** Pseudonymises the personal data beside the audit chain, in batches; the chain itself is untouched. */
export async function pseudonymiseAuditBatch(tenantId: string, limit: number): Promise<number> {
  const r = await sql`UPDATE audit.personal SET data = jsonb_build_object('erased', true)
     WHERE ref IN (SELECT ref FROM audit.personal
                    WHERE tenant_id = ${tenantId}::uuid AND data <> jsonb_build_object('erased', true)
                    LIMIT ${limit})`.execute(db());
  return Number(r.numAffectedRows ?? 0);
}

/** Fingerprint of the tenant's wrapped data key (its id in the certificate), or null if none exists. */
export async function tenantKeyFingerprint(
  tenantId: string,
): Promise<{ id: string | null; destroyed: boolean }> {
  const r = await sql<{ fp: string | null; destroyed: boolean }>`
    SELECT encode(sha256(wrapped_key), 'hex') AS fp, destroyed_at IS NOT NULL AS destroyed
      FROM ops.tenant_key WHERE tenant_id = ${tenantId}::uuid`.execute(db());
  const row = r.rows[0];
  return { id: row?.fp ? `tk:${row.fp.slice(0, 16)}` : null, destroyed: row?.destroyed ?? false };
}
