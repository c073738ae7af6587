import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Two processes opening one PGlite data directory both succeed and corrupt it, so the
 * process that opens it holds a lock file with its pid and others refuse to start.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'pva.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    const holder = tryCreate(path);
    if (holder === null) return () => rmSync(path, { force: true });
    if (holder && isAlive(holder)) {
      throw new Error(
        `the data directory ${dir} is in use by process ${holder}; the embedded database allows one process (use PVA_DATABASE_URL for several)`,
      );
    }
    rmSync(path, { force: true }); // stale lock from a process that is gone
  }
  throw new Error(`cannot lock the data directory ${dir}`);
}

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
