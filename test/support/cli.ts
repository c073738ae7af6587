import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PVA_BIN = fileURLToPath(new URL('../../bin/pva.js', import.meta.url));

/** Runs the real `pva` CLI in a child process with only the given PVA_* settings. */
export function runPva(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PVA_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PVA_BIN, ...args], {
      env: { ...clean, PVA_LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
