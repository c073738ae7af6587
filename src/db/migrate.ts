import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { grantAppRole, type Database } from './client.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
export const SCHEMAS = ['customer', 'ops', 'audit', 'iam'] as const;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return {
        version: Number(f.slice(0, 4)),
        name: f.slice(5, -4),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

async function ensureTable(database: Database): Promise<void> {
  await database.runScript(`CREATE TABLE IF NOT EXISTS public.pva_migration (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
}

async function applied(database: Database): Promise<Map<number, string>> {
  const r = await sql<{
    version: number;
    checksum: string;
  }>`SELECT version, checksum FROM public.pva_migration`.execute(database.kysely);
  return new Map(r.rows.map((row) => [row.version, row.checksum]));
}

/** Applies pending migrations, each in its own transaction; refuses when an applied file was edited. */
export async function migrate(database: Database): Promise<{ applied: string[] }> {
  await ensureTable(database);
  const done: string[] = [];
  for (const m of listMigrations()) {
    const have = await applied(database);
    const sum = have.get(m.version);
    if (sum !== undefined) {
      if (sum !== m.checksum) {
        throw new Error(
          `migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead`,
        );
      }
      continue;
    }
    // The advisory lock keeps two starting processes from applying the same migration.
    await database
      .runScript(
        `BEGIN;
      SELECT pg_advisory_xact_lock(7461001);
      ${m.sql}
      ;
      INSERT INTO public.pva_migration (version, name, checksum) VALUES (${m.version}, '${m.name}', '${m.checksum}')
        ON CONFLICT (version) DO NOTHING;
      COMMIT;`,
      )
      .catch(async (e: unknown) => {
        const again = await applied(database);
        if (again.get(m.version) === m.checksum) return; // another process applied it first
        throw new Error(`migration ${m.version}_${m.name} failed: ${(e as Error).message}`);
      });
    done.push(`${m.version}_${m.name}`);
  }
  await grantAppRole(database, SCHEMAS);
  // the embedded engine has no autovacuum: refresh planner statistics after a schema change
  if (done.length && database.engine === 'pglite') await database.runScript('ANALYZE');
  return { applied: done };
}

/** True when every migration file has been applied: the readiness check. */
export async function migrationsCurrent(database: Database): Promise<boolean> {
  const have = await applied(database).catch(() => new Map<number, string>());
  return listMigrations().every((m) => have.get(m.version) === m.checksum);
}
