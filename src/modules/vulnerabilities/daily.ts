import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { zonedDate } from '../../lib/time.ts';

/** Open exposures (current matches not assessed away) by severity, and how many are overdue. */
export async function openCounts(today: string) {
  const r = await db()
    .selectFrom('ops.vuln_match as m')
    .innerJoin('ops.vuln_advisory as a', 'a.id', 'm.advisory_id')
    .select([
      sql<number>`count(*) FILTER (WHERE a.severity = 'critical')::int`.as('critical'),
      sql<number>`count(*) FILTER (WHERE a.severity = 'high')::int`.as('high'),
      sql<number>`count(*) FILTER (WHERE a.severity = 'medium')::int`.as('medium'),
      sql<number>`count(*) FILTER (WHERE a.severity = 'low')::int`.as('low'),
      sql<number>`count(*) FILTER (WHERE a.severity IN ('none', 'unknown'))::int`.as('other'),
      sql<number>`count(*) FILTER (WHERE m.due_date < ${today}::date)::int`.as('overdue'),
      sql<number>`count(*) FILTER (WHERE m.verdict = 'undetermined')::int`.as('undetermined'),
    ])
    .where('m.current', '=', true)
    .where('m.state', 'in', ['new', 'affected'])
    .executeTakeFirstOrThrow();
  return r;
}

/** Writes today's trend row (JST day); called after every change of exposures and by a daily job. */
export async function recordDay(now = new Date()): Promise<void> {
  const day = zonedDate(now);
  const c = await openCounts(day);
  const v = {
    critical: c.critical,
    high: c.high,
    medium: c.medium,
    low: c.low,
    other: c.other,
    overdue: c.overdue,
  };
  await db()
    .insertInto('ops.vuln_daily')
    .values({ day, ...v })
    .onConflict((oc) => oc.column('day').doUpdateSet({ ...v, updated_at: now }))
    .execute();
}

export async function trend(fromDay: string) {
  return db()
    .selectFrom('ops.vuln_daily')
    .select([sql<string>`day::text`.as('day'), 'critical', 'high', 'medium', 'low', 'other', 'overdue'])
    .where('day', '>=', fromDay)
    .orderBy('day')
    .execute();
}
