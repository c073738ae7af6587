import { inTransaction, systemScope } from '../../db/context.ts';
import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { consoleBase } from '../capacity/alerts.ts';
import { alertOverdueReviews } from './reviews.ts';

const DAY = 86_400_000;

// Supplier reviews are checked daily at 08:20 JST, at the start of the working day.
defineJob('equipment.supplier_reviews', async ({ database, config }) => {
  await inTransaction(database, systemScope(), () => alertOverdueReviews(new Date(), consoleBase(config)));
});
defineSchedule({ job: 'equipment.supplier_reviews', everyMs: DAY, offsetMs: 8 * 3_600_000 + 20 * 60_000 });
