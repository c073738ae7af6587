import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { t, type CheckDef } from '../check.ts';

const DAY_MS = 86_400_000;
/** How long a port may be over its threshold without an augmentation plan before it fails. */
const PLAN_WITHIN_DAYS = 7;

export const capacityCheck: CheckDef = {
  id: 'capacity.augmentation',
  clauses: ['CLD.13.1.4', '12.1.3', 'principle-7'],
  title: t('しきい値超過ポートの増強計画', 'Augmentation plans for ports over threshold'),
  criteria: t(
    'しきい値を超えている（未解除の容量アラートがある）ポートすべてに、ポートまたはその機器の有効な増強計画（計画中・発注済み・作業中）があれば合格。計画のないポートがあり、超過から 7 日未満なら警告、7 日以上なら不合格。',
    'Pass when every port over its threshold (an uncleared capacity alert) has an open augmentation plan (planned, ordered or in progress) for the port or its device. Warn when a port without a plan crossed less than 7 days ago; fail when one has been over for 7 days or more.',
  ),
  async run(ctx) {
    const rows = await ctx.read(() =>
      db()
        .selectFrom('ops.capacity_alert as a')
        .innerJoin('ops.port as p', 'p.id', 'a.port_id')
        .innerJoin('ops.device as d', 'd.id', 'p.device_id')
        .select([
          'p.id as port_id',
          sql<string>`d.hostname || ' ' || p.name`.as('label'),
          sql<Date>`min(a.crossed_at)`.as('crossed_at'),
          sql<boolean>`EXISTS (SELECT 1 FROM ops.augmentation_plan x
            WHERE (x.port_id = p.id OR x.device_id = p.device_id)
              AND x.status IN ('planned', 'ordered', 'in_progress'))`.as('planned'),
        ])
        .where('a.cleared_at', 'is', null)
        .groupBy(['p.id', 'd.hostname', 'p.name', 'p.device_id'])
        .execute(),
    );
    const now = ctx.now.getTime();
    const unplanned = rows.filter((r) => !r.planned);
    const overdue = unplanned.filter(
      (r) => now - new Date(r.crossed_at).getTime() >= PLAN_WITHIN_DAYS * DAY_MS,
    );
    return {
      status: overdue.length ? 'fail' : unplanned.length ? 'warn' : 'pass',
      summary: t(
        `しきい値超過ポート ${rows.length} 件、うち増強計画なし ${unplanned.length} 件（7 日以上 ${overdue.length} 件）。`,
        `Ports over threshold: ${rows.length}; without an augmentation plan: ${unplanned.length} (${overdue.length} for 7 days or more).`,
      ),
      figures: {
        portsOverThreshold: rows.length,
        withoutPlan: unplanned.length,
        withoutPlan7Days: overdue.length,
      },
      objects: unplanned.map((r) => ({
        kind: 'port',
        id: r.port_id,
        label: r.label,
        note: t('増強計画なし', 'No augmentation plan'),
        href: `/capacity/ports/${r.port_id}`,
      })),
    };
  },
};
