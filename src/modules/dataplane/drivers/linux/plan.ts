import { familyOf } from '../../render/addr.ts';
import { attrs, type NsState, type Section } from '../../render/state.ts';
import { tcSteps } from './plan-tc.ts';

/**
 * The steps that turn the running namespaces into the intended ones: the set difference of their
 * canonical lines, each added or removed line becoming one command. Lines that match produce
 * nothing, so applying the same configuration twice plans nothing the second time, and removing
 * one connection plans only the lines that were that connection's.
 */

export interface Step {
  /** namespace the command runs in (its full name) */
  ns: string;
  /** ip4 / ip6: `ip -4` / `ip -6` (a batch line cannot carry the family option) */
  tool: 'ip' | 'ip4' | 'ip6' | 'tc' | 'sysctl';
  /** the command line after the tool name (one `-batch` line) */
  cmd: string;
}

const TOOL_TEXT: Record<Step['tool'], string> = {
  ip: 'ip',
  ip4: 'ip -4',
  ip6: 'ip -6',
  tc: 'tc',
  sysctl: 'sysctl -w',
};
export const describe = (s: Step): string => `${s.ns}: ${TOOL_TEXT[s.tool]} ${s.cmd}`;

const diff = (want: readonly string[], have: readonly string[]) => {
  const w = new Set(want);
  const h = new Set(have);
  return { add: [...w].filter((x) => !h.has(x)), del: [...h].filter((x) => !w.has(x)) };
};
const lines = (ns: NsState | undefined, s: Section) => ns?.sections[s] ?? [];
const fam = (prefix: string): 'ip4' | 'ip6' => (familyOf(prefix) === 4 ? 'ip4' : 'ip6');

export interface PlanContext {
  /** key → full namespace name for every namespace involved (desired or current) */
  names: Map<string, string>;
  /** messages about what the plan leaves alone (unmanaged interfaces) */
  notes: string[];
}

/** Interface creation, moves and states; deletions come later (deleteLinks). */
const base = (line: string): string => line.slice(0, line.lastIndexOf(' '));

function linkSteps(
  key: string,
  want: NsState,
  have: NsState | undefined,
  all: Map<string, NsState>,
  ctx: PlanContext,
): Step[] {
  const ns = want.name;
  const out: Step[] = [];
  const current = new Map(lines(have, 'links').map((l) => [l.split(' ')[0]!, l]));
  for (const line of lines(want, 'links')) {
    const tok = line.split(' ');
    const [name, kind] = tok as [string, string];
    const state = tok[tok.length - 1]!;
    const cur = current.get(name);
    if (cur === line) continue;
    const a = attrs(tok, 2);
    const sameKind = cur !== undefined && base(cur) === base(line);
    if (sameKind || (kind === 'veth' && key !== 'core' && cur)) {
      out.push({ ns, tool: 'ip', cmd: `link set dev ${name} ${state}` });
    } else if (kind === 'veth' && key === 'core') {
      const [peerKey, peerIf] = a.peer!.split('/') as [string, string];
      const peerNs = ctx.names.get(peerKey)!;
      if (cur) out.push({ ns, tool: 'ip', cmd: `link del ${name}` });
      out.push(
        { ns, tool: 'ip', cmd: `link add ${name} type veth peer name ${peerIf} netns ${peerNs}` },
        { ns, tool: 'ip', cmd: `link set dev ${name} addrgenmode none` },
        { ns: peerNs, tool: 'ip', cmd: `link set dev ${peerIf} addrgenmode none` },
        { ns, tool: 'ip', cmd: `link set dev ${name} up` },
        { ns: peerNs, tool: 'ip', cmd: `link set dev ${peerIf} up` },
      );
    } else if (kind === 'vxlan') {
      const [devKey, devIf] = a.dev!.split('/') as [string, string];
      const devNs = ctx.names.get(devKey)!;
      if (cur) out.push({ ns, tool: 'ip', cmd: `link del ${name}` });
      const remote = a.remote ? ` remote ${a.remote}` : '';
      out.push(
        {
          ns: devNs,
          tool: 'ip',
          cmd: `link add ${name} type vxlan id ${a.id} dev ${devIf} dstport ${a.dstport}${remote}`,
        },
        { ns: devNs, tool: 'ip', cmd: `link set dev ${name} netns ${ns}` },
        { ns, tool: 'ip', cmd: `link set dev ${name} ${state}` },
      );
    } else if (kind === 'veth') {
      // the tenant end of a core veth is created with it (a later pass sets what is left)
    } else if (kind === 'port' && !cur) {
      // a port lives in the core namespace until it is moved into the management namespace
      const inCore = lines(all.get('core'), 'links').some((l) => l.startsWith(`${name} `));
      if (key !== 'mgmt' || !inCore)
        throw new Error(`interface ${name} (a port of the device) is missing in ${ns}`);
      out.push(
        { ns: ctx.names.get('core')!, tool: 'ip', cmd: `link set dev ${name} netns ${ns}` },
        { ns, tool: 'ip', cmd: `link set dev ${name} ${state}` },
      );
    } else if (!cur) {
      throw new Error(
        `interface ${name} is missing in ${ns}${kind === 'tun' ? ': charon did not create it' : ''}`,
      );
    } else {
      throw new Error(`interface ${name} in ${ns} is a different kind of interface than intended (${cur})`);
    }
  }
  return out;
}

/** Links that are not wanted: ours are deleted, anything else is left and noted. */
export function deleteLinks(
  key: string,
  want: NsState | undefined,
  have: NsState,
  ctx: PlanContext,
  wantedAnywhere: ReadonlySet<string> = new Set(),
): Step[] {
  const wanted = new Set(lines(want, 'links').map((l) => l.split(' ')[0]));
  const out: Step[] = [];
  for (const line of lines(have, 'links')) {
    const [name, kind] = line.split(' ') as [string, string];
    if (wanted.has(name)) continue;
    const ours = key === 'core' ? /^t\d+$/.test(name) || kind === 'vxlan' : key !== 'mgmt' && name !== 'lo';
    if (ours) out.push({ ns: have.name, tool: 'ip', cmd: `link del ${name}` });
    else if (!wantedAnywhere.has(name))
      ctx.notes.push(`${have.name}: interface ${name} is not in the intended configuration; left in place`);
  }
  return out;
}

function addressSteps(want: NsState, have: NsState | undefined): { adds: Step[]; dels: Step[] } {
  const d = diff(lines(want, 'addresses'), lines(have, 'addresses'));
  const gone = new Set(deadLinks(want, have));
  const step = (op: string, l: string): Step => {
    const [dev, cidr] = l.split(' ') as [string, string];
    const nodad = op === 'add' && familyOf(cidr) === 6 ? ' nodad' : '';
    return { ns: want.name, tool: fam(cidr), cmd: `addr ${op} ${cidr} dev ${dev}${nodad}` };
  };
  return {
    adds: d.add.map((l) => step('add', l)),
    dels: d.del.filter((l) => !gone.has(l.split(' ')[0]!)).map((l) => step('del', l)),
  };
}

/** Interfaces of the current state that are removed or recreated: their details vanish with them. */
function deadLinks(want: NsState, have: NsState | undefined): string[] {
  const w = new Map(lines(want, 'links').map((l) => [l.split(' ')[0]!, l]));
  return lines(have, 'links')
    .filter((l) => {
      const target = w.get(l.split(' ')[0]!);
      return target === undefined || base(target) !== base(l);
    })
    .map((l) => l.split(' ')[0]!);
}

function routeStep(ns: string, op: string, line: string): Step {
  const [table, type, dst, ...rest] = line.split(' ') as [string, string, string, ...string[]];
  const t = type === 'unicast' ? '' : `${type} `;
  return {
    ns,
    tool: fam(dst),
    cmd: `route ${op} ${t}${dst}${rest.length ? ` ${rest.join(' ')}` : ''} table ${table} proto static`,
  };
}

function routeSteps(want: NsState, have: NsState | undefined): { dels: Step[]; sets: Step[] } {
  const key = (l: string) =>
    l
      .split(' ')
      .filter((_, i) => i === 0 || i === 2)
      .join(' ');
  const w = new Map(lines(want, 'routes').map((l) => [key(l), l]));
  const h = new Map(lines(have, 'routes').map((l) => [key(l), l]));
  const dels: Step[] = [];
  const sets: Step[] = [];
  for (const [k, l] of h) if (!w.has(k)) dels.push(routeStep(want.name, 'del', l));
  for (const [k, l] of w) {
    const cur = h.get(k);
    if (cur !== l) sets.push(routeStep(want.name, cur ? 'replace' : 'add', l));
  }
  return { dels, sets };
}

function ruleStep(ns: string, op: string, line: string): Step {
  const [family, pref, ...rest] = line.split(' ') as [string, string, ...string[]];
  return {
    ns,
    tool: family === 'ipv4' ? 'ip4' : 'ip6',
    cmd: `rule ${op} pref ${Number(pref)} ${rest.join(' ')}`,
  };
}

function ruleSteps(want: NsState, have: NsState | undefined): Step[] {
  const d = diff(lines(want, 'rules'), lines(have, 'rules'));
  // adds first: the local table moves from pref 0 to 32000 without a gap
  return [
    ...d.add.map((l) => ruleStep(want.name, 'add', l)),
    ...d.del.map((l) => ruleStep(want.name, 'del', l)),
  ];
}

function sysctlSteps(want: NsState, have: NsState | undefined): Step[] {
  return diff(lines(want, 'sysctl'), lines(have, 'sysctl')).add.map((l) => ({
    ns: want.name,
    tool: 'sysctl' as const,
    cmd: l.replace(' = ', '='),
  }));
}

/**
 * All steps for the namespaces (in order: interfaces, sysctls, addresses, routes, rules, traffic
 * control, then removal of interfaces nobody wants). Namespace creation and removal, charon and
 * swanctl are the driver's (index.ts).
 */
export function planNamespaces(
  want: Map<string, NsState>,
  have: Map<string, NsState>,
  ctx: PlanContext,
): Step[] {
  const keys = [...want.keys()].sort((a, b) => (a === 'core' ? -1 : b === 'core' ? 1 : a < b ? -1 : 1));
  const out: Step[] = [];
  for (const k of keys) out.push(...linkSteps(k, want.get(k)!, have.get(k), have, ctx));
  for (const k of keys) out.push(...sysctlSteps(want.get(k)!, have.get(k)));
  const addr = new Map(keys.map((k) => [k, addressSteps(want.get(k)!, have.get(k))]));
  const routes = new Map(keys.map((k) => [k, routeSteps(want.get(k)!, have.get(k))]));
  // addresses before the routes that use them as source; routes away before their source address
  for (const k of keys) out.push(...addr.get(k)!.adds);
  for (const k of keys) out.push(...routes.get(k)!.dels);
  for (const k of keys) out.push(...routes.get(k)!.sets);
  for (const k of keys) out.push(...ruleSteps(want.get(k)!, have.get(k)));
  for (const k of keys) out.push(...addr.get(k)!.dels);
  for (const k of keys) out.push(...tcSteps(want.get(k)!, have.get(k), deadLinks(want.get(k)!, have.get(k))));
  const wantedAnywhere = new Set(
    [...want.values()].flatMap((ns) => lines(ns, 'links').map((l) => l.split(' ')[0]!)),
  );
  for (const k of keys)
    if (have.has(k)) out.push(...deleteLinks(k, want.get(k), have.get(k)!, ctx, wantedAnywhere));
  return out;
}
