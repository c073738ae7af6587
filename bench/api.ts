import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BARE_PATH } from './bare.ts';
import { alternate, httpLoad, injectLoad, type LoadResult } from './load.ts';
import type { ApiBench } from './setup.ts';

export const FULL_PATH = '/api/v1/connections?limit=50';
export const BARE_URL_PATH = `${BARE_PATH}?limit=50`;

/** Checks that both routes answer 200 with the same `rows` rows before anything is timed. */
export async function checkSameAnswer(b: ApiBench, rows: number): Promise<void> {
  const full = await b.portal.inject({
    method: 'GET',
    url: FULL_PATH,
    headers: { cookie: b.session.cookie },
  });
  const bare = await b.bare.inject({ method: 'GET', url: BARE_URL_PATH });
  if (full.statusCode !== 200) throw new Error(`full-stack route answered ${full.statusCode}: ${full.body}`);
  if (bare.statusCode !== 200) throw new Error(`bare route answered ${bare.statusCode}: ${bare.body}`);
  const n = full.json<unknown[]>().length;
  if (n !== rows) throw new Error(`full-stack route returned ${n} rows, expected ${rows}`);
  if (full.body !== bare.body) {
    throw new Error(
      'the bare route does not answer the same JSON as the full-stack route: bring bareList in ' +
        'bench/bare.ts in line with listConnections in src/modules/services/repository.ts\n' +
        ` full: ${full.body.slice(0, 300)}\n bare: ${bare.body.slice(0, 300)}`,
    );
  }
}

export interface Pair {
  full: LoadResult;
  bare: LoadResult;
  ratio: number;
}

/** In-process throughput (app.inject) of the full-stack route and the bare route. */
export async function injectPair(
  b: ApiBench,
  opts: { concurrency: number; seconds: number; rounds: number },
): Promise<Pair> {
  const headers = { cookie: b.session.cookie };
  const full = (s: number) =>
    injectLoad(b.portal, { method: 'GET', url: FULL_PATH, headers }, opts.concurrency, s);
  const bare = (s: number) => injectLoad(b.bare, { method: 'GET', url: BARE_URL_PATH }, opts.concurrency, s);
  // warm-up: JIT, schema compilation, the database's caches
  await full(1);
  await bare(1);
  const r = await alternate(
    opts.rounds,
    () => full(opts.seconds),
    () => bare(opts.seconds),
  );
  return { full: r.a, bare: r.b, ratio: r.a.rps / r.b.rps };
}

export interface Listening {
  fullUrl: string;
  bareUrl: string;
}

/** Starts both apps on HTTPS listeners on loopback (ephemeral ports); ApiBench.close() stops them. */
export async function listen(b: ApiBench): Promise<Listening> {
  await b.portal.listen({ host: '127.0.0.1', port: 0 });
  await b.bare.listen({ host: '127.0.0.1', port: 0 });
  const port = (app: { server: { address(): unknown } }) => (app.server.address() as AddressInfo).port;
  return {
    fullUrl: `https://127.0.0.1:${port(b.portal)}${FULL_PATH}`,
    bareUrl: `https://127.0.0.1:${port(b.bare)}${BARE_URL_PATH}`,
  };
}

/** Real HTTPS throughput of both routes under the same closed-loop concurrency. */
export async function httpPair(
  b: ApiBench,
  l: Listening,
  opts: { connections: number; seconds: number; rounds: number; warmup: number },
): Promise<Pair> {
  const headers = { cookie: b.session.cookie };
  const settled = async (r: Promise<LoadResult>): Promise<LoadResult> => {
    const result = await r;
    await b.settle();
    return result;
  };
  const full = (s: number) => settled(httpLoad(l.fullUrl, headers, opts.connections, s));
  const bare = (s: number) => settled(httpLoad(l.bareUrl, {}, opts.connections, s));
  await full(opts.warmup);
  await bare(opts.warmup);
  const r = await alternate(
    opts.rounds,
    () => full(opts.seconds),
    () => bare(opts.seconds),
  );
  return { full: r.a, bare: r.b, ratio: r.a.rps / r.b.rps };
}

/**
 * Latency of the full-stack route under many concurrent connections, and how long the server's
 * event loop went without turning meanwhile (no socket read, no timer while it is stalled).
 */
export async function httpTail(
  b: ApiBench,
  l: Listening,
  opts: { connections: number; seconds: number; warmup: number },
): Promise<LoadResult & { loopDelayMaxMs: number; loopDelayP99Ms: number }> {
  const headers = { cookie: b.session.cookie };
  await b.settle(); // the previous phase's abandoned requests
  await httpLoad(l.fullUrl, headers, opts.connections, opts.warmup);
  await b.settle();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const r = await httpLoad(l.fullUrl, headers, opts.connections, opts.seconds);
  loop.disable();
  await b.settle();
  return { ...r, loopDelayMaxMs: loop.max / 1e6, loopDelayP99Ms: loop.percentile(99) / 1e6 };
}
