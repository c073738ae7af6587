import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { inTransaction, systemScope } from '../db/context.ts';
import { backoffMs } from './backoff.ts';
import { offsetMinutes } from '../lib/time.ts';
import { log } from '../lib/log.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { claimMessages, markFailed, markSent } from './outbox.ts';
import { onWork } from './queue.ts';
import { allSchedules, jobHandler } from './registry.ts';
import { claimJobs, completeJob, failJob, insertJob, tryLeaderLock } from './repository.ts';
import './builtin.ts';

export const SCHEDULER_LOCK = 7461002;
const MAX_MAIL_ATTEMPTS = 8;

export interface Worker {
  /** Runs one pass (schedule, jobs, outbox) now; resolves when it is done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
  readonly mailer: Mailer;
}

export interface WorkerOptions {
  database: Database;
  config: Config;
  mailer?: Mailer;
  intervalMs?: number;
  /** false: no timer; the caller drives tick() (tests). */
  autoStart?: boolean;
  now?: () => Date;
}

/** Enqueues the current slot of every schedule; the advisory lock makes one process the scheduler per pass. */
export async function runScheduler(database: Database, now: Date): Promise<void> {
  await inTransaction(database, systemScope(), async () => {
    if (!(await tryLeaderLock(SCHEDULER_LOCK))) return;
    const zone = offsetMinutes(now) * 60_000; // align to local days, e.g. 03:00 JST
    for (const s of allSchedules()) {
      const shift = (s.offsetMs ?? 0) - zone;
      const slot = Math.floor((now.getTime() - shift) / s.everyMs) * s.everyMs + shift;
      await insertJob({
        name: s.job,
        singletonKey: `${s.job}@${new Date(slot).toISOString()}`,
        runAt: new Date(slot),
      });
    }
  });
}

export function startWorker(opts: WorkerOptions): Worker {
  const { database } = opts;
  const mailer = opts.mailer ?? createMailer(opts.config);
  const now = opts.now ?? (() => new Date());
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  async function runJobs(): Promise<void> {
    for (;;) {
      const jobs = await inTransaction(database, systemScope(), () => claimJobs(5, 300));
      if (jobs.length === 0) return;
      for (const job of jobs) {
        const handler = jobHandler(job.name);
        try {
          if (!handler) throw new Error(`no handler for job ${job.name}`);
          await handler({ database, config: opts.config, payload: job.payload, attempt: job.attempts });
          await inTransaction(database, systemScope(), () => completeJob(job.id));
        } catch (e) {
          const retry =
            job.attempts < job.max_attempts ? new Date(now().getTime() + backoffMs(job.attempts)) : null;
          await inTransaction(database, systemScope(), () =>
            failJob(job.id, String((e as Error).message ?? e), retry),
          );
        }
      }
    }
  }

  async function deliverMail(): Promise<void> {
    if (mailer.kind === 'none') return; // messages wait in the outbox until SMTP is configured
    for (;;) {
      const batch = await inTransaction(database, systemScope(), () => claimMessages(10, 120));
      if (batch.length === 0) return;
      for (const m of batch) {
        try {
          await mailer.send(m.recipient, m.subject, m.body);
          await inTransaction(database, systemScope(), () => markSent(m.id));
        } catch (e) {
          const retry =
            m.attempts < MAX_MAIL_ATTEMPTS ? new Date(now().getTime() + backoffMs(m.attempts)) : null;
          await inTransaction(database, systemScope(), () =>
            markFailed(m.id, String((e as Error).message ?? e), retry),
          );
        }
      }
    }
  }

  async function pass(): Promise<void> {
    await runScheduler(database, now());
    await runJobs();
    await deliverMail();
  }

  function tick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (e) {
          if (!stopped) log.error({ err: e }, 'worker pass failed');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const unsubscribe = onWork(() => void tick());
  if (opts.autoStart !== false) {
    const every = opts.intervalMs ?? 2000;
    const loop = (): void => {
      timer = setTimeout(() => {
        void tick().finally(() => {
          if (!stopped) loop();
        });
      }, every);
    };
    void tick();
    loop();
  }
  return {
    tick,
    mailer,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      await running;
      mailer.close();
    },
  };
}
