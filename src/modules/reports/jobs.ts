import { inTransaction, systemScope } from '../../db/context.ts';
import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { recordAudit } from '../audit/service.ts';
import { pruneMail } from './mail-repository.ts';
import { purgeAttachments } from './retention.ts';

const DAY = 86_400_000;

/** Applies the retention of the records this module owns (18.1.3): mail log and report attachments. */
export async function pruneReports(
  database: Parameters<typeof inTransaction>[0],
  retention: { mailDays: number; reportAttachmentDays: number },
  now: Date = new Date(),
): Promise<{ mail: number; attachments: number }> {
  return inTransaction(database, systemScope(), async () => {
    const mail = retention.mailDays ? await pruneMail(new Date(now.getTime() - retention.mailDays * DAY)) : 0;
    const attachments = retention.reportAttachmentDays
      ? await purgeAttachments(new Date(now.getTime() - retention.reportAttachmentDays * DAY))
      : 0;
    // deleting records is itself a record
    if (mail || attachments)
      await recordAudit({ action: 'retention.pruned', summary: { mail, attachments, ...retention } });
    return { mail, attachments };
  });
}

defineJob('reports.prune', async ({ database, config }) => {
  await pruneReports(database, config.retention);
});
defineSchedule({ job: 'reports.prune', everyMs: DAY, offsetMs: 5 * 3_600_000 });
