import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { inTransaction, systemScope } from '../db/context.ts';
import { backoffMs } from './backoff.ts';
import { offsetMinutes } from '../lib/time.ts';
import { log } from '../lib/log.ts';
import { classifyFailure, createMailer, type Mailer } from './mailer.ts';
import { claimMessages, markFailed, markSent, releaseMessages, type ClaimedMessage } from './outbox.ts';
import { onWork } from './queue.ts';
import { allSchedules, jobHandler } from './registry.ts';
import { claimJobs, completeJob, failJob, insertJob, tryLeaderLock } from './repository.ts';
import './builtin.ts';

export const SCHEDULER_LOCK = 7461002;

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

  /**
   * At-least-once handoff to the relay: a message is marked sent only after the relay accepted
   * it, so a crash between the two resends it, with the same Message-ID (docs/reports.md).
   */
  async function deliverMail(): Promise<void> {
    if (mailer.kind === 'none') return; // messages wait in the outbox until SMTP is configured
    const m = opts.config.mail;
    for (;;) {
      const claimedAt = now();
      const batch = await inTransaction(database, systemScope(), () =>
        claimMessages(m.batch, m.leaseSeconds, claimedAt),
      );
      if (batch.length === 0) return;
      for (let i = 0; i < batch.length; i++) {
        // past half the lease, give the rest back rather than risk another worker taking them over
        if (stopped || now().getTime() - claimedAt.getTime() > (m.leaseSeconds * 1000) / 2) {
          const rest = batch.slice(i).map((x) => x.id);
          await inTransaction(database, systemScope(), () => releaseMessages(rest));
          break;
        }
        await deliverOne(batch[i]!);
      }
      if (stopped) return;
    }
  }

  async function deliverOne(msg: ClaimedMessage): Promise<void> {
    const m = opts.config.mail;
    try {
      await mailer.send({
        to: msg.recipient,
        subject: msg.subject,
        text: msg.body,
        messageId: msg.message_id,
        date: msg.created_at,
      });
      await inTransaction(database, systemScope(), () => markSent(msg.id, now()));
    } catch (e) {
      const error = String((e as Error).message ?? e);
      const t = now();
      const expired = t.getTime() - msg.queued_at.getTime() > m.giveUpHours * 3_600_000;
      const kind = classifyFailure(e, msg.recipient);
      const retry =
        kind === 'temporary' && !expired
          ? new Date(
              t.getTime() + backoffMs(msg.attempts, m.retryBaseSeconds * 1000, m.retryMaxSeconds * 1000),
            )
          : null;
      if (!retry) log.warn({ outbox: msg.id, error, kind }, 'mail failed for good');
      await inTransaction(database, systemScope(), () =>
        markFailed(msg.id, error, retry, kind === 'permanent' ? 'permanent' : 'expired', t),
      );
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
