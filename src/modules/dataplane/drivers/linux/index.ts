import { mkdirSync, writeFileSync } from 'node:fs';
import type { ApplyResult, Driver, RenderedConfig, RunningConfig } from '../../driver.ts';
import type { PeModel } from '../../model.ts';
import { diffFileSets } from '../../render/diff.ts';
import { renderLinux } from '../../render/linux.ts';
import { loadedFile } from '../../render/loaded.ts';
import { namespacesOf, nsFile, serialiseNs, type NsState } from '../../render/state.ts';
import { linuxTarget, type LinuxTarget } from '../../render/target.ts';
import { charonPid, loadedLines, paths, startCharon, stopCharon } from './charon.ts';
import { run } from './exec.ts';
import { ipsecChange, loadSwanctl, writeSwanctl, type IpsecChange } from './ipsec.ts';
import { describe, planNamespaces, type PlanContext, type Step } from './plan.ts';
import { listNamespaces, readNamespaces, readRunning, stateFiles } from './read.ts';

/**
 * The `linux` reference driver: a PE made of network namespaces on this machine (driver_target:
 * render/target.ts). apply reads the device, plans the difference to the rendered files and runs
 * only that, so applying the same configuration twice does nothing the second time; it then reads
 * the device again and reports any remaining difference as a failure.
 */

const ROUNDS = 2;

async function execute(steps: readonly Step[]): Promise<void> {
  // consecutive steps of one tool in one namespace run as one batch
  let i = 0;
  while (i < steps.length) {
    const s = steps[i]!;
    let j = i;
    while (j < steps.length && steps[j]!.ns === s.ns && steps[j]!.tool === s.tool) j++;
    const batch = steps.slice(i, j);
    if (s.tool === 'sysctl')
      await run('ip', ['netns', 'exec', s.ns, 'sysctl', '-q', '-w', ...batch.map((b) => b.cmd)]);
    else {
      const [tool, ...opts]: [string, ...string[]] =
        s.tool === 'ip4' ? ['ip', '-4'] : s.tool === 'ip6' ? ['ip', '-6'] : [s.tool];
      await run(tool, [...opts, '-n', s.ns, '-batch', '-'], {
        input: `${batch.map((b) => b.cmd).join('\n')}\n`,
      });
    }
    i = j;
  }
}

function wanted(config: RenderedConfig, t: LinuxTarget): Map<string, NsState> {
  const want = namespacesOf(config.files);
  if (!want.has('core')) throw new Error('the configuration has no ns/core.conf');
  for (const ns of want.values())
    if (!ns.name.startsWith(t.namespace))
      throw new Error(`namespace ${ns.name} does not belong to PE ${t.namespace}`);
  return want;
}

/** What charon and the state directory hold (everything of the running files but the namespaces). */
async function ipsecSide(t: LinuxTarget): Promise<Record<string, string>> {
  return { ...stateFiles(t), 'ipsec/loaded.txt': loadedFile((await loadedLines(t)) ?? []) };
}

const swanctlChange = (config: RenderedConfig, current: Record<string, string>) =>
  ipsecChange(
    config.files['swanctl/swanctl.conf'] ?? '',
    current['swanctl/swanctl.conf'],
    config.files['ipsec/loaded.txt'] ?? '',
    current['ipsec/loaded.txt'] ?? '',
  );

const swanctlActions = (ch: IpsecChange): string[] => [
  ...ch.added.map((n) => `swanctl: load ${n}`),
  ...ch.changed.map((n) => `swanctl: reload ${n}`),
  ...ch.removed.map((n) => `swanctl: unload ${n}`),
];

/** Everything apply would do, in order, without doing it. */
async function planAll(config: RenderedConfig, t: LinuxTarget): Promise<string[]> {
  const want = wanted(config, t);
  const have = await readNamespaces(t);
  const names = new Map([...have].map(([k, ns]) => [k, ns.name]));
  for (const [k, ns] of want) names.set(k, ns.name);
  const actions: string[] = [];
  for (const [k, ns] of want) if (!have.has(k)) actions.push(`netns add ${ns.name}`);
  const current = await ipsecSide(t);
  if (current['strongswan.conf'] !== config.files['strongswan.conf'])
    actions.push('charon: restart with the new strongswan.conf');
  else if ((await charonPid(t)) === null) actions.push('charon: start');
  actions.push(...planNamespaces(want, have, { names, notes: [] }).map(describe));
  actions.push(...swanctlActions(swanctlChange(config, current)));
  for (const [k, ns] of have) if (!want.has(k)) actions.push(`netns del ${ns.name}`);
  if (current['inventory.txt'] !== config.files['inventory.txt']) actions.push('write inventory.txt');
  return actions;
}

/** Namespaces that are missing are created; charon is (re)started when its configuration changed. */
async function prepare(
  config: RenderedConfig,
  t: LinuxTarget,
  want: Map<string, NsState>,
  actions: string[],
) {
  mkdirSync(t.stateDir, { recursive: true, mode: 0o700 });
  const present = await listNamespaces(t);
  if (!present.has('core')) throw new Error(`the PE namespace ${t.namespace} does not exist`);
  for (const [k, ns] of want)
    if (!present.has(k)) {
      await run('ip', ['netns', 'add', ns.name]);
      actions.push(`netns add ${ns.name}`);
    }
  // charon first: a (re)start recreates ipsec0, and with it its routes and shaping
  if (stateFiles(t)['strongswan.conf'] !== config.files['strongswan.conf']) {
    writeFileSync(paths(t).conf, config.files['strongswan.conf'] ?? '', { mode: 0o600 });
    if (await stopCharon(t)) actions.push('charon: stop (strongswan.conf changed)');
    await startCharon(t);
    actions.push('charon: start');
  } else if ((await charonPid(t)) === null) {
    await startCharon(t);
    actions.push('charon: start');
  }
}

async function apply(config: RenderedConfig, target: Record<string, unknown>): Promise<ApplyResult> {
  const t = linuxTarget(target);
  const want = wanted(config, t);
  const actions: string[] = [];
  const log: string[] = [];
  await prepare(config, t, want, actions);
  const notes = new Set<string>();
  let last = new Map<string, NsState>();
  for (let round = 0; round < ROUNDS; round++) {
    last = await readNamespaces(t);
    const ctx: PlanContext = { names: new Map([...last].map(([k, ns]) => [k, ns.name])), notes: [] };
    const steps = planNamespaces(want, last, ctx);
    ctx.notes.forEach((n) => notes.add(n));
    if (!steps.length) break;
    await execute(steps);
    actions.push(...steps.map(describe));
    // only a recreated or moved interface can leave something for a second pass (its peer's details)
    if (!steps.some((x) => x.tool === 'ip' && /^link (add|del) /.test(x.cmd))) break;
  }
  const current = await ipsecSide(t);
  const ch = swanctlChange(config, current);
  const swanFiles = Object.fromEntries(
    Object.entries(config.files).filter(([n]) => n.startsWith('swanctl/')),
  );
  const written = writeSwanctl(t, swanFiles, current);
  if (written || swanctlActions(ch).length) {
    log.push(...(await loadSwanctl(t, ch)));
    actions.push(...swanctlActions(ch));
    if (!swanctlActions(ch).length) actions.push('swanctl: rewrite swanctl.conf');
  }
  for (const [k, name] of await listNamespaces(t))
    if (!want.has(k)) {
      await run('ip', ['netns', 'del', name]);
      actions.push(`netns del ${name}`);
    }
  if (current['inventory.txt'] !== config.files['inventory.txt']) {
    writeFileSync(`${t.stateDir}/inventory.txt`, config.files['inventory.txt'] ?? '', { mode: 0o600 });
    actions.push('write inventory.txt');
  }
  // verify: the device reads back as the configuration (listening sockets are only reported); when
  // nothing was done, the last read already is the device as it is
  const after = actions.length
    ? await readRunning(t)
    : {
        ...current,
        ...Object.fromEntries([...last.values()].map((ns) => [nsFile(ns.key), serialiseNs(ns)])),
      };
  const strip = (files: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(files).map(([n, x]) => [
        n,
        n.startsWith('ns/') ? x.replace(/\[listening\][\s\S]*$/, '') : x,
      ]),
    );
  const left = diffFileSets(strip(after), strip(config.files));
  const listen = diffFileSets(after, config.files, 0)
    .text.split('\n')
    .filter((l) => /^[-+](tcp|udp) /.test(l));
  for (const l of listen)
    log.push(
      `listening socket ${l.startsWith('+') ? 'expected but missing' : 'not in the configuration'}: ${l.slice(1)}`,
    );
  log.push(...notes);
  log.push(
    actions.length ? `${actions.length} change(s) applied` : 'the device already matched: nothing to do',
  );
  if (left.changed) {
    log.push(
      'the device does not match the configuration after apply:',
      ...left.text.split('\n').slice(0, 40),
    );
    return { ok: false, log, actions };
  }
  return { ok: true, log, actions };
}

export const linuxDriver: Driver<PeModel> = {
  name: 'linux',
  render: renderLinux,
  diff: (from, to) => diffFileSets(from.files, to.files),
  apply,
  async fetchRunning(target): Promise<RunningConfig> {
    return { files: await readRunning(linuxTarget(target)), fetchedAt: new Date() };
  },
  async plan(config, target) {
    return planAll(config, linuxTarget(target));
  },
};

/** Takes a Linux PE's configuration away entirely (tests, benchmarks): charon and its namespaces. */
export async function teardownLinuxPe(target: Record<string, unknown>): Promise<void> {
  const t = linuxTarget(target);
  await stopCharon(t).catch(() => false);
  for (const [k, name] of await listNamespaces(t).catch(() => new Map<string, string>()))
    if (k !== 'core') await run('ip', ['netns', 'del', name], { allowFail: true });
}
