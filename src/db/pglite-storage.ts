import { closeSync, fsyncSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * How the engine starts over a data directory: durable. PGlite's defaults turn fsync off (`-F`),
 * so a commit lived only in the operating system's cache, and a crash of the machine or a disk
 * that failed lost it, or left the WAL and the tables out of step. Without `-F` the engine
 * fsyncs the WAL at each commit and the tables at each checkpoint, like PostgreSQL. The WAL is
 * synced with fsync(): Emscripten's fdatasync() returns without doing anything.
 */
export const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c',
  'wal_sync_method=fsync',
];

/**
 * Errors of the disk under the embedded database that the engine cannot survive. PostgreSQL
 * answers a failed WAL write with PANIC; inside the embedded engine a PANIC does not end the
 * process but spins the event loop forever (seen with an ext4 file system that the kernel turned
 * read-only under a running app). Numbers as Emscripten's errno.
 */
const FATAL_ERRNO = new Map<number, string>([
  [69, 'EROFS'],
  [29, 'EIO'],
  [51, 'ENOSPC'],
  [19, 'EDQUOT'],
]);

/**
 * The disk of the embedded database failed a write (read-only, I/O error, full). Once raised,
 * the engine is not used again in this process: requests answer 503 `database_storage_failed`,
 * `/readyz` fails, and the app must be restarted once the disk is writable. The data on disk is
 * what the engine's WAL protects; the next start recovers it (docs/operations.md).
 */
export class StorageFault extends Error {
  readonly code: string;
  /** Read by PGlite's query loop: see GuardedNodeFS. */
  readonly status: number;
  constructor(code: string, op: string) {
    super(
      `the embedded database's disk failed a write (${code} in ${op}); ` +
        'its engine is stopped, restart PVA once the disk is writable again',
    );
    this.name = 'StorageFault';
    this.code = code;
    this.status = MAIN_LONGJMP;
  }
}

interface ErrnoLike {
  name?: unknown;
  errno?: unknown;
}

type Ops = Record<string, unknown>;

/**
 * What PGlite's query loop recognises as the engine's own long jump: the one kind of exception
 * it does not swallow and retry (its handler is outside the loop's try). Its value is
 * `PGlite.POSTGRES_MAIN_LONGJMP`, checked at start.
 */
const MAIN_LONGJMP = 100;

/**
 * The engine's own file system over a directory (PGlite's NodeFS), with every file operation
 * guarded. The first fatal disk error records a StorageFault and throws it *through* the engine:
 * it is not an Emscripten errno, so no layer turns it into a return code, and the engine never
 * reaches its PANIC path. PGlite's query loop retries whatever its step throws, so the fault
 * carries the loop's long-jump status, and the long-jump handler (guarded here too) rethrows it
 * out of the loop: the call that hit the fault rejects with it. Every later file operation or
 * engine step throws the same fault at once; the Database above refuses all further use.
 */
export class GuardedNodeFS extends NodeFS {
  fault: StorageFault | undefined;

  override async init(
    pg: PGlite,
    opts: Parameters<NodeFS['init']>[1],
  ): Promise<Awaited<ReturnType<NodeFS['init']>>> {
    if ((pg as unknown as { POSTGRES_MAIN_LONGJMP?: unknown }).POSTGRES_MAIN_LONGJMP !== MAIN_LONGJMP) {
      throw new Error(
        'this PGlite version handles its query loop differently: review src/db/pglite-storage.ts',
      );
    }
    const res = await super.init(pg, opts);
    const preRun = res.emscriptenOpts.preRun ?? [];
    res.emscriptenOpts.preRun = [
      ...(Array.isArray(preRun) ? preRun : [preRun]),
      (
        mod: {
          NODEFS: { node_ops: Ops; stream_ops: Ops; tryFSOperation: (f: () => unknown) => unknown };
        } & Ops,
      ) => {
        // Emscripten's file system over a directory has no fsync: the engine's fsync() would
        // return without reaching the disk (see DURABLE_START_PARAMS)
        mod.NODEFS.stream_ops.fsync = (stream: { nfd?: unknown }): number => {
          if (typeof stream.nfd === 'number') {
            const fd = stream.nfd;
            mod.NODEFS.tryFSOperation(() => fsyncSync(fd));
          }
          return 0;
        };
        this.#trackFiles(mod.NODEFS.stream_ops);
        this.#guardFiles(mod.NODEFS.node_ops);
        this.#guardFiles(mod.NODEFS.stream_ops);
        this.#guardLoop(mod);
      },
    ] as typeof res.emscriptenOpts.preRun;
    return res;
  }

  /**
   * Closes the files the engine holds open, after a fault (the engine cannot shut down), so the
   * disk can be unmounted and repaired while the process lives on.
   */
  releaseFiles(): void {
    for (const fd of new Set([...this.#streams].map((s) => s.nfd))) {
      if (typeof fd !== 'number') continue;
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.#streams.clear();
  }

  readonly #streams = new Set<{ nfd?: unknown }>();

  #trackFiles(ops: Ops): void {
    const open = ops.open as (stream: { nfd?: unknown }) => unknown;
    const close = ops.close as (stream: { nfd?: unknown }) => unknown;
    ops.open = (stream: { nfd?: unknown }): unknown => {
      const r = open(stream);
      this.#streams.add(stream);
      return r;
    };
    ops.close = (stream: { nfd?: unknown }): unknown => {
      this.#streams.delete(stream);
      return close(stream);
    };
  }

  #guardFiles(ops: Ops): void {
    for (const [name, fn] of Object.entries(ops)) {
      if (typeof fn !== 'function') continue;
      const op = fn as (...args: unknown[]) => unknown;
      ops[name] = (...args: unknown[]): unknown => {
        if (this.fault) throw this.fault;
        try {
          return op(...args);
        } catch (e) {
          const err = e as ErrnoLike;
          const code =
            err?.name === 'ErrnoError' && typeof err.errno === 'number'
              ? FATAL_ERRNO.get(err.errno)
              : undefined;
          if (code) {
            this.fault = new StorageFault(code, name);
            throw this.fault;
          }
          throw e;
        }
      };
    }
  }

  /** The engine's entry points that PGlite's query loop calls: none runs once the disk failed. */
  #guardLoop(mod: Ops): void {
    for (const name of [
      '_PostgresMainLoopOnce',
      '_PostgresMainLongJmp',
      '_PostgresSendReadyForQueryIfNecessary',
    ]) {
      const fn = mod[name];
      if (typeof fn !== 'function')
        throw new Error(`the embedded engine has no ${name}: review src/db/pglite-storage.ts`);
      const step = fn as (...args: unknown[]) => unknown;
      mod[name] = (...args: unknown[]): unknown => {
        if (this.fault) throw this.fault;
        return step(...args);
      };
    }
  }
}
