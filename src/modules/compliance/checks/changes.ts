import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { t, type CheckDef } from '../check.ts';
import type { EvidenceObject } from '../types.ts';

/** An approval older than this when the change ran: the risk assessment may no longer hold. */
const STALE_DAYS = 14;

export const changesCheck: CheckDef = {
  id: 'changes.approval',
  clauses: ['14.2.1', 'CLD.12.1.5', 'principle-5'],
  title: t('承認とリスク評価のない設備変更', 'Equipment changes without approval or risk assessment'),
  criteria: t(
    '実行された設備変更すべてに、リスク評価（リスクレベルと評価文）と準備者以外による承認があれば合格。承認から 14 日以上たって実行された変更があれば警告。承認またはリスク評価のない実行、準備者自身の承認による実行が一件でもあれば不合格（0 件であること）。',
    'Pass when every executed equipment change had a risk assessment (level and text) and approval by someone other than its preparer. Warn when a change ran 14 days or more after its approval. Fail when any change ran without approval or risk assessment, or approved by its own preparer (this must be zero).',
  ),
  async run(ctx) {
    const rows = await ctx.read(() =>
      db()
        .selectFrom('ops.config_change as c')
        .select([
          'c.id',
          'c.number',
          'c.title',
          sql<boolean>`c.approved_by IS NULL OR c.decided_at IS NULL`.as('unapproved'),
          sql<boolean>`c.risk_level IS NULL OR btrim(c.risk_assessment) = ''`.as('no_risk'),
          sql<boolean>`c.approved_by IS NOT NULL AND c.approved_by = c.prepared_by`.as('self_approved'),
          sql<boolean>`c.decided_at IS NOT NULL AND c.started_at - c.decided_at >= make_interval(days => ${STALE_DAYS})`.as(
            'stale',
          ),
        ])
        .where('c.started_at', 'is not', null)
        .execute(),
    );
    const objects: EvidenceObject[] = [];
    let violations = 0;
    let stale = 0;
    for (const r of rows) {
      const why: [string, string][] = [];
      if (r.unapproved) why.push(['承認なし', 'not approved']);
      if (r.no_risk) why.push(['リスク評価なし', 'no risk assessment']);
      if (r.self_approved) why.push(['準備者自身が承認', 'approved by its preparer']);
      if (why.length) violations += 1;
      else if (r.stale) {
        stale += 1;
        why.push([`承認から ${STALE_DAYS} 日以上後に実行`, `ran ${STALE_DAYS}+ days after approval`]);
      }
      if (why.length)
        objects.push({
          kind: 'change',
          id: r.id,
          label: `${r.number} ${r.title}`,
          note: t(why.map((w) => w[0]).join('、'), why.map((w) => w[1]).join(', ')),
          href: `/changes/${r.id}`,
        });
    }
    return {
      status: violations ? 'fail' : stale ? 'warn' : 'pass',
      summary: t(
        `実行された設備変更 ${rows.length} 件、承認またはリスク評価のないもの ${violations} 件、承認が古いもの ${stale} 件。`,
        `Executed equipment changes: ${rows.length}; without approval or risk assessment: ${violations}; run on a stale approval: ${stale}.`,
      ),
      figures: { executed: rows.length, withoutApprovalOrRisk: violations, staleApproval: stale },
      objects,
    };
  },
};
