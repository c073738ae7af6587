import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './datadir-lock.ts';
import { listenPostgres } from './listen.ts';
import { Mutex } from './mutex.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { DURABLE_START_PARAMS, GuardedNodeFS } from './pglite-storage.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

/** The role every request transaction runs as on PGlite, where the connection itself is a superuser. */
export const APP_ROLE = 'pva_app';
/**
 * The role of provider-side transactions on PGlite: a member of APP_ROLE, and the only role the
 * provider_access policies apply to there (migration 0034), so a tenant's statement plans one policy.
 */
export const PROVIDER_ROLE = 'pva_provider';

export interface Database {
  readonly engine: Engine;
  readonly kysely: Kysely<DB>;
  /** Runs a multi-statement SQL script outside any tenant context (migrations, maintenance). */
  runScript(script: string): Promise<void>;
  /** An image of the embedded database (PGlite only). */
  dump?(): Promise<Blob>;
  /**
   * LISTEN on a channel: on PostgreSQL through one dedicated connection outside the pool (it
   * reconnects; `onReset` tells that notifications may have been missed), on PGlite in-process.
   * Resolves to the function that stops listening.
   */
  listen?(
    channel: string,
    onPayload: (payload: string) => void,
    onReset?: () => void,
  ): Promise<() => Promise<void>>;
  /** Connections of the pool: open, idle, and callers waiting for one (PostgreSQL only). */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent the embedded database is used. */
  url?: string | undefined;
  /** Data directory for the embedded database; when absent it lives in memory (tests). */
  dataDir?: string | undefined;
  /** An embedded database image to start from (tests start from a migrated template). */
  loadDataDir?: Blob | undefined;
  /** PostgreSQL only: connections in the pool, and how long a request waits for one before a 503. */
  pool?: { max?: number | undefined; connectTimeoutMs?: number | undefined } | undefined;
}

export const POOL_DEFAULTS = { max: 10, connectTimeoutMs: 10_000 };

// pg returns bigint (count(*)) as text while PGlite returns a number: normalise here, once.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, { ...POOL_DEFAULTS, ...definedOnly(opts.pool ?? {}) });
  return openPGlite(opts.dataDir, opts.loadDataDir);
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

async function openPostgres(url: string, opts: typeof POOL_DEFAULTS): Promise<Database> {
  // a bounded wait for a connection: a full pool or an unreachable server answers 503, never hangs
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    types: pgTypes,
  });
  pool.on('error', () => {}); // idle client errors surface on the next query instead
  // a checked-out client has no error listener of the pool's: a server shutdown between two
  // queries of a transaction would otherwise crash the process; the next query fails instead
  pool.on('connect', (client) => client.on('error', () => {}));
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    kysely,
    async runScript(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {}); // leave no aborted transaction on a pooled client
        throw e;
      } finally {
        client.release();
      }
    },
    listen: (channel, onPayload, onReset) => listenPostgres(url, channel, onPayload, onReset),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await kysely.destroy();
    },
  };
}

async function openPGlite(dataDir: string | undefined, image?: Blob): Promise<Database> {
  let unlock = (): void => {};
  let dir: string | undefined;
  if (dataDir) {
    unlock = lockDataDir(dataDir);
    dir = join(dataDir, 'pgdata');
    mkdirSync(dataDir, { recursive: true });
  }
  let instance: PGlite;
  const fs = dir ? new GuardedNodeFS(dir) : undefined;
  try {
    instance = await PGlite.create({
      ...(fs ? { fs, startParams: DURABLE_START_PARAMS } : {}),
      ...(image ? { loadDataDir: image } : {}),
    });
  } catch (e) {
    unlock();
    throw e;
  }
  const mutex = new Mutex();
  // once the disk failed a write, the engine is never entered again (src/db/pglite-storage.ts)
  const healthy = (): void => {
    if (fs?.fault) throw fs.fault;
  };
  const kysely = new Kysely<DB>({ dialect: new PGliteDialect(instance, mutex, healthy) });
  const database: Database = {
    engine: 'pglite',
    kysely,
    async runScript(script) {
      const release = await mutex.acquire();
      try {
        healthy();
        await instance.exec(script);
      } catch (e) {
        await instance.exec('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        release();
      }
    },
    async dump() {
      const release = await mutex.acquire();
      try {
        healthy();
        return await instance.dumpDataDir('none');
      } finally {
        release();
      }
    },
    async listen(channel, onPayload) {
      const release = await mutex.acquire();
      try {
        healthy();
        const unlisten = await instance.listen(channel, onPayload);
        return async () => {
          const again = await mutex.acquire();
          try {
            if (!instance.closed && !fs?.fault) await unlisten();
          } finally {
            again();
          }
        };
      } finally {
        release();
      }
    },
    async close() {
      await kysely.destroy();
      const release = await mutex.acquire();
      try {
        // an engine stopped by a disk fault cannot shut down cleanly: the next start recovers
        if (fs?.fault) fs.releaseFiles();
        else await instance.close();
      } finally {
        release();
        unlock();
      }
    },
  };
  await database.runScript(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
      CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PROVIDER_ROLE}') THEN
      CREATE ROLE ${PROVIDER_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS IN ROLE ${APP_ROLE};
    END IF; END $$;`);
  return database;
}

/** Grants the request role what it needs on every PVA schema (PGlite only; on PostgreSQL the login role owns the tables). */
export async function grantAppRole(database: Database, schemas: readonly string[]): Promise<void> {
  if (database.engine !== 'pglite') return;
  const stmts = schemas.flatMap((s) => [
    `GRANT USAGE ON SCHEMA ${s} TO ${APP_ROLE};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${APP_ROLE};`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${APP_ROLE};`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${APP_ROLE};`,
  ]);
  await database.runScript(stmts.join('\n'));
}

/** Facts about the connected role, for `pva start`'s refusal to run with a role that bypasses RLS. */
export async function roleFacts(
  database: Database,
): Promise<{ name: string; superuser: boolean; bypassRls: boolean }> {
  const r = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>`
    SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`.execute(
    database.kysely,
  );
  const row = r.rows[0]!;
  return { name: row.rolname, superuser: row.rolsuper, bypassRls: row.rolbypassrls };
}
