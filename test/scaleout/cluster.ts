import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { totpAt } from '../../src/modules/identity/totp.ts';
import { TEST_MASTER_KEY_FILE, TEST_SIGNING_KEY_FILE } from '../support/app.ts';
import type { Database } from '../../src/db/client.ts';
import { resetTotpStep, type TestPrincipal } from '../support/auth.ts';
import { PVA_BIN } from '../support/cli.ts';
import { until } from '../live/stream.ts';

/** One real `pva start --role …` child process of a scale-out test. */
export interface Node {
  name: string;
  role: 'web' | 'worker';
  process: ChildProcess;
  /** https://127.0.0.1:port (web processes only) */
  portal: string;
  mgmt: string;
  output(): string;
}

export interface Cluster {
  nodes: Node[];
  stop(): Promise<void>;
}

const exited = (p: ChildProcess) =>
  new Promise<void>((resolve) =>
    p.exitCode !== null || p.signalCode !== null ? resolve() : p.once('exit', () => resolve()),
  );

/**
 * Starts processes on one PostgreSQL database, each with its own data directory (its self-signed
 * certificate) and the shared master and signing keys, listeners on free loopback ports.
 */
export async function startCluster(
  url: string,
  spec: { name: string; role: 'web' | 'worker'; env?: Record<string, string> }[],
): Promise<Cluster> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PVA_')));
  const dirs: string[] = [];
  const nodes: Node[] = spec.map((s) => {
    const dir = mkdtempSync(join(tmpdir(), `pva-scaleout-${s.name}-`));
    dirs.push(dir);
    const child = spawn(process.execPath, [PVA_BIN, 'start', '--role', s.role], {
      env: {
        ...clean,
        PVA_LOG_LEVEL: 'warn',
        PVA_DATA_DIR: dir,
        PVA_DATABASE_URL: url,
        PVA_MASTER_KEY_FILE: TEST_MASTER_KEY_FILE,
        PVA_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
        PVA_PORTAL_ADDR: '127.0.0.1:0',
        PVA_MGMT_ADDR: '127.0.0.1:0',
        ...s.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    const node: Node = {
      name: s.name,
      role: s.role,
      process: child,
      portal: '',
      mgmt: '',
      output: () => out,
    };
    return node;
  });
  const cluster: Cluster = {
    nodes,
    async stop() {
      for (const n of nodes) n.process.kill('SIGTERM');
      await Promise.all(
        nodes.map((n) =>
          Promise.race([exited(n.process), new Promise((r) => setTimeout(r, 15_000))]).then(() =>
            n.process.kill('SIGKILL'),
          ),
        ),
      );
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
  try {
    for (const n of nodes) {
      const ready = n.role === 'web' ? /Management console:\s+(\S+)/ : /PVA worker is running/;
      await until(
        `${n.name} to start (output: ${n.output()})`,
        () => ready.test(n.output()) || n.process.exitCode !== null,
        90_000,
      );
      if (n.process.exitCode !== null) throw new Error(`${n.name} exited: ${n.output()}`);
      if (n.role === 'web') {
        n.portal = /Customer portal:\s+(\S+?)\/?\s/.exec(n.output())![1]!;
        n.mgmt = /Management console:\s+(\S+?)\/?(\s|$)/.exec(n.output())![1]!;
      }
    }
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}

export interface HttpSession {
  cookie: string;
  csrf: string;
}

const cookieOf = (r: Response): string => {
  const c = r.headers
    .getSetCookie()
    .map((x) => x.split(';')[0]!)
    .find((x) => x.startsWith('__Host-pva_'));
  if (!c) throw new Error(`no session cookie (${r.status})`);
  return c;
};

/** Logs in over HTTPS through one web process: password, then the TOTP code. */
export async function loginOver(database: Database, base: string, p: TestPrincipal): Promise<HttpSession> {
  await resetTotpStep(database, p); // the tests log in more often than once per 30-second step
  const r1 = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: p.login, password: p.password }),
  });
  if (r1.status !== 200) throw new Error(`login failed: ${r1.status} ${await r1.text()}`);
  const b1 = (await r1.json()) as { csrfToken: string; stage: string };
  const cookie = cookieOf(r1);
  const r2 = await fetch(`${base}/api/v1/auth/mfa/totp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': b1.csrfToken },
    body: JSON.stringify({ code: totpAt(p.totpSecret!, Date.now()) }),
  });
  if (r2.status !== 200) throw new Error(`second factor failed: ${r2.status} ${await r2.text()}`);
  return { cookie: cookieOf(r2), csrf: ((await r2.json()) as { csrfToken: string }).csrfToken };
}
