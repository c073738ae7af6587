import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type CompiledQuery,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { Mutex } from './mutex.ts';

/**
 * Statements a transaction begins with (its role and settings), sent in the same round trip as
 * BEGIN: on the embedded engine each round trip costs about as much as a small query, so a
 * request's transaction takes one instead of three (docs/decisions.md). Set only around
 * `kysely.transaction()` by `inTransaction`; the text must be built from quoted literals.
 */
export const transactionPreamble = new AsyncLocalStorage<string>();

/**
 * A Kysely dialect over one PGlite instance. A connection is handed out only while the
 * shared mutex is held, so a transaction (begin..commit) can never interleave with another
 * caller's statements on the single PGlite session (see docs/decisions.md).
 */
export class PGliteDialect implements Dialect {
  readonly #pg: PGlite;
  readonly #mutex: Mutex;
  readonly #healthy: () => void;
  /** `healthy` throws when the engine must not be entered (its disk failed). */
  constructor(pg: PGlite, mutex: Mutex, healthy: () => void = () => {}) {
    this.#pg = pg;
    this.#mutex = mutex;
    this.#healthy = healthy;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.#pg, this.#mutex, this.#healthy);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pg: PGlite;
  constructor(pg: PGlite) {
    this.#pg = pg;
  }
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    // A statement without parameters goes through the simple protocol, which costs one message
    // instead of parse, bind, describe and execute (values come back and are parsed alike).
    const res =
      q.parameters.length === 0
        ? ((await this.#pg.exec(q.sql, { rowMode: 'object' })).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.#pg.query<R>(q.sql, q.parameters as unknown[], { rowMode: 'object' });
    return {
      rows: res.rows as R[],
      numAffectedRows: res.affectedRows !== undefined ? BigInt(res.affectedRows) : undefined,
    };
  }
  /** A parameterless script in the simple protocol (one round trip, several statements). */
  async exec(script: string): Promise<void> {
    await this.#pg.exec(script);
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the embedded database');
  }
}

class PGliteDriver implements Driver {
  readonly #pg: PGlite;
  readonly #mutex: Mutex;
  readonly #healthy: () => void;
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  constructor(pg: PGlite, mutex: Mutex, healthy: () => void) {
    this.#pg = pg;
    this.#mutex = mutex;
    this.#healthy = healthy;
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    this.#healthy();
    const release = await this.#mutex.acquire();
    try {
      this.#healthy();
    } catch (e) {
      release();
      throw e;
    }
    const conn = new PGliteConnection(this.#pg);
    this.#releases.set(conn, release);
    return conn;
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    const preamble = transactionPreamble.getStore();
    try {
      await (conn as PGliteConnection).exec(preamble ? `BEGIN; ${preamble}` : 'BEGIN');
    } catch (e) {
      // Kysely rolls back only a transaction that began: a failed preamble must not leave the
      // single session inside an aborted transaction
      await (conn as PGliteConnection).exec('ROLLBACK').catch(() => {});
      throw e;
    }
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as PGliteConnection).exec('COMMIT');
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as PGliteConnection).exec('ROLLBACK');
  }
  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    this.#releases.get(conn)?.();
    this.#releases.delete(conn);
  }
  async destroy(): Promise<void> {}
}
