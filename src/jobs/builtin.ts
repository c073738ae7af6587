import { inTransaction, systemScope } from '../db/context.ts';
import { recordVerification } from '../modules/audit/repository.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { verifyChain } from '../modules/audit/verify.ts';
import { defineJob, defineSchedule } from './registry.ts';
import { pruneJobs } from './repository.ts';
// jobs of the modules: importing a module's jobs file registers them
import '../modules/capacity/jobs.ts';
import '../modules/dataplane/jobs.ts';
import '../modules/traffic/jobs.ts';
import '../modules/monitoring/jobs.ts';
import '../modules/notices/jobs.ts';
import '../modules/reports/jobs.ts';
import '../modules/evidence/jobs.ts';
import '../modules/lifecycle/jobs.ts';
import '../modules/equipment/jobs.ts';
import '../modules/vulnerabilities/jobs.ts';
import '../modules/compliance/jobs.ts';

const HOUR = 3_600_000;

// The audit chain is verified every day at 03:00 local time (JST by default); the result is kept as evidence.
defineJob('audit.verify', async ({ database }) => {
  await inTransaction(database, systemScope(), async () => {
    const r = await verifyChain();
    await recordVerification({
      ok: r.ok,
      records: r.records,
      first_bad_seq: r.firstBadSeq,
      problem: r.problem,
    });
    await recordAudit({
      action: 'audit.verified',
      outcome: r.ok ? 'success' : 'failure',
      summary: { records: r.records, first_bad_seq: r.firstBadSeq },
    });
  });
});
defineSchedule({ job: 'audit.verify', everyMs: 24 * HOUR, offsetMs: 3 * HOUR });

defineJob('jobs.prune', async ({ database, config }) => {
  const before = new Date(Date.now() - config.retention.jobDays * 24 * HOUR); // PVA_RETENTION_JOB_DAYS
  await inTransaction(database, systemScope(), () => pruneJobs(before, 1000));
});
defineSchedule({ job: 'jobs.prune', everyMs: HOUR });

// The embedded engine has no autovacuum: keep the planner's statistics fresh.
defineJob('db.analyze', async ({ database }) => {
  if (database.engine === 'pglite') await database.runScript('ANALYZE');
});
defineSchedule({ job: 'db.analyze', everyMs: 6 * HOUR, offsetMs: 4 * HOUR });
