import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import type { App } from '../../src/app/types.ts';
import { LANGS, problemWith, type Received } from './check.ts';
import type { Operation } from './plan.ts';
import { pathSegmentArb, queryValueArb, valueFor, type IdPools } from './values.ts';
import type { Session } from './world.ts';

export interface FuzzRequest {
  path: string;
  query: string;
  /** undefined: no body; otherwise the exact bytes sent */
  body: string | undefined;
  contentType: string;
  lang: number;
}

const RAW_BODIES = [
  '{"a":',
  '[1,2,3]',
  'null',
  '42',
  '"\\ud800"',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"a":"\\u0000"}',
  '[' + '['.repeat(2000) + ']'.repeat(2000) + ']',
];

/** One request to an operation: hostile path segments, query values and body. */
export function requestArb(op: Operation, ids: IdPools): fc.Arbitrary<FuzzRequest> {
  const segs: Record<string, fc.Arbitrary<string>> = {};
  for (const p of op.params.filter((x) => x.in === 'path')) segs[p.name] = pathSegmentArb(p.schema, ids);
  const queryParams = op.params.filter((x) => x.in === 'query');
  const query = fc
    .tuple(
      ...queryParams.map((p) => fc.option(queryValueArb(p.schema, ids), { freq: 3 })),
      fc.option(fc.constantFrom('x=1', 'limit=-1&limit=2', '__proto__[a]=1', 'a[b][c]=d', '%zz=1'), {
        freq: 4,
      }),
    )
    .map((vals) => {
      const parts: string[] = [];
      queryParams.forEach((p, i) => {
        const v = vals[i] as string | null;
        if (v !== null) parts.push(`${p.name}=${v}`);
      });
      const extra = vals[queryParams.length] as string | null;
      if (extra) parts.push(extra);
      return parts.join('&');
    });
  const stateChanging = op.method !== 'GET';
  const json = (v: unknown): string => JSON.stringify(v) ?? 'null';
  const body: fc.Arbitrary<{ body: string | undefined; contentType: string }> = !stateChanging
    ? fc.constant({ body: undefined, contentType: 'application/json' })
    : fc.oneof(
        {
          weight: op.body ? 8 : 1,
          arbitrary: (op.body ? valueFor(op.body, ids) : fc.constant({})).map((v) => ({
            body: json(v),
            contentType: 'application/json',
          })),
        },
        {
          weight: 1,
          arbitrary: fc
            .jsonValue({ maxDepth: 3 })
            .map((v) => ({ body: json(v), contentType: 'application/json' })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...RAW_BODIES)
            .map((b) => ({ body: b, contentType: 'application/json' })),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            { body: '<x/>', contentType: 'application/xml' },
            { body: 'a=1', contentType: 'application/x-www-form-urlencoded' },
            { body: '{}', contentType: 'application/json; charset=latin1' },
            { body: undefined, contentType: 'application/json' },
          ),
        },
      );
  return fc
    .record({ segs: fc.record(segs), query, body, lang: fc.nat({ max: LANGS.length - 1 }) })
    .map(({ segs: s, query: q, body: b, lang }) => ({
      path: op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => s[name] ?? 'x'),
      query: q,
      body: b.body,
      contentType: b.contentType,
      lang,
    }));
}

/** Injects one request; an event stream is read up to its headers and then hung up on. */
async function send(app: App, stream: boolean, opts: InjectOptions): Promise<Received> {
  if (!stream) return app.inject(opts);
  const hangUp = new AbortController();
  const res = await app.inject({ ...opts, payloadAsStream: true, signal: hangUp.signal });
  if (String(res.headers['content-type']).startsWith('text/event-stream')) {
    hangUp.abort();
    return { statusCode: res.statusCode, headers: res.headers, body: '' };
  }
  const chunks: Buffer[] = [];
  for await (const c of res.stream()) chunks.push(Buffer.from(c as Buffer));
  return { statusCode: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() };
}

export interface Failure {
  route: string;
  role: string;
  problem: string;
  request: string;
}

export interface FuzzOptions {
  seed: number;
  runs: number;
  ids: IdPools;
  /** checked for leaks in every response to these sessions (tenant A's users and anonymous) */
  secrets: readonly string[] | null;
  onFailure?: (f: Failure) => void;
}

const hash = (s: string): number => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

/**
 * Drives every operation of the plan, as every session, with `runs` generated requests each.
 * Each (route, role) pair has its own seed derived from the run's seed, so a failure is
 * reproducible alone and adding a route does not shift the others.
 */
export async function fuzzPlan(app: App, plan: Operation[], sessions: Session[], opts: FuzzOptions) {
  const failures: Failure[] = [];
  let requests = 0;
  /** responses per role and status, for FUZZ_VERBOSE summaries */
  const statuses: Record<string, Record<number, number>> = {};
  for (const op of plan) {
    const route = `${op.method} ${op.path}`;
    for (const session of sessions) {
      const seed = (opts.seed ^ hash(`${route} ${session.name}`)) | 0;
      const samples = fc.sample(requestArb(op, opts.ids), { seed, numRuns: opts.runs });
      for (const req of samples) {
        const url = req.query ? `${req.path}?${req.query}` : req.path;
        const lang = LANGS[req.lang]!;
        const headers: Record<string, string> = { ...session.headers, 'content-type': req.contentType };
        if (lang.header) headers['accept-language'] = lang.header;
        const res = await send(app, op.stream, {
          method: op.method,
          url,
          headers,
          remoteAddress: '127.0.0.1',
          ...(req.body !== undefined ? { payload: req.body } : {}),
        });
        requests++;
        const byRole = (statuses[session.name] ??= {});
        byRole[res.statusCode] = (byRole[res.statusCode] ?? 0) + 1;
        const problem = problemWith({ method: op.method, url, body: req.body }, res, lang.lang, opts.secrets);
        if (problem) {
          const f = {
            route,
            role: session.name,
            problem,
            request: `${op.method} ${url.slice(0, 300)} ${String(req.body).slice(0, 300)}`,
          };
          failures.push(f);
          opts.onFailure?.(f);
        }
        if (res.statusCode === 401 || /"code":"(csrf_failed|password_change_required)"/.test(res.body)) {
          await session.ensure();
        }
      }
    }
  }
  return { failures, requests, statuses, relogins: sessions.map((x) => [x.name, x.relogins]) };
}
