import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { db, inTransaction, systemScope } from '../../db/context.ts';
import { liveBus } from '../../modules/live/bus.ts';
import type { App } from '../types.ts';
import { counterLine, gauge, httpDuration, httpRequests } from './metrics-registry.ts';

const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();

/** Counts every answered request of this listener (route pattern, not the raw URL: bounded labels). */
export function httpMetrics(app: App): void {
  const plane = app.pva.plane;
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { plane, route, method: req.method };
    httpRequests.inc({ ...labels, status: String(reply.statusCode) });
    httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}

function openFds(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

function processMetrics(): string[] {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const fds = openFds();
  return [
    counterLine(
      'process_cpu_seconds_total',
      'User and system CPU time spent, in seconds.',
      (cpu.user + cpu.system) / 1e6,
    ),
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', [{ value: mem.rss }]),
    gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', [{ value: mem.heapUsed }]),
    gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch, in seconds.', [
      { value: Math.round(Date.now() / 1000 - process.uptime()) },
    ]),
    gauge('nodejs_eventloop_lag_p99_seconds', '99th percentile of the event-loop delay, in seconds.', [
      { value: loopDelay.percentile(99) / 1e9 },
    ]),
    ...(fds === null ? [] : [gauge('process_open_fds', 'Open file descriptors.', [{ value: fds }])]),
  ];
}

/** Shared state read from the database at scrape time: the same figures from every web process. */
async function databaseMetrics(app: App): Promise<string[]> {
  const { jobs, outbox } = await inTransaction(app.pva.database, systemScope(), async () => ({
    jobs: (
      await sql<{ name: string; status: string; due: boolean; n: number }>`
        SELECT name, status, (status = 'pending' AND run_at <= now()) AS due, count(*)::int AS n
          FROM ops.job GROUP BY 1, 2, 3`.execute(db())
    ).rows,
    outbox: (
      await sql<{ status: string; n: number }>`
        SELECT status, count(*)::int AS n FROM ops.outbox
         WHERE status IN ('pending', 'sending', 'failed') GROUP BY 1`.execute(db())
    ).rows,
  }));
  const sum = (pred: (r: (typeof jobs)[number]) => boolean) => {
    const m = new Map<string, number>();
    for (const r of jobs) if (pred(r)) m.set(r.name, (m.get(r.name) ?? 0) + Number(r.n));
    return [...m].map(([name, value]) => ({ labels: { name }, value }));
  };
  const out = [
    gauge(
      'pva_job_queue_depth',
      'Jobs due and waiting for a worker, by job name.',
      sum((r) => r.due),
    ),
    gauge(
      'pva_job_running',
      'Jobs claimed by a worker and running, by job name.',
      sum((r) => r.status === 'running'),
    ),
    gauge(
      'pva_job_runs',
      'Finished job runs still retained (PVA_RETENTION_JOB_DAYS), by job name and outcome (done, failed).',
      jobs
        .filter((r) => r.status === 'done' || r.status === 'failed')
        .map((r) => ({ labels: { name: r.name, outcome: r.status }, value: Number(r.n) })),
    ),
    gauge(
      'pva_outbox_backlog',
      'Emails in the outbox not yet delivered, by status (pending, sending, failed).',
      ['pending', 'sending', 'failed'].map((status) => ({
        labels: { status },
        value: Number(outbox.find((r) => r.status === status)?.n ?? 0),
      })),
    ),
  ];
  const pool = app.pva.database.poolStats?.();
  if (pool) {
    out.push(
      gauge('pva_db_pool_connections', 'Database pool connections of this process, by state.', [
        { labels: { state: 'in_use' }, value: pool.total - pool.idle },
        { labels: { state: 'idle' }, value: pool.idle },
      ]),
      gauge('pva_db_pool_waiting', 'Callers of this process waiting for a database connection.', [
        { value: pool.waiting },
      ]),
    );
  }
  return out;
}

/**
 * GET /metrics on the management listener only (the portal has no such route). It is not behind a
 * session: scrapers do not log in, and the management listener is reachable only from the
 * provider's management network (docs/operations.md). It shows no customer data.
 */
export function metricsRoute(app: App): void {
  app.get(
    '/metrics',
    {
      config: { auth: 'public', tx: false },
      schema: {
        operationId: 'metrics',
        tags: ['operations'],
        summary: 'Prometheus metrics of this process and the shared job queue (management listener only)',
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4',
            content: { 'text/plain': { schema: Type.String() } },
          },
        },
      },
    },
    async (_req, reply) => {
      const parts = [
        httpRequests.render(),
        httpDuration.render(),
        gauge('pva_live_streams', 'Open live-update streams (server-sent events) of this process.', [
          { value: liveBus(app.pva.database).subscribers },
        ]),
        ...(await databaseMetrics(app)),
        ...processMetrics(),
      ];
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(parts.join('\n') + '\n');
    },
  );
}
