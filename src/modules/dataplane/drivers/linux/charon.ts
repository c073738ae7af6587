import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import { formatLoaded, type LoadedConn } from '../../render/loaded.ts';
import type { LinuxTarget } from '../../render/target.ts';
import { run } from './exec.ts';

/**
 * The PE's one charon: started inside the core namespace with its own strongswan.conf, vici
 * socket and (through a private /run) pid file, so several charons can share a machine.
 */

export const paths = (t: LinuxTarget) => ({
  conf: `${t.stateDir}/strongswan.conf`,
  swanctl: `${t.stateDir}/swanctl/swanctl.conf`,
  vici: `${t.stateDir}/charon.vici`,
  pid: `${t.stateDir}/charon.pid`,
  log: `${t.stateDir}/charon.out`,
});

const uri = (t: LinuxTarget): string => `unix://${paths(t).vici}`;

export function swanctl(t: LinuxTarget, args: string[], allowFail = false) {
  // swanctl takes --uri after the command
  return run('swanctl', [...args, '--uri', uri(t)], {
    env: { STRONGSWAN_CONF: paths(t).conf },
    allowFail,
    timeoutMs: 20_000,
  });
}

async function netnsInode(name: string): Promise<number | null> {
  try {
    return statSync(`/run/netns/${name}`).ino;
  } catch {
    return null;
  }
}

/** The pid of the PE's charon when it runs inside the PE's namespace, else null. */
export async function charonPid(t: LinuxTarget): Promise<number | null> {
  let pid: number;
  try {
    pid = Number(readFileSync(paths(t).pid, 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmd.includes('charon')) return null;
    const ns = await readlink(`/proc/${pid}/ns/net`);
    const ino = await netnsInode(t.namespace);
    return ino !== null && ns === `net:[${ino}]` ? pid : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function viciReady(t: LinuxTarget): Promise<boolean> {
  if (!existsSync(paths(t).vici)) return false;
  const r = await swanctl(t, ['--stats'], true);
  return r.code === 0;
}

export async function startCharon(t: LinuxTarget): Promise<number> {
  const p = paths(t);
  rmSync(p.vici, { force: true });
  const out = openSync(p.log, 'a');
  // `ip netns exec` gives a private mount namespace: a tmpfs on /run keeps charon's fixed pid file apart
  const child = spawn(
    'ip',
    ['netns', 'exec', t.namespace, 'sh', '-c', 'mount -t tmpfs tmpfs /run && exec "$0"', t.charonPath],
    { env: { ...process.env, STRONGSWAN_CONF: p.conf }, detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error('charon could not be started');
  writeFileSync(p.pid, `${pid}\n`, { mode: 0o600 });
  for (let i = 0; i < 200; i++) {
    if (await viciReady(t)) {
      const tun = await run('ip', ['-n', t.namespace, 'link', 'show', 'ipsec0'], { allowFail: true });
      if (tun.code === 0) return pid;
    }
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`charon did not come up in namespace ${t.namespace} (see ${p.log})`);
}

export async function stopCharon(t: LinuxTarget): Promise<boolean> {
  const pid = await charonPid(t);
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100; i++) {
    if ((await charonPid(t)) === null) break;
    await sleep(50);
  }
  if ((await charonPid(t)) !== null) process.kill(pid, 'SIGKILL');
  rmSync(paths(t).pid, { force: true });
  return true;
}

/** Nested sections of swanctl's `--pretty` output. */
type Pretty = { [key: string]: Pretty | string | string[] };

export function parsePretty(text: string): Pretty[] {
  const events: Pretty[] = [];
  const stack: Pretty[] = [];
  let list: string[] | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (list) {
      if (line === ']') list = null;
      else list.push(line);
      continue;
    }
    let m = /^(.+?) \{$/.exec(line);
    if (m) {
      const obj: Pretty = {};
      if (stack.length) stack[stack.length - 1]![m[1]!] = obj;
      else events.push(obj);
      stack.push(obj);
      continue;
    }
    if (line === '}') {
      stack.pop();
      continue;
    }
    m = /^(\S+) = \[$/.exec(line);
    if (m && stack.length) {
      list = [];
      stack[stack.length - 1]![m[1]!] = list;
      continue;
    }
    m = /^(\S+) = (.*)$/.exec(line);
    if (m && stack.length) stack[stack.length - 1]![m[1]!] = m[2]!;
  }
  return events;
}

const sect = (v: unknown): Pretty => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Pretty) : {});
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The connections charon holds, as `ipsec/loaded.txt` lines; null when charon does not answer. */
export async function loadedLines(t: LinuxTarget): Promise<string[] | null> {
  const r = await swanctl(t, ['--list-conns', '--pretty'], true);
  if (r.code !== 0) return null;
  const out: string[] = [];
  for (const ev of parsePretty(r.stdout)) {
    for (const [name, v] of Object.entries(ev)) {
      const c = sect(v);
      const child = sect(sect(c.children)[name]);
      const conn: LoadedConn = {
        name,
        localAddrs: strs(c.local_addrs),
        remoteAddrs: strs(c.remote_addrs),
        localId: str(sect(c['local-1']).id),
        remoteId: str(sect(c['remote-1']).id),
        localTs: strs(child['local-ts']),
        remoteTs: strs(child['remote-ts']),
      };
      out.push(formatLoaded(conn));
    }
  }
  return out;
}

/** Names of IKE_SAs charon has up (any state), for terminating removed connections. */
export async function ikeSaNames(t: LinuxTarget): Promise<Set<string>> {
  const r = await swanctl(t, ['--list-sas', '--pretty'], true);
  const names = new Set<string>();
  if (r.code === 0)
    for (const ev of parsePretty(r.stdout)) for (const name of Object.keys(ev)) names.add(name);
  return names;
}
