import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Two processes opening one PGlite data directory both succeed and corrupt it, so the
 * process that opens it holds a lock file with its pid and others refuse to start.
 */
export function lockDataDir(dir: string): () => void {
  try {
    return lock(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code || !['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EIO', 'EDQUOT'].includes(code)) throw e;
    // name the directory and the cause: the operator's first question at a failed start
    throw Object.assign(
      new Error(`the data directory ${dir} cannot be written (${code}): ${(e as Error).message}`),
      {
        code,
        cause: e,
      },
    );
  }
}

function lock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'pva.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    const holder = tryCreate(path);
    if (holder === null) {
      held.add(path);
      return () => {
        held.delete(path);
        try {
          removeFile(path);
        } catch {
          // a disk that turned read-only keeps the file: the next start finds it stale
        }
      };
    }
    // this process's own file is stale once no open database of it holds the lock
    const stale = holder === process.pid ? !held.has(path) : !isAlive(holder);
    if (holder && !stale) {
      throw new Error(
        `the data directory ${dir} is in use by process ${holder}; the embedded database allows one process (use PVA_DATABASE_URL for several)`,
      );
    }
    removeFile(path); // stale lock from a process that is gone, or one this process closed
  }
  throw new Error(`cannot lock the data directory ${dir}`);
}

/** unlink, not rm: Node's rm reports some errors of a read-only disk without their code. */
function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Lock files this process holds now. */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the lock file; returns null on success, else the pid found in the existing file (0 if unreadable). */
function tryCreate(path: string): number | null {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  try {
    return Number(readFileSync(path, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}
