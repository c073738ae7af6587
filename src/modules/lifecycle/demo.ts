import type { Config } from '../../config.ts';
import { zonedDate } from '../../lib/time.ts';
import { requestTermination, stopServices } from './service.ts';

const DAY = 86_400_000;

/**
 * A customer that terminated 20 days ago (the security officer's journey): services stopped,
 * the countdown running, erasure scheduled on the default day and the deadline at day 90.
 */
export async function seedLifecycleDemo(
  config: Pick<Config, 'lifecycle' | 'mgmtUrl' | 'mgmt'>,
  tenantId: string,
  staffId: string,
  now = new Date(),
): Promise<void> {
  const then = new Date(now.getTime() - 20 * DAY);
  const t = await requestTermination(
    config,
    { tenantId, terminationDate: zonedDate(then) },
    { kind: 'staff', id: staffId },
    'ja',
    then,
  );
  await stopServices(t.id, now);
}
