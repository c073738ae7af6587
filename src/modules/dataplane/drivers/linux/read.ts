import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SYSCTL_SETS } from '../../render/linux.ts';
import { loadedFile } from '../../render/loaded.ts';
import { emptySections, nsFile, serialiseNs, type NsState } from '../../render/state.ts';
import { CHARON_TABLE } from '../../render/swanctl.ts';
import { mgmtNamespace, type LinuxTarget } from '../../render/target.ts';
import { loadedLines } from './charon.ts';
import { mapLimit, run } from './exec.ts';
import {
  addressLines,
  classLines,
  filterLines,
  linkLine,
  listeningLines,
  qdiscLines,
  routeLine,
  ruleLine,
  type IpLink,
  type IpRoute,
  type IpRule,
} from './parse.ts';

/**
 * Reads a Linux PE back into the canonical file layout of the renderer: every namespace of the PE
 * (ip/tc/sysctl/ss), the connections charon holds, and the files the driver keeps in its state
 * directory. A change made by hand on the device shows up as a difference in these files.
 */

export type Role = 'core' | 'mgmt' | 'tenant';

export interface PeNamespaces {
  /** key → full namespace name, for the namespaces of this PE that exist */
  present: Map<string, string>;
}

export function keyOf(t: LinuxTarget, name: string): { key: string; role: Role } | null {
  if (name === t.namespace) return { key: 'core', role: 'core' };
  if (name === mgmtNamespace(t)) return { key: 'mgmt', role: 'mgmt' };
  const m = new RegExp(`^${t.namespace}-(vn\\d+)$`).exec(name);
  return m ? { key: m[1]!, role: 'tenant' } : null;
}

export async function listNamespaces(t: LinuxTarget): Promise<Map<string, string>> {
  const r = await run('ip', ['netns', 'list']);
  const out = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const name = line.trim().split(/\s+/)[0];
    if (!name) continue;
    const k = keyOf(t, name);
    if (k) out.set(k.key, name);
  }
  return out;
}

const sysctlPath = (key: string) => `/proc/sys/${key.replace(/\./g, '/')}`;

/** One read-only script per namespace: everything in one process start. */
function script(keys: readonly string[]): string {
  return [
    "echo '@@link'; ip -d -j addr show",
    "echo '@@route4'; ip -4 -j route show table all",
    "echo '@@route6'; ip -6 -j route show table all",
    "echo '@@rule4'; ip -4 -j rule show",
    "echo '@@rule6'; ip -6 -j rule show",
    "echo '@@nsid'; ip -j netns list-id",
    "echo '@@qdisc'; tc qdisc show",
    'for d in $(ls /sys/class/net); do echo "@@class $d"; tc class show dev "$d"; echo "@@filter $d"; tc filter show dev "$d"; done',
    `echo '@@sysctl'; for f in ${keys.map(sysctlPath).join(' ')}; do printf '%s=' "$f"; cat "$f" 2>/dev/null || echo; done`,
    "echo '@@listen'; ss -H -lntu",
  ].join('\n');
}

interface RawNs {
  key: string;
  name: string;
  role: Role;
  links: IpLink[];
  nsids: Map<number, string>;
  parts: Map<string, string>;
}

async function readRaw(t: LinuxTarget, key: string, name: string): Promise<RawNs> {
  const role = keyOf(t, name)!.role;
  const r = await run('ip', [
    'netns',
    'exec',
    name,
    'sh',
    '-c',
    script(SYSCTL_SETS[role].map((l) => l.split(' = ')[0]!)),
  ]);
  const parts = new Map<string, string>();
  let cur = '';
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('@@')) {
      cur = line.slice(2);
      parts.set(cur, '');
    } else if (cur) parts.set(cur, `${parts.get(cur)}${line}\n`);
  }
  const json = <T>(part: string): T[] => {
    const text = parts.get(part)?.trim();
    return text ? (JSON.parse(text) as T[]) : [];
  };
  const nsids = new Map<number, string>();
  for (const x of json<{ nsid: number; name?: string }>('nsid')) if (x.name) nsids.set(x.nsid, x.name);
  return { key, name, role, links: json<IpLink>('link'), nsids, parts };
}

function canonical(t: LinuxTarget, raw: RawNs, all: Map<string, RawNs>): NsState {
  const s = emptySections();
  const byName = new Map([...all.values()].map((x) => [x.name, x]));
  const resolve = (nsid: number | undefined, ifindex: number) => {
    const other = nsid === undefined ? raw : byName.get(raw.nsids.get(nsid) ?? '');
    const target = other ? keyOf(t, other.name) : null;
    const l = other?.links.find((x) => x.ifindex === ifindex);
    return other && target && l ? { key: target.key, ifname: l.ifname } : null;
  };
  for (const l of raw.links) {
    s.links.push(linkLine(l, raw.role, resolve));
    s.addresses.push(...addressLines(l, raw.role));
  }
  const json = <T>(part: string): T[] => {
    const text = raw.parts.get(part)?.trim();
    return text ? (JSON.parse(text) as T[]) : [];
  };
  for (const [part, fam] of [
    ['route4', 4],
    ['route6', 6],
  ] as const)
    for (const r of json<IpRoute>(part)) {
      const line = routeLine(r, fam, CHARON_TABLE);
      if (line) s.routes.push(line);
    }
  for (const [part, fam] of [
    ['rule4', 4],
    ['rule6', 6],
  ] as const)
    for (const r of json<IpRule>(part)) s.rules.push(ruleLine(r, fam));
  s.tc.push(...qdiscLines(raw.parts.get('qdisc') ?? ''));
  for (const [part, text] of raw.parts) {
    if (part.startsWith('class ')) s.tc.push(...classLines(part.slice(6), text));
    if (part.startsWith('filter ')) s.tc.push(...filterLines(part.slice(7), text));
  }
  for (const line of (raw.parts.get('sysctl') ?? '').split('\n')) {
    const m = /^\/proc\/sys\/(\S+?)=(\S*)$/.exec(line.trim());
    if (m) s.sysctl.push(`${m[1]!.replace(/\//g, '.')} = ${m[2]}`);
  }
  s.listening.push(...listeningLines(raw.parts.get('listen') ?? ''));
  return { key: raw.key, name: raw.name, sections: s };
}

/** The namespaces of the PE as canonical states (the core namespace must exist). */
export async function readNamespaces(t: LinuxTarget): Promise<Map<string, NsState>> {
  const present = await listNamespaces(t);
  if (!present.has('core')) throw new Error(`the PE namespace ${t.namespace} does not exist`);
  const raws = await mapLimit([...present], 4, ([key, name]) => readRaw(t, key, name));
  const all = new Map(raws.map((r) => [r.key, r]));
  const out = new Map<string, NsState>();
  for (const r of raws) out.set(r.key, canonical(t, r, all));
  return out;
}

/** Files the driver wrote to the state directory (strongswan.conf, swanctl/, inventory.txt). */
export function stateFiles(t: LinuxTarget): Record<string, string> {
  const out: Record<string, string> = {};
  const read = (rel: string) => {
    const p = `${t.stateDir}/${rel}`;
    if (existsSync(p)) out[rel] = readFileSync(p, 'utf8');
  };
  read('strongswan.conf');
  read('inventory.txt');
  read('swanctl/swanctl.conf');
  const ca = `${t.stateDir}/swanctl/x509ca`;
  if (existsSync(ca))
    for (const f of readdirSync(ca).sort()) if (f.endsWith('.pem')) read(`swanctl/x509ca/${f}`);
  return out;
}

/** The whole running configuration in the renderer's file layout. */
export async function readRunning(t: LinuxTarget): Promise<Record<string, string>> {
  const [namespaces, loaded] = await Promise.all([readNamespaces(t), loadedLines(t)]);
  const files: Record<string, string> = { ...stateFiles(t), 'ipsec/loaded.txt': loadedFile(loaded ?? []) };
  for (const ns of namespaces.values()) files[nsFile(ns.key)] = serialiseNs(ns);
  return files;
}
