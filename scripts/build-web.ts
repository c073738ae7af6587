/**
 * Builds the two single-page apps with Vite's JS API: web/<plane>/index.html -> web/dist/<plane>/,
 * which the listener of that plane serves (src/app/plugins/static.ts). Skips the build when the
 * output is newer than every input, so `npm run demo` starts fast the second time; --force rebuilds.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');
const STAMP = join(DIST, '.built'); // written only after both builds succeed
const PLANES = ['portal', 'mgmt'] as const;

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file changes its directory's mtime
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function upToDate(): boolean {
  if (!existsSync(STAMP) || PLANES.some((p) => !existsSync(join(DIST, p, 'index.html')))) return false;
  const inputs = [
    join(WEB, 'src'),
    ...PLANES.map((p) => join(WEB, p, 'index.html')),
    join(WEB, 'tsconfig.json'),
    join(ROOT, 'package-lock.json'), // dependency upgrades change the bundle
    fileURLToPath(import.meta.url),
  ].filter((p) => existsSync(p));
  return Math.max(...inputs.map(newestMtime)) < statSync(STAMP).mtimeMs;
}

export async function buildWeb(): Promise<void> {
  // Loaded here, not at the top: the up-to-date check should not pay for loading Vite.
  const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')]);
  for (const plane of PLANES) {
    await build({
      configFile: false,
      root: join(WEB, plane),
      base: '/',
      logLevel: 'warn',
      plugins: [react()],
      build: {
        outDir: join(DIST, plane),
        emptyOutDir: true,
        assetsDir: 'assets',
        reportCompressedSize: false,
      },
    });
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (import.meta.main) {
  if (!process.argv.includes('--force') && upToDate()) {
    console.log('web: up to date (web/dist is newer than web/src); use --force to rebuild');
  } else {
    const started = Date.now();
    await buildWeb();
    console.log(
      `web: built web/dist/portal and web/dist/mgmt in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
