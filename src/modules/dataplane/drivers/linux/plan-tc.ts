import type { NsState } from '../../render/state.ts';
import type { Step } from './plan.ts';

/**
 * Traffic-control steps per device: HTB root qdisc, one class per connection, u32 filters grouped
 * by (prio, protocol). A group whose filters differ is deleted and added again as a whole (tc
 * deletes filters by prio); classes change in place, so a rate change never drops a queue.
 */

interface DevTc {
  qdisc: string | null;
  classes: Map<string, string>;
  filters: Map<string, string[]>;
}

function byDev(lines: readonly string[]): Map<string, DevTc> {
  const out = new Map<string, DevTc>();
  const dev = (name: string) => {
    let d = out.get(name);
    if (!d) {
      d = { qdisc: null, classes: new Map(), filters: new Map() };
      out.set(name, d);
    }
    return d;
  };
  for (const l of lines) {
    const tok = l.split(' ');
    const d = dev(tok[0]!);
    if (tok[1] === 'qdisc') d.qdisc = l;
    else if (tok[1] === 'class') d.classes.set(tok[2]!, l);
    else if (tok[1] === 'filter') {
      const group = `${tok[2]} ${tok[3]}`;
      d.filters.set(group, [...(d.filters.get(group) ?? []), l].sort());
    }
  }
  return out;
}

/**
 * HTB's default burst (one MTU) undershoots the contract when timers run late on a busy host; a
 * burst of at least 15 kB or 5 ms at the rate keeps a shaped TCP flow within a few percent of it.
 * The quantum only matters when classes borrow, and ours never do (ceil = rate).
 */
const classCmd = (op: string, line: string): string => {
  const tok = line.split(' ');
  const rate = tok[4]!;
  const burst = Math.max(15_000, Math.round(parseFloat(rate) * 625));
  return `class ${op} dev ${tok[0]} parent 1: classid ${tok[2]} htb rate ${rate} ceil ${rate} burst ${burst} cburst ${burst} quantum 1514`;
};

const filterCmd = (line: string): string => {
  const [dev, , prio, proto, dir, prefix, flow] = line.split(' ');
  return `filter add dev ${dev} parent 1: protocol ${proto} prio ${prio} u32 match ${proto === 'ip' ? 'ip' : 'ip6'} ${dir} ${prefix} flowid ${flow}`;
};

export function tcSteps(want: NsState, have: NsState | undefined, deadLinks: readonly string[]): Step[] {
  const ns = want.name;
  const w = byDev(want.sections.tc);
  const h = byDev(have?.sections.tc ?? []);
  const dead = new Set(deadLinks);
  const out: Step[] = [];
  const step = (cmd: string) => out.push({ ns, tool: 'tc', cmd });
  for (const name of [...new Set([...w.keys(), ...h.keys()])].sort()) {
    const want1 = w.get(name);
    const have1: DevTc = dead.has(name)
      ? { qdisc: null, classes: new Map(), filters: new Map() }
      : (h.get(name) ?? { qdisc: null, classes: new Map(), filters: new Map() });
    if (!want1) {
      // the device keeps existing but should carry no shaping: the root qdisc goes with its classes
      if (have1.qdisc && !dead.has(name)) step(`qdisc del dev ${name} root`);
      continue;
    }
    let cur = have1;
    const wq = want1.qdisc;
    if (wq !== cur.qdisc) {
      const def = wq?.split(' ')[4] ?? '0';
      if (!wq) step(`qdisc del dev ${name} root`);
      else if (cur.qdisc?.split(' ')[2] === 'htb')
        step(`qdisc change dev ${name} root handle 1: htb default ${def}`);
      else {
        step(`qdisc replace dev ${name} root handle 1: htb default ${def}`);
        cur = { qdisc: wq, classes: new Map(), filters: new Map() };
      }
    }
    const changedGroups = [...new Set([...want1.filters.keys(), ...cur.filters.keys()])].filter(
      (g) => (want1.filters.get(g) ?? []).join('\n') !== (cur.filters.get(g) ?? []).join('\n'),
    );
    for (const g of changedGroups) {
      if (!cur.filters.has(g)) continue;
      const [prio, proto] = g.split(' ');
      step(`filter del dev ${name} parent 1: protocol ${proto} prio ${prio}`);
    }
    for (const id of cur.classes.keys())
      if (!want1.classes.has(id)) step(`class del dev ${name} classid ${id}`);
    for (const [id, l] of want1.classes) {
      const c = cur.classes.get(id);
      if (c !== l) step(classCmd(c ? 'change' : 'add', l));
    }
    for (const g of changedGroups) for (const l of want1.filters.get(g) ?? []) step(filterCmd(l));
  }
  return out;
}
