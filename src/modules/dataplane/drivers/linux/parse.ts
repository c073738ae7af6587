import ipaddr from 'ipaddr.js';
import { anyPrefix, canonicalAddress, canonicalPrefix, familyOf, type Family } from '../../render/addr.ts';
import { minorHex, pref5 } from '../../render/state.ts';

/**
 * Turns what ip, tc, sysctl and ss print into the canonical lines of render/state.ts. Pure, so the
 * exact mapping is testable without a device.
 */

export interface IpLink {
  ifindex: number;
  ifname: string;
  flags?: string[];
  link_index?: number;
  link_netnsid?: number;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown> };
  addr_info?: { family: string; local: string; prefixlen: number; scope?: string }[];
}

/** Resolves another namespace's interface: nsid (as seen from here) → ns key and its links. */
export type PeerResolver = (
  nsid: number | undefined,
  ifindex: number,
) => { key: string; ifname: string } | null;

const upDown = (l: IpLink): string => ((l.flags ?? []).includes('UP') ? 'up' : 'down');

export function linkLine(l: IpLink, role: 'core' | 'mgmt' | 'tenant', resolve: PeerResolver): string {
  const kind = l.linkinfo?.info_kind;
  if (l.ifname === 'lo') return `lo loopback ${upDown(l)}`;
  const managedVeth =
    (role === 'core' && /^t\d+$/.test(l.ifname)) || (role === 'tenant' && l.ifname === 'core0');
  if (kind === 'veth' && managedVeth) {
    const peer = l.link_index === undefined ? null : resolve(l.link_netnsid, l.link_index);
    return `${l.ifname} veth peer=${peer ? `${peer.key}/${peer.ifname}` : '?'} ${upDown(l)}`;
  }
  if (kind === 'vxlan') {
    const d = l.linkinfo?.info_data ?? {};
    const dev = typeof d.link === 'number' ? resolve(l.link_netnsid, d.link) : null;
    const remote = typeof d.remote === 'string' ? ` remote=${canonicalAddress(d.remote)}` : '';
    return `${l.ifname} vxlan id=${String(d.id)} dev=${dev ? `${dev.key}/${dev.ifname}` : '?'} dstport=${String(d.port)}${remote} ${upDown(l)}`;
  }
  if (kind === 'tun') return `${l.ifname} tun ${upDown(l)}`;
  // anything else is a port (physical, or whatever the machine gave the PE) or an intruder
  return `${l.ifname} ${role === 'tenant' ? (kind ?? 'port') : 'port'} ${upDown(l)}`;
}

export function addressLines(l: IpLink, role: 'core' | 'mgmt' | 'tenant'): string[] {
  const out: string[] = [];
  const linkLocalManaged =
    (role === 'core' && /^t\d+$/.test(l.ifname)) || (role === 'tenant' && l.ifname === 'core0');
  for (const a of l.addr_info ?? []) {
    if (a.family !== 'inet' && a.family !== 'inet6') continue;
    const addr = canonicalAddress(a.local);
    if (l.ifname === 'lo' && ((addr === '127.0.0.1' && a.prefixlen === 8) || addr === '::1')) continue;
    if (addr.startsWith('fe80:') && !linkLocalManaged) continue;
    out.push(`${l.ifname} ${addr}/${a.prefixlen}`);
  }
  return out;
}

export interface IpRoute {
  type?: string;
  dst: string;
  gateway?: string;
  via?: { family: string; host: string };
  dev?: string;
  prefsrc?: string;
  table?: string;
  protocol?: string;
}

/** Our routes only (protocol static), outside charon's own table and the local table. */
export function routeLine(r: IpRoute, family: Family, charonTable: number): string | null {
  if (r.protocol !== 'static') return null;
  const table = r.table ?? 'main';
  if (table === 'local' || table === String(charonTable)) return null;
  const type = r.type ?? 'unicast';
  const dst = r.dst === 'default' ? anyPrefix(family) : canonicalPrefix(r.dst);
  const parts = [table, type, dst];
  const gw = r.gateway ?? r.via?.host;
  if (gw) parts.push('via', canonicalAddress(gw));
  if (type === 'unicast' && r.dev) parts.push('dev', r.dev);
  if (r.prefsrc) parts.push('src', canonicalAddress(r.prefsrc));
  return parts.join(' ');
}

export interface IpRule {
  priority: number;
  src?: string;
  srclen?: number;
  iif?: string;
  table?: string;
  action?: string;
  not?: unknown;
}

export function ruleLine(r: IpRule, family: Family): string {
  const parts = [family === 4 ? 'ipv4' : 'ipv6', pref5(r.priority)];
  if ('not' in r) parts.push('not');
  if (r.src && r.src !== 'all') {
    const len = r.srclen ?? (familyOf(r.src) === 4 ? 32 : 128);
    parts.push('from', canonicalPrefix(`${r.src}/${len}`));
  }
  if (r.iif) parts.push('iif', r.iif);
  if (r.action && r.action !== 'to_tbl') parts.push(r.action);
  else parts.push('lookup', r.table ?? 'main');
  return parts.join(' ');
}

const UNITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, tbit: 1e12 };

export function rateMbit(text: string): string {
  const m = /^([\d.]+)([KMGT]?bit)$/i.exec(text);
  if (!m) return text;
  const mbps = (Number(m[1]) * UNITS[m[2]!.toLowerCase()]!) / 1e6;
  return `${Number.isInteger(mbps) ? mbps : mbps.toFixed(3)}mbit`;
}

const minorOf = (classid: string): string => minorHex(parseInt(classid.split(':')[1] || '0', 16));

const DEFAULT_QDISCS = new Set(['noqueue', 'pfifo_fast', 'fq_codel', 'mq', 'noop', 'pfifo', 'fq']);

/** `tc qdisc show` (all devices) → qdisc lines of root qdiscs we did not leave to the kernel. */
export function qdiscLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^qdisc (\S+) \S+ dev (\S+) (root|ingress|parent \S+)(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, kind, dev, where, rest] = m;
    if (where!.startsWith('parent')) continue;
    if (where === 'ingress' || kind === 'ingress') {
      out.push(`${dev} qdisc ingress`);
      continue;
    }
    if (kind === 'htb') {
      const d = /default (\S+)/.exec(rest!)?.[1] ?? '0';
      out.push(`${dev} qdisc htb default ${minorHex(parseInt(d, 16))}`);
    } else if (!DEFAULT_QDISCS.has(kind!)) out.push(`${dev} qdisc ${kind}`);
  }
  return out;
}

/** `tc class show dev X` → class lines. */
export function classLines(dev: string, text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^class (\S+) (\S+) .*?rate (\S+)(?: ceil (\S+))?/.exec(line.trim());
    if (!m) continue;
    const rate = rateMbit(m[3]!);
    const ceil = m[4] ? rateMbit(m[4]) : rate;
    out.push(`${dev} class 1:${minorOf(m[2]!)} rate ${rate}${ceil !== rate ? ` ceil ${ceil}` : ''}`);
  }
  return out;
}

/** The prefix a set of u32 keys selects, from the words at the given offsets. */
function keysPrefix(keys: Map<number, [number, number]>, first: number, words: number): string | null {
  const bytes: number[] = [];
  let length = 0;
  let contiguous = true;
  for (let w = 0; w < words; w++) {
    const [value, mask] = keys.get(first + 4 * w) ?? [0, 0];
    for (let b = 3; b >= 0; b--) bytes.push((value >>> (b * 8)) & 0xff);
    for (let bit = 31; bit >= 0; bit--) {
      const on = (mask >>> bit) & 1;
      if (on && !contiguous) return null;
      if (on) length++;
      else contiguous = false;
    }
  }
  const addr = ipaddr.fromByteArray(bytes).toString();
  return canonicalPrefix(`${addr}/${length}`);
}

/** `tc filter show dev X` (u32) → filter lines. */
export function filterLines(dev: string, text: string): string[] {
  const out: string[] = [];
  let cur: { proto: string; prio: string; flow: string; keys: Map<number, [number, number]> } | null = null;
  const flush = () => {
    if (!cur) return;
    const v6 = cur.proto === 'ipv6';
    const offs = [...cur.keys.keys()];
    const isSrc = v6 ? offs.every((o) => o >= 8 && o < 24) : offs.every((o) => o === 12);
    const isDst = v6 ? offs.every((o) => o >= 24 && o < 40) : offs.every((o) => o === 16);
    const dir = isSrc ? 'src' : isDst ? 'dst' : null;
    const prefix = dir
      ? keysPrefix(cur.keys, v6 ? (dir === 'src' ? 8 : 24) : dir === 'src' ? 12 : 16, v6 ? 4 : 1)
      : null;
    out.push(
      `${dev} filter ${cur.prio} ${cur.proto} ${dir && prefix ? `${dir} ${prefix}` : 'match ?'} 1:${minorOf(cur.flow)}`,
    );
    cur = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const head = /^filter .*protocol (\S+) pref (\d+) u32 .*fh [0-9a-f]+::[0-9a-f]+ .*flowid (\S+)/.exec(
      line,
    );
    if (head) {
      flush();
      cur = { proto: head[1]!, prio: head[2]!, flow: head[3]!, keys: new Map() };
      continue;
    }
    const key = /^match ([0-9a-f]{8})\/([0-9a-f]{8}) at (\d+)$/.exec(line);
    if (key && cur) {
      cur.keys.set(Number(key[3]), [parseInt(key[1]!, 16) >>> 0, parseInt(key[2]!, 16) >>> 0]);
      continue;
    }
    if (line.startsWith('filter')) flush();
  }
  flush();
  return out;
}

/** `ss -H -lntu` → `tcp|udp <local address:port>` lines. */
export function listeningLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 5 && (f[0] === 'tcp' || f[0] === 'udp')) out.push(`${f[0]} ${f[4]}`);
  }
  return out;
}
