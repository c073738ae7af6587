import { Type } from '@sinclair/typebox';
import type { KyselyPlugin } from 'kysely';
import { buildApp } from '../src/app/build.ts';
import type { App } from '../src/app/types.ts';
import type { Database } from '../src/db/client.ts';
import { inTransaction, tenantScope } from '../src/db/context.ts';
import { listConnections } from '../src/modules/services/repository.ts';
import { bareList, Connection, Paging, toJson } from './bare.ts';
import { FULL_PATH } from './api.ts';
import { injectLoad } from './load.ts';
import type { ApiBench } from './setup.ts';

export interface Step {
  key: string;
  label: string;
  /** Microseconds of one request (the inverse of in-process throughput). */
  us: number;
  /** Round trips to the database per request, BEGIN and COMMIT included. */
  statements: number;
  bad: number;
}

/**
 * Counts the statements Kysely sends. BEGIN (carrying the transaction's role and settings on the
 * embedded engine) and COMMIT go to the driver directly, so 2 round trips per transaction are added.
 */
class CountStatements implements KyselyPlugin {
  count = 0;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    this.count++;
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

/**
 * Where the full stack's time goes: a second portal app on the same database (so the measured
 * one stays untouched) with probe routes that add one layer at a time to the bare SELECT:
 * the portal's hooks and schemas, then the session lookup, then the request transaction with
 * SET LOCAL ROLE / set_config and row-level security, then the real route.
 */
export async function breakdown(
  b: ApiBench,
  opts: { concurrency: number; seconds: number; rounds: number },
): Promise<Step[]> {
  const counter = new CountStatements();
  const database: Database = { ...b.database, kysely: b.database.kysely.withPlugin(counter) };
  const app: App = await buildApp({ config: b.config, database, plane: 'portal', logger: false });
  const tenantId = b.tenant.id;
  const route = { querystring: Paging, response: { 200: Type.Array(Connection) } };
  const meta = { tags: ['bench'], summary: 'benchmark probe' };
  app.get(
    '/bench/plumbing',
    { config: { auth: 'public', tx: false }, schema: { ...route, ...meta, operationId: 'benchPlumbing' } },
    async (req) => toJson(await bareList(database, tenantId, req.query.limit, req.query.offset)),
  );
  app.get(
    '/bench/auth',
    { config: { auth: 'services.read', tx: false }, schema: { ...route, ...meta, operationId: 'benchAuth' } },
    async (req) => toJson(await bareList(database, tenantId, req.query.limit, req.query.offset)),
  );
  app.get(
    '/bench/tx',
    { config: { auth: 'public', tx: false }, schema: { ...route, ...meta, operationId: 'benchTx' } },
    async (req) =>
      toJson(
        await inTransaction(
          database,
          tenantScope(tenantId, { kind: 'customer', id: null, tenantId }, { requestId: String(req.id) }),
          () => listConnections(null, req.query.limit, req.query.offset),
        ),
      ),
  );
  await app.ready();
  try {
    const cookie = { cookie: b.session.cookie }; // the session lives in the database: valid on this app too
    const variants: {
      key: string;
      label: string;
      app: Parameters<typeof injectLoad>[0];
      url: string;
      headers?: Record<string, string>;
      txs: number;
    }[] = [
      {
        key: 'bare',
        label: 'bare route: the SELECT, plain Fastify (baseline)',
        app: b.bare,
        url: '/bare/connections?limit=50',
        txs: 0,
      },
      {
        key: 'plumbing',
        label: 'portal app, public route, no transaction: the same SELECT',
        app,
        url: '/bench/plumbing?limit=50',
        txs: 0,
      },
      {
        key: 'auth',
        label: 'portal app + authentication (the session and principal, kept in memory after the first read)',
        app,
        url: '/bench/auth?limit=50',
        headers: cookie,
        txs: 0,
      },
      {
        key: 'tx',
        label: 'portal app + request transaction (role and settings sent with BEGIN, RLS)',
        app,
        url: '/bench/tx?limit=50',
        txs: 1,
      },
      {
        key: 'full',
        label: 'full stack: authentication + request transaction (the real route)',
        app,
        url: FULL_PATH,
        headers: cookie,
        txs: 1,
      },
    ];
    // Rounds in alternating order (forward, then backward) so a drift of the machine falls on all alike.
    const acc = variants.map(() => ({ ok: 0, bad: 0, seconds: 0, statements: 0 }));
    const run = async (i: number, seconds: number): Promise<void> => {
      const v = variants[i]!;
      const before = counter.count;
      const r = await injectLoad(
        v.app,
        { method: 'GET', url: v.url, headers: v.headers ?? {} },
        opts.concurrency,
        seconds,
      );
      const a = acc[i]!;
      a.ok += r.ok;
      a.bad += r.bad;
      a.seconds += r.seconds;
      a.statements += counter.count - before;
    };
    for (let i = 0; i < variants.length; i++) await run(i, Math.min(1, opts.seconds)); // warm-up
    for (let i = 0; i < acc.length; i++) acc[i] = { ok: 0, bad: 0, seconds: 0, statements: 0 };
    for (let round = 0; round < opts.rounds; round++) {
      const order = variants.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) await run(i, opts.seconds);
    }
    const steps: Step[] = variants.map((v, i) => {
      const a = acc[i]!;
      const n = a.ok + a.bad;
      return {
        key: v.key,
        label: v.label,
        us: (a.seconds * 1e6) / a.ok,
        statements: v.key === 'bare' ? 1 : a.statements / n + 2 * v.txs,
        bad: a.bad,
      };
    });
    return steps;
  } finally {
    await app.close();
  }
}
