import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { formatInstant } from '../../lib/time.ts';
import { checkContext, MAX_OBJECTS, type CheckDef } from './check.ts';
import { CHECKS } from './checks/index.ts';
import { finishRun, insertResult, insertRun, lastScheduledStart, pruneRuns } from './repository.ts';
import type { CheckResult } from './types.ts';

/** Runs one check; a throw becomes an 'error' result with the reason (never a failed run). */
export async function runCheck(def: CheckDef, config: Config, database: Database): Promise<CheckResult> {
  const ctx = checkContext(config, database);
  try {
    const o = await def.run(ctx);
    return {
      checkId: def.id,
      status: o.status,
      summary: o.summary,
      figures: o.figures,
      objects: (o.objects ?? []).slice(0, MAX_OBJECTS),
      checkedAt: formatInstant(new Date()),
    };
  } catch (e) {
    const reason = (e as Error).message.slice(0, 500);
    return {
      checkId: def.id,
      status: 'error',
      summary: { ja: `チェックを実行できませんでした: ${reason}`, en: `The check could not run: ${reason}` },
      figures: { error: reason },
      objects: [],
      checkedAt: formatInstant(new Date()),
    };
  }
}

/**
 * One run of every check (or of `only`). Each check reads in its own provider-scope transaction
 * and its result is written at once, so a slow probe never holds the database; the run is marked
 * finished last, and only finished runs feed the assessment.
 */
export async function runAll(
  config: Config,
  database: Database,
  opts: { trigger: 'schedule' | 'manual'; staffId?: string | null; only?: CheckDef[] },
): Promise<{ runId: string; results: CheckResult[] }> {
  const run = await inTransaction(database, systemScope(), () =>
    insertRun(opts.trigger, opts.staffId ?? null),
  );
  const results: CheckResult[] = [];
  for (const def of opts.only ?? CHECKS) {
    const r = await runCheck(def, config, database);
    await inTransaction(database, systemScope(), () => insertResult(run.id, r));
    results.push(r);
  }
  await inTransaction(database, systemScope(), () => finishRun(run.id));
  return { runId: run.id, results };
}

/** The scheduled job: runs when the last scheduled run is older than the configured period. */
export async function scheduledRun(config: Config, database: Database, now = new Date()): Promise<boolean> {
  const every = config.compliance.everyMinutes * 60_000;
  const last = await inTransaction(database, systemScope(), () => lastScheduledStart());
  // a minute of slack: the job is enqueued on a 5-minute grid, so a run started a little late still counts
  if (last && now.getTime() - last.getTime() < every - 60_000) return false;
  await runAll(config, database, { trigger: 'schedule' });
  await inTransaction(database, systemScope(), () =>
    pruneRuns(new Date(now.getTime() - config.compliance.retentionDays * 86_400_000)),
  );
  return true;
}
