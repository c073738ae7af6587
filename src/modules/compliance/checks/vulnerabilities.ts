import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { zonedDate } from '../../../lib/time.ts';
import { t, type CheckDef } from '../check.ts';

export const vulnerabilitiesCheck: CheckDef = {
  id: 'vulnerabilities.overdue',
  clauses: ['12.6.1'],
  title: t('対応期限を過ぎた脆弱性', 'Exposures past their due date'),
  criteria: t(
    '未対応（未評価または影響あり）の現在の一致で、対応期限（JST の日付）を過ぎたものがなければ合格。期限切れが重要度 critical 以外だけなら警告。critical の期限切れが一件でもあれば不合格。',
    'Pass when no open exposure (a current match not yet assessed, or assessed affected) is past its due date (JST day). Warn when only exposures below critical are past due; fail when any critical one is.',
  ),
  async run(ctx) {
    const today = zonedDate(ctx.now);
    const rows = await ctx.read(() =>
      db()
        .selectFrom('ops.vuln_match as m')
        .innerJoin('ops.vuln_advisory as a', 'a.id', 'm.advisory_id')
        .leftJoin('ops.device as d', 'd.id', 'm.device_id')
        .select([
          'm.id',
          'a.external_id',
          'a.severity',
          sql<string>`m.due_date::text`.as('due_date'),
          'd.hostname',
        ])
        .where('m.current', '=', true)
        .where('m.state', 'in', ['new', 'affected'])
        .where(sql<boolean>`m.due_date < ${today}::date`)
        .orderBy('m.due_date')
        .execute(),
    );
    const critical = rows.filter((r) => r.severity === 'critical');
    return {
      status: critical.length ? 'fail' : rows.length ? 'warn' : 'pass',
      summary: t(
        `期限切れの未対応脆弱性 ${rows.length} 件（うち critical ${critical.length} 件）。`,
        `Open exposures past due: ${rows.length} (critical: ${critical.length}).`,
      ),
      figures: { pastDue: rows.length, criticalPastDue: critical.length },
      objects: rows.map((r) => ({
        kind: 'exposure',
        id: r.id,
        label: `${r.external_id} @ ${r.hostname ?? '-'}`,
        note: t(`${r.severity}、期限 ${r.due_date}`, `${r.severity}, due ${r.due_date}`),
        href: `/vulnerabilities/matches/${r.id}`,
      })),
    };
  },
};
