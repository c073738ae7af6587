import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Driver, RenderedConfig, RunningConfig } from '../../src/modules/dataplane/driver.ts';
import { getDriver, registerDriver } from '../../src/modules/dataplane/drivers/index.ts';

/**
 * A real in-process driver for the change-management tests: it renders and diffs exactly like the
 * `render-only` driver and keeps a "device" as files in a directory (target `{ "dir": … }`).
 * Creating `<dir>/.fail-apply` makes the next apply write half of the files and then fail, like a
 * device that takes part of a configuration and refuses the rest — the case rollback is for;
 * `<dir>/.fail-always` makes every apply fail (the rollback too).
 */
export const FILES_DRIVER = 'test-files';

const base = (): Driver => {
  const d = getDriver('render-only');
  if (!d) throw new Error('the render-only driver is not installed');
  return d;
};

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(at, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

function writeTree(dir: string, files: Record<string, string>, names: readonly string[]): void {
  for (const old of Object.keys(readTree(dir))) if (!(old in files)) rmSync(join(dir, old));
  for (const name of names) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, files[name]!);
  }
}

const dirOf = (target: Record<string, unknown>): string => {
  if (typeof target.dir !== 'string') throw new Error('target.dir is not set');
  return target.dir;
};

export const filesDriver: Driver = {
  name: FILES_DRIVER,
  render: (model) => base().render(model),
  diff: (a, b) => base().diff(a, b),
  async apply(config: RenderedConfig, target) {
    const dir = dirOf(target);
    mkdirSync(dir, { recursive: true });
    const names = Object.keys(config.files).sort();
    const once = join(dir, '.fail-apply');
    if (existsSync(once) || existsSync(join(dir, '.fail-always'))) {
      rmSync(once, { force: true });
      writeTree(dir, config.files, names.slice(0, Math.ceil(names.length / 2)));
      return {
        ok: false,
        log: [`wrote ${Math.ceil(names.length / 2)} of ${names.length} files`, 'device refused the rest'],
      };
    }
    writeTree(dir, config.files, names);
    return { ok: true, log: [`wrote ${names.length} files`] };
  },
  async fetchRunning(target): Promise<RunningConfig> {
    const dir = dirOf(target);
    if (!existsSync(dir)) throw new Error(`device unreachable: ${dir} does not exist`);
    return { files: readTree(dir), fetchedAt: new Date() };
  },
};

export function installFilesDriver(): void {
  registerDriver(filesDriver);
}

export { readTree };
