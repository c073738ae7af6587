import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { listen, type Listening } from './api.ts';
import { httpLoad, type LoadResult } from './load.ts';
import { setupApi, type ApiBench } from './setup.ts';

export interface SoakConfig {
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** requests per second over all connections */
  rate: number;
  /** the API data set: the tenant's connections, and other tenants of as many */
  rows: number;
  neighbours: number;
}

export interface SoakResult {
  load: LoadResult;
  /** Resident set size of this process (the server and its embedded database), MiB, every 5 s. */
  samples: { s: number; rssMb: number; heapMb: number }[];
  warmRssMb: number;
  endRssMb: number;
  /** RSS growth from the end of the warm-up to the end of the run, in percent. */
  growthPct: number;
  heapWarmMb: number;
  heapEndMb: number;
}

const MB = 1024 * 1024;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

/**
 * The soak: the full-stack route under steady HTTPS load for `seconds`, the server's memory
 * sampled every 5 s. Memory at the end of the warm-up and at the end are each the median of the
 * samples of the 30 s before (one garbage collection more or less does not decide the figure).
 */
export async function soak(b: ApiBench, l: Listening, opts: SoakConfig): Promise<SoakResult> {
  await b.settle();
  const samples: SoakResult['samples'] = [];
  const start = performance.now();
  const sample = () => {
    const m = process.memoryUsage();
    samples.push({ s: (performance.now() - start) / 1000, rssMb: m.rss / MB, heapMb: m.heapUsed / MB });
  };
  sample();
  const timer = setInterval(sample, 5000);
  let load: LoadResult;
  try {
    load = await httpLoad(
      l.fullUrl,
      { cookie: b.session.cookie },
      opts.connections,
      opts.seconds,
      30,
      opts.rate,
    );
  } finally {
    clearInterval(timer);
  }
  sample();
  await b.settle();
  const window = (to: number, key: 'rssMb' | 'heapMb') =>
    median(samples.filter((x) => x.s > to - 30 && x.s <= to).map((x) => x[key]));
  const end = samples.at(-1)!.s;
  const warmRssMb = window(opts.warmupSeconds, 'rssMb');
  const endRssMb = window(end, 'rssMb');
  return {
    load,
    samples,
    warmRssMb,
    endRssMb,
    growthPct: ((endRssMb - warmRssMb) / warmRssMb) * 100,
    heapWarmMb: window(opts.warmupSeconds, 'heapMb'),
    heapEndMb: window(end, 'heapMb'),
  };
}

/**
 * The soak in a process of its own (its server, its embedded database, its memory), so the other
 * benchmarks run meanwhile without their memory counting in its figure: a steady request rate
 * rather than as fast as answered, so it takes a small share of the machine.
 */
export function soakInChild(cfg: SoakConfig): Promise<SoakResult> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), JSON.stringify(cfg)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the soak process exited with ${code}`));
      else resolve(JSON.parse(out) as SoakResult);
    });
  });
}

if (import.meta.main) {
  const cfg = JSON.parse(process.argv[2] ?? '') as SoakConfig;
  const b = await setupApi(cfg.rows, cfg.neighbours);
  try {
    const r = await soak(b, await listen(b), cfg);
    process.stdout.write(JSON.stringify(r));
  } finally {
    await b.close();
  }
}
