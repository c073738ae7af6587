import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = join(ROOT, 'web', 'dist', 'portal');

export interface FirstLoad {
  gzipKb: number;
  rawKb: number;
  files: { path: string; rawBytes: number; gzipBytes: number }[];
  built: boolean;
  /** web/src has changed since web/dist was built: the figure is of the older build. */
  stale: boolean;
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

/**
 * The JS and CSS the browser fetches for the portal's first route: every script, stylesheet and
 * module preload that web/dist/portal/index.html references, each gzipped on its own (zlib's
 * default level, as a server compressing on the fly would). Builds the web app first if missing.
 */
export function portalFirstLoad(): FirstLoad {
  let built = false;
  if (!existsSync(join(DIST, 'index.html'))) {
    const r = spawnSync('npm', ['run', 'build:web', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build:web failed');
    built = true;
  }
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? '';
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /^(stylesheet|modulepreload)$/.test(rel)) refs.add(href);
  }
  const files = [...refs]
    .filter((ref) => !/^(data:|https?:)/.test(ref))
    .map((ref) => {
      const bytes = readFileSync(join(DIST, ref.replace(/^\//, '')));
      return { path: ref, rawBytes: bytes.length, gzipBytes: gzipSync(bytes).length };
    });
  if (!files.some((f) => f.path.endsWith('.js')))
    throw new Error('web/dist/portal/index.html references no script');
  return {
    gzipKb: files.reduce((s, f) => s + f.gzipBytes, 0) / 1024,
    rawKb: files.reduce((s, f) => s + f.rawBytes, 0) / 1024,
    files,
    built,
    stale: newestMtime(join(ROOT, 'web', 'src')) > statSync(join(DIST, 'index.html')).mtimeMs,
  };
}
