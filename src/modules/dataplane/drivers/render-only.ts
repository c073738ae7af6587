import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Driver, RunningConfig } from '../driver.ts';
import type { PeModel } from '../model.ts';
import { diffFileSets } from '../render/diff.ts';
import { renderLinux } from '../render/linux.ts';

/**
 * `render-only`: writes the intended configuration as files into a directory (driver_target
 * `{ "directory": "/abs/path" }`) for an external automation system to pick up; reads the same
 * directory back as the running configuration. Files are 0600 (swanctl.conf holds PSKs).
 */

function directoryOf(target: Record<string, unknown>, hostname: string): string {
  const d = target.directory;
  if (typeof d !== 'string' || !d.startsWith('/'))
    throw new Error('driver_target.directory must be an absolute path');
  return join(d, hostname);
}

function walk(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(root, p) : [relative(root, p)];
  });
}

/** The Linux rendering for a device PVA does not touch itself: the namespace defaults from the hostname. */
export function renderOnlyModel(model: PeModel): PeModel {
  const t = model.device.target;
  if (typeof t.namespace === 'string' || typeof t.netns === 'string') return model;
  const namespace = model.device.hostname.replace(/[^a-z0-9-]/g, '-').slice(0, 31);
  return { ...model, device: { ...model.device, target: { ...t, namespace } } };
}

const safe = (name: string): boolean =>
  !name.split('/').some((part) => part === '..' || part === '') && !name.startsWith('/');

export const renderOnlyDriver: Driver<PeModel> = {
  name: 'render-only',
  render: (model) => renderLinux(renderOnlyModel(model)),
  diff: (from, to) => diffFileSets(from.files, to.files),
  async apply(config, target) {
    const dir = directoryOf(target, config.hostname);
    const current = walk(dir);
    const actions: string[] = [];
    for (const [name, text] of Object.entries(config.files)) {
      if (!safe(name)) throw new Error(`unsafe file name ${name}`);
      const p = join(dir, name);
      if (existsSync(p) && readFileSync(p, 'utf8') === text) continue;
      mkdirSync(dirname(p), { recursive: true, mode: 0o700 });
      writeFileSync(p, text, { mode: 0o600 });
      actions.push(`write ${name}`);
    }
    for (const name of current)
      if (!(name in config.files)) {
        rmSync(join(dir, name), { force: true });
        actions.push(`remove ${name}`);
      }
    return {
      ok: true,
      log: [actions.length ? `${actions.length} file(s) written to ${dir}` : 'nothing to write'],
      actions,
    };
  },
  async fetchRunning(target, hostname): Promise<RunningConfig> {
    const dir = directoryOf(target, hostname);
    const files: Record<string, string> = {};
    for (const name of walk(dir).sort()) files[name] = readFileSync(join(dir, name), 'utf8');
    return { files, fetchedAt: new Date() };
  },
};
