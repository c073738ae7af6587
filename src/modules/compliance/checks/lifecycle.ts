import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { erasureDay } from '../../lifecycle/dates.ts';
import { t, type CheckDef } from '../check.ts';
import type { EvidenceObject } from '../types.ts';

const DAY_MS = 86_400_000;
/** From this day of the 90 the erasure is "late" (the lifecycle module alerts staff daily). */
const LATE_DAY = 80;

export const erasureCheck: CheckDef = {
  id: 'lifecycle.erasure',
  clauses: ['CLD.8.1.5', 'principle-9'],
  title: t('解約後 90 日以内の消去', 'Erasure within 90 days of termination'),
  criteria: t(
    '解約済みテナントがすべて期限（解約日の翌日を 1 日目とする 90 日目の終わり、JST）までに消去されていれば合格。未消去で 80 日目以降のテナントがあれば警告。期限後に消去された、または期限を過ぎて未消去のテナントがあれば不合格。消去までの最長日数も示す。',
    'Pass when every terminated tenant was erased before its deadline (end of day 90, day 1 being the day after the termination date, JST). Warn when a tenant not yet erased is at day 80 or later. Fail when a tenant was erased after its deadline or is past it unerased. The longest time to erasure is shown.',
  ),
  async run(ctx) {
    const rows = await ctx.read(() =>
      db()
        .selectFrom('ops.termination as x')
        .innerJoin('ops.tenant as tn', 'tn.id', 'x.tenant_id')
        .select([
          'x.id',
          'x.tenant_id',
          'tn.code',
          'x.status',
          sql<string>`x.termination_date::text`.as('termination_date'),
          'x.stop_at',
          'x.deadline',
          'x.completed_at',
        ])
        .where('x.status', 'in', ['stopped', 'erasing', 'erased'])
        .execute(),
    );
    const now = ctx.now;
    const erased = rows.filter((r) => r.status === 'erased' && r.completed_at);
    const lateErased = erased.filter((r) => r.completed_at! > r.deadline);
    const open = rows.filter((r) => r.status !== 'erased');
    const overdue = open.filter((r) => now > r.deadline);
    const late = open.filter((r) => now <= r.deadline && erasureDay(r.termination_date, now).day >= LATE_DAY);
    const longest = erased.reduce(
      (m, r) => Math.max(m, Math.ceil((r.completed_at!.getTime() - r.stop_at.getTime()) / DAY_MS)),
      0,
    );
    const obj = (r: (typeof rows)[number], note: EvidenceObject['note']): EvidenceObject => ({
      kind: 'tenant',
      id: r.tenant_id,
      label: r.code,
      note,
      href: `/terminations/${r.id}`,
    });
    const objects = [
      ...overdue.map((r) => obj(r, t('期限を過ぎて未消去', 'Past its deadline, not erased'))),
      ...lateErased.map((r) => obj(r, t('期限後に消去', 'Erased after its deadline'))),
      ...late.map((r) =>
        obj(
          r,
          t(
            `${erasureDay(r.termination_date, now).day} 日目、未消去`,
            `Day ${erasureDay(r.termination_date, now).day}, not erased`,
          ),
        ),
      ),
    ];
    const status = overdue.length || lateErased.length ? 'fail' : late.length ? 'warn' : 'pass';
    return {
      status,
      summary: t(
        `消去済み ${erased.length} 件（期限超過 ${lateErased.length} 件、最長 ${longest} 日）、消去待ち ${open.length} 件（80 日目以降 ${late.length} 件、期限超過 ${overdue.length} 件）。`,
        `Erased: ${erased.length} (${lateErased.length} after the deadline; longest ${longest} days). Awaiting erasure: ${open.length} (${late.length} at day 80 or later, ${overdue.length} past the deadline).`,
      ),
      figures: {
        erased: erased.length,
        erasedLate: lateErased.length,
        longestDaysToErasure: longest,
        awaiting: open.length,
        pastDay80: late.length,
        pastDeadline: overdue.length,
      },
      objects,
    };
  },
};
