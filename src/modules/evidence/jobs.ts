import { inTransaction, systemScope } from '../../db/context.ts';
import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { createCheckpoint } from '../audit/checkpoint.ts';
import { recordAudit } from '../audit/service.ts';
import { buildBundle } from './build.ts';
import { expireBundles } from './repository.ts';
import { BUILD_JOB } from './service.ts';

const HOUR = 3_600_000;

// Jobs of this module register themselves when this file is imported (src/jobs/builtin.ts).

// A signed checkpoint of the audit chain every hour (security staff can add one on demand).
defineJob('audit.checkpoint', async ({ database, config }) => {
  await inTransaction(database, systemScope(), () => createCheckpoint(config, 'scheduled'));
});
defineSchedule({ job: 'audit.checkpoint', everyMs: HOUR, offsetMs: 5 * 60_000 });

// One approved evidence request: progress is written to the request as the build goes.
defineJob(BUILD_JOB, async ({ database, config, payload }) => {
  if (typeof payload.requestId !== 'string') throw new Error('evidence.build needs a requestId');
  await buildBundle(database, config, payload.requestId);
});

// Bundles past their keep period are deleted; the request stays as the record of what was given.
defineJob('evidence.expire', async ({ database }) => {
  await inTransaction(database, systemScope(), async () => {
    for (const r of await expireBundles(new Date())) {
      await recordAudit({
        action: 'evidence.expired',
        tenantId: r.tenant_id,
        targetType: 'evidence_request',
        targetId: r.id,
        summary: { number: r.number },
      });
    }
  });
});
defineSchedule({ job: 'evidence.expire', everyMs: HOUR, offsetMs: 20 * 60_000 });
