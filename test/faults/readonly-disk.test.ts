import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The disk of the embedded database turns read-only (issue 12). A child process in a private
 * mount namespace (`unshare -m`) mounts a tmpfs of its own for the data directory, so the fault
 * never touches the machine's file systems. Root is needed (as root, chmod does not stop writes).
 * See docs/operations.md: a disk that turns read-only *under* a running embedded database is not
 * simulated here (the engine holds its files open for writing, so a remount is refused).
 */
const canUnshare = process.getuid?.() === 0 && !process.env.PVA_TEST_DATABASE_URL;

interface Result {
  write: number;
  readOnlyStart: 'started' | { code: string | null; message: string };
  read: { status: number; body: string };
  verify: { ok: boolean; records: number };
}

describe.skipIf(!canUnshare)('read-only disk under the embedded database', () => {
  it('refuses to start with a clear error, and after recovery the data and audit chain are intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pva-fault-ro-'));
    try {
      const stdout = execFileSync(
        'unshare',
        [
          '-m',
          '--propagation',
          'private',
          process.execPath,
          'test/faults/readonly-child.ts',
          join(dir, 'mnt'),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 110_000 },
      );
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      expect(line, stdout.slice(-2000)).toBeDefined();
      const r = JSON.parse(line!.slice('RESULT '.length)) as Result;
      expect(r.write).toBe(200);
      expect(r.readOnlyStart).toMatchObject({ code: 'EROFS' });
      expect((r.readOnlyStart as { message: string }).message).toMatch(/read-only file system/);
      expect(r.read.status).toBe(200);
      expect(r.read.body).toContain('written before the fault');
      expect(r.verify).toMatchObject({ ok: true });
      expect(r.verify.records).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
