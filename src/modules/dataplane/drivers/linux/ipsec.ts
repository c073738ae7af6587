import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { LinuxTarget } from '../../render/target.ts';
import { ikeSaNames, paths, swanctl } from './charon.ts';

/**
 * Bringing charon's connections to the rendered swanctl.conf: per connection (its `c-<id>` block
 * and its `ike-c-<id>` secret) what was added, changed or removed; one `swanctl --load-all` loads
 * the file (charon unloads what the file no longer has), and the IKE_SAs of removed or changed
 * connections are terminated so the customer's side negotiates the new settings.
 */

const SWANCTL_DIRS = [
  'x509',
  'x509ca',
  'x509aa',
  'x509ocsp',
  'x509crl',
  'x509ac',
  'pubkey',
  'private',
  'rsa',
  'ecdsa',
  'bliss',
  'pkcs8',
  'pkcs12',
];

/** Connection name → the text of its blocks (connection and secret), from a swanctl.conf. */
export function connectionBlocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | null = null;
  let buf: string[] = [];
  for (const line of text.split('\n')) {
    if (name === null) {
      const m = /^ {2}(?:ike-)?(c-[0-9a-f-]+) \{$/.exec(line);
      if (m) {
        name = m[1]!;
        buf = [line];
      }
      continue;
    }
    buf.push(line);
    if (line === '  }') {
      out.set(name, `${out.get(name) ?? ''}${buf.join('\n')}\n`);
      name = null;
    }
  }
  return out;
}

export interface IpsecChange {
  added: string[];
  changed: string[];
  removed: string[];
}

export function ipsecChange(
  want: string,
  have: string | undefined,
  loadedWant: string,
  loadedHave: string,
): IpsecChange {
  const w = connectionBlocks(want);
  const h = connectionBlocks(have ?? '');
  const lw = new Map(
    loadedWant
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.split(' ')[0]!, l]),
  );
  const lh = new Map(
    loadedHave
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.split(' ')[0]!, l]),
  );
  const names = [...new Set([...w.keys(), ...h.keys(), ...lw.keys(), ...lh.keys()])].sort();
  const out: IpsecChange = { added: [], changed: [], removed: [] };
  for (const n of names) {
    const inWant = w.has(n) || lw.has(n);
    const inHave = h.has(n) || lh.has(n);
    if (inWant && !inHave) out.added.push(n);
    else if (!inWant && inHave) out.removed.push(n);
    else if (w.get(n) !== h.get(n) || lw.get(n) !== lh.get(n)) out.changed.push(n);
  }
  return out;
}

/** Writes swanctl/ (0600 files, 0700 directories); returns whether anything on disk changed. */
export function writeSwanctl(
  t: LinuxTarget,
  files: Record<string, string>,
  current: Record<string, string>,
): boolean {
  let changed = false;
  const dir = `${t.stateDir}/swanctl`;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const d of SWANCTL_DIRS) mkdirSync(`${dir}/${d}`, { recursive: true, mode: 0o700 });
  for (const [name, text] of Object.entries(files)) {
    if (!name.startsWith('swanctl/') || current[name] === text) continue;
    writeFileSync(`${t.stateDir}/${name}`, text, { mode: 0o600 });
    changed = true;
  }
  const ca = `${dir}/x509ca`;
  if (existsSync(ca))
    for (const f of readdirSync(ca))
      if (!(`swanctl/x509ca/${f}` in files)) {
        rmSync(`${ca}/${f}`, { force: true });
        changed = true;
      }
  return changed;
}

/** Loads the written configuration and terminates the SAs of removed and changed connections. */
export async function loadSwanctl(t: LinuxTarget, change: IpsecChange): Promise<string[]> {
  const log: string[] = [];
  await swanctl(t, ['--load-all', '--clear', '--noprompt', '--file', paths(t).swanctl]);
  const up = await ikeSaNames(t);
  for (const n of [...change.removed, ...change.changed]) {
    if (!up.has(n)) continue;
    await swanctl(t, ['--terminate', '--ike', n, '--force', '--timeout', '3'], true);
    log.push(`swanctl: terminated the IKE_SA of ${n}`);
  }
  return log;
}
