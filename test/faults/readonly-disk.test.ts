import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The disk of the embedded database turns read-only (issue 12), under the running app and then
 * at a start. A child process in a private mount namespace (`unshare -m`) keeps the data
 * directory on an ext4 image of its own, loop-mounted with `errors=remount-ro`; the kernel's
 * `trigger_fs_error` makes the file system read-only as a failing disk would. The machine's own
 * file systems are never touched. Root is needed (as root, chmod does not stop writes).
 */
const canUnshare = process.getuid?.() === 0 && !process.env.PVA_TEST_DATABASE_URL;

interface Answer {
  status: number;
  type: string;
  retryAfter: string | null;
  body: string;
}

interface Result {
  write: number;
  mountAfterFault: string;
  writeDuring: Answer;
  readDuring: Answer;
  readyDuring: Answer;
  liveDuring: number;
  closed: boolean;
  readOnlyStart: 'started' | { code: string | null; message: string };
  mountAfterRepair: string;
  read: { status: number; body: string };
  writeAfter: number;
  verify: { ok: boolean; records: number };
}

describe.skipIf(!canUnshare)('read-only disk under the embedded database', () => {
  it('answers 503 when the disk turns read-only under it, refuses to start on it, and recovers intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pva-fault-ro-'));
    try {
      const stdout = execFileSync(
        'unshare',
        ['-m', '--propagation', 'private', process.execPath, 'test/faults/readonly-child.ts', dir],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 150_000 },
      );
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      expect(line, stdout.slice(-2000)).toBeDefined();
      const r = JSON.parse(line!.slice('RESULT '.length)) as Result;
      expect(r.write).toBe(200);
      // the kernel really made the file system read-only under the engine
      expect(r.mountAfterFault.split(',')).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(ro|emergency_ro)$/)]),
      );

      // every request gets a clean 503 problem that names the cause, in the caller's language;
      // the process still answers, and readiness fails so a load balancer takes it out
      for (const a of [r.writeDuring, r.readDuring]) {
        expect(a.status).toBe(503);
        expect(a.type).toContain('application/problem+json');
        expect(JSON.parse(a.body)).toMatchObject({ code: 'database_storage_failed', status: 503 });
      }
      expect((JSON.parse(r.writeDuring.body) as { title: string }).title).toContain('ディスク');
      expect((JSON.parse(r.readDuring.body) as { title: string }).title).toMatch(/disk refused a write/);
      expect(r.readyDuring.status).toBe(503);
      expect(JSON.parse(r.readyDuring.body)).toMatchObject({ code: 'not_ready' });
      expect(r.liveDuring).toBe(200);
      expect(r.closed).toBe(true);

      expect(r.readOnlyStart).toMatchObject({ code: 'EROFS' });
      expect((r.readOnlyStart as { message: string }).message).toMatch(
        /data directory .* cannot be written \(EROFS\): .*read-only file system/,
      );

      // after e2fsck and a fresh mount: what was committed before the fault is there, the write
      // refused during it is not, writes work again and the audit chain verifies
      expect(r.mountAfterRepair.split(',')).toContain('rw');
      expect(r.read.status).toBe(200);
      expect(r.read.body).toContain('written before the fault');
      expect(r.read.body).not.toContain('written after the fault');
      expect(r.writeAfter).toBe(200);
      expect(r.verify).toMatchObject({ ok: true });
      expect(r.verify.records).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 160_000);
});
