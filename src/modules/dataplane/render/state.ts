import { sortText } from './addr.ts';

/**
 * The canonical text form of a Linux PE's network state, shared by the renderer (model → text)
 * and the linux driver (device → text): one file per network namespace, `ns/<key>.conf`, with
 * sections of one-line facts sorted in code-unit order. Because both sides write the same lines,
 * a text diff between intended and running configuration is exactly the drift, and the driver's
 * plan is the set difference of lines.
 *
 * Line forms (tokens separated by one space):
 *   links       `<ifname> loopback|port|tun up|down`
 *               `<ifname> veth peer=<ns key>/<ifname> up`
 *               `<ifname> vxlan id=<vni> dev=<ns key>/<ifname> dstport=<port>[ remote=<ip>] up`
 *   addresses   `<ifname> <address>/<length>`
 *   routes      `<table> unicast|unreachable|prohibit|blackhole <prefix>[ via <ip>][ dev <ifname>][ src <ip>]`
 *   rules       `ipv4|ipv6 <pref, 5 digits>[ not][ from <prefix>][ iif <ifname>] lookup <table>|prohibit|unreachable|blackhole`
 *   tc          `<dev> qdisc htb default <minor hex>`
 *               `<dev> class 1:<minor hex> rate <mbps>mbit`
 *               `<dev> filter <prio> ip|ipv6 src|dst <prefix> 1:<minor hex>`
 *   sysctl      `<key> = <value>`
 *   listening   `tcp|udp <address>:<port>`
 */

export const SECTIONS = ['sysctl', 'links', 'addresses', 'routes', 'rules', 'tc', 'listening'] as const;
export type Section = (typeof SECTIONS)[number];

export interface NsState {
  /** `core`, `mgmt` or a virtual network's namespace name (e.g. `vn10001`) */
  key: string;
  /** the full network namespace name on the device */
  name: string;
  sections: Record<Section, string[]>;
}

export const emptySections = (): Record<Section, string[]> => ({
  sysctl: [],
  links: [],
  addresses: [],
  routes: [],
  rules: [],
  tc: [],
  listening: [],
});

export const nsFile = (key: string): string => `ns/${key}.conf`;
export const NS_FILE = /^ns\/([a-z0-9-]+)\.conf$/;

/** The text of one namespace file: sorted, de-duplicated lines under fixed section headings. */
export function serialiseNs(ns: NsState): string {
  const out = [`namespace ${ns.name}`];
  for (const s of SECTIONS) {
    out.push('', `[${s}]`);
    out.push(...sortText(new Set(ns.sections[s])));
  }
  return `${out.join('\n')}\n`;
}

/** Parses a namespace file back (the driver applies files, so a restored backup works alike). */
export function parseNs(key: string, text: string): NsState {
  const sections = emptySections();
  let name = '';
  let current: Section | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const head = /^\[([a-z]+)\]$/.exec(line);
    if (head) {
      if (!(SECTIONS as readonly string[]).includes(head[1]!))
        throw new Error(`${nsFile(key)}: unknown section [${head[1]}]`);
      current = head[1] as Section;
      continue;
    }
    if (!current) {
      const m = /^namespace (\S+)$/.exec(line);
      if (!m) throw new Error(`${nsFile(key)}: expected "namespace <name>", found "${line}"`);
      name = m[1]!;
      continue;
    }
    sections[current].push(line);
  }
  if (!name) throw new Error(`${nsFile(key)}: no namespace name`);
  return { key, name, sections };
}

/** All namespace states of a file set, by key. */
export function namespacesOf(files: Record<string, string>): Map<string, NsState> {
  const out = new Map<string, NsState>();
  for (const [file, text] of Object.entries(files)) {
    const m = NS_FILE.exec(file);
    if (m) out.set(m[1]!, parseNs(m[1]!, text));
  }
  return out;
}

/** `key=value` attributes of a line's tokens after the first `skip` ones. */
export function attrs(tokens: readonly string[], skip: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tokens.slice(skip)) {
    const i = t.indexOf('=');
    if (i > 0) out[t.slice(0, i)] = t.slice(i + 1);
  }
  return out;
}

/** A minor class id as tc writes it: four lower-case hex digits. */
export const minorHex = (minor: number): string => minor.toString(16).padStart(4, '0');
export const pref5 = (pref: number): string => String(pref).padStart(5, '0');
