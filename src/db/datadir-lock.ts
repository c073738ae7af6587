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
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid: number;
      try {
        pid = Number(readFileSync(path, 'utf8').trim());
      } catch {
        continue; // the other process removed it meanwhile
      }
      if (pid && isAlive(pid)) {
        throw new Error(
          // eslint-disable-line preserve-caught-error -- EEXIST is the expected path, not a cause
          `the data directory ${dir} is in use by process ${pid}; the embedded database allows one process (use PVA_DATABASE_URL for several)`,
        );
      }
      rmSync(path, { force: true }); // stale lock from a process that is gone
    }
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
