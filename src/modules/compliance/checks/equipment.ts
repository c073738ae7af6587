import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { zonedDate } from '../../../lib/time.ts';
import { t, type CheckDef } from '../check.ts';
import type { EvidenceObject } from '../types.ts';

const DAY_MS = 86_400_000;
const OPEN_DISPOSAL_DAYS = 30;
const REVIEW_GRACE_DAYS = 30;
const BACKUP_MAX_AGE_DAYS = 2;

export const disposalCheck: CheckDef = {
  id: 'equipment.disposal',
  clauses: ['11.2.7'],
  title: t('廃棄・再利用の二名記録', 'Two-person records of disposal and re-use'),
  criteria: t(
    '完了した廃棄・再利用すべてに実施者と別人の確認者、実施日があり、証跡ファイルが添付されていれば合格。証跡ファイルのない完了記録、または 30 日以上未完了の記録があれば警告。確認者がいない・実施者と同一・実施者がいない完了記録があれば不合格。',
    'Pass when every completed disposal or re-use has a performer, a different verifier, a date and an evidence file. Warn when a completed record has no evidence file or a record has been open for 30 days or more. Fail when a completed record lacks a performer or verifier, or the verifier is the performer.',
  ),
  async run(ctx) {
    const rows = await ctx.read(() =>
      db()
        .selectFrom('ops.disposal as x')
        .leftJoin('ops.device as d', 'd.id', 'x.device_id')
        .select([
          'x.id',
          'x.status',
          'x.outcome',
          'x.performer_staff_id',
          'x.verifier_staff_id',
          'x.created_at',
          sql<string | null>`x.performed_on::text`.as('performed_on'),
          sql<string>`coalesce(d.hostname, x.component_id::text, x.id::text)`.as('label'),
          sql<number>`(SELECT count(*)::int FROM ops.disposal_evidence e WHERE e.disposal_id = x.id)`.as(
            'evidence',
          ),
        ])
        .where('x.status', 'in', ['open', 'completed'])
        .execute(),
    );
    const now = ctx.now.getTime();
    const objects: EvidenceObject[] = [];
    let broken = 0;
    let weak = 0;
    const completed = rows.filter((r) => r.status === 'completed');
    for (const r of rows) {
      let note: [string, string] | null = null;
      if (r.status === 'completed') {
        if (!r.performer_staff_id || !r.verifier_staff_id || !r.performed_on)
          note = ['実施者・確認者・実施日の欠落', 'performer, verifier or date missing'];
        else if (r.performer_staff_id === r.verifier_staff_id)
          note = ['実施者と確認者が同一', 'verified by its performer'];
        if (note) broken += 1;
        else if (Number(r.evidence) === 0) {
          weak += 1;
          note = ['証跡ファイルなし', 'no evidence file'];
        }
      } else if (now - r.created_at.getTime() >= OPEN_DISPOSAL_DAYS * DAY_MS) {
        weak += 1;
        note = [`${OPEN_DISPOSAL_DAYS} 日以上未完了`, `open for ${OPEN_DISPOSAL_DAYS}+ days`];
      }
      if (note)
        objects.push({
          kind: 'disposal',
          id: r.id,
          label: `${r.outcome} ${r.label}`,
          note: t(note[0], note[1]),
          href: `/disposals/${r.id}`,
        });
    }
    return {
      status: broken ? 'fail' : weak ? 'warn' : 'pass',
      summary: t(
        `完了した廃棄・再利用 ${completed.length} 件、二名記録の不備 ${broken} 件、証跡なし・長期未完了 ${weak} 件。`,
        `Completed disposals and re-uses: ${completed.length}; without a proper two-person record: ${broken}; without evidence or long open: ${weak}.`,
      ),
      figures: {
        completed: completed.length,
        open: rows.length - completed.length,
        withoutTwoPersonRecord: broken,
        weak,
      },
      objects,
    };
  },
};

export const suppliersCheck: CheckDef = {
  id: 'equipment.suppliers',
  clauses: ['15.1.3'],
  title: t('供給者のリスク評価の見直し', 'Supplier risk reviews'),
  criteria: t(
    '有効な供給者すべての最新のリスク評価が次回見直し日（JST）を過ぎていなければ合格。見直し日を過ぎて 30 日以内なら警告。評価が一度もない、または 30 日を超えて見直しが遅れている供給者があれば不合格。',
    'Pass when the latest risk assessment of every active supplier is not past its next review date (JST). Warn when a review is overdue by up to 30 days; fail when a supplier was never assessed or its review is more than 30 days overdue.',
  ),
  async run(ctx) {
    const today = zonedDate(ctx.now);
    const rows = await ctx.read(() =>
      db()
        .selectFrom('ops.supplier as s')
        .select([
          's.id',
          's.name',
          sql<
            string | null
          >`(SELECT max(a.next_review_on)::text FROM ops.supplier_assessment a WHERE a.supplier_id = s.id
              AND a.assessed_on = (SELECT max(b.assessed_on) FROM ops.supplier_assessment b WHERE b.supplier_id = s.id))`.as(
            'next_review',
          ),
          sql<
            number | null
          >`(SELECT ${today}::date - max(a.next_review_on) FROM ops.supplier_assessment a WHERE a.supplier_id = s.id
              AND a.assessed_on = (SELECT max(b.assessed_on) FROM ops.supplier_assessment b WHERE b.supplier_id = s.id))`.as(
            'days_over',
          ),
        ])
        .where('s.active', '=', true)
        .execute(),
    );
    const objects: EvidenceObject[] = [];
    let never = 0;
    let late = 0;
    let overdue = 0;
    for (const r of rows) {
      const over = r.days_over === null ? null : Number(r.days_over);
      let note: [string, string] | null = null;
      if (r.next_review === null) {
        never += 1;
        note = ['リスク評価なし', 'never assessed'];
      } else if (over !== null && over > REVIEW_GRACE_DAYS) {
        late += 1;
        note = [`見直しが ${over} 日遅れ`, `review ${over} days overdue`];
      } else if (over !== null && over > 0) {
        overdue += 1;
        note = [`見直しが ${over} 日遅れ`, `review ${over} days overdue`];
      }
      if (note)
        objects.push({
          kind: 'supplier',
          id: r.id,
          label: r.name,
          note: t(note[0], note[1]),
          href: `/suppliers/${r.id}`,
        });
    }
    return {
      status: never || late ? 'fail' : overdue ? 'warn' : 'pass',
      summary: t(
        `有効な供給者 ${rows.length} 件、評価なし ${never} 件、見直し遅れ ${overdue + late} 件（30 日超 ${late} 件）。`,
        `Active suppliers: ${rows.length}; never assessed: ${never}; reviews overdue: ${overdue + late} (more than 30 days: ${late}).`,
      ),
      figures: {
        suppliers: rows.length,
        neverAssessed: never,
        reviewsOverdue: overdue + late,
        reviewsOverdue30Days: late,
      },
      objects,
    };
  },
};

export const backupsCheck: CheckDef = {
  id: 'dataplane.backups',
  clauses: ['12.3.1'],
  title: t('設備設定のバックアップ', 'Backups of equipment configuration'),
  criteria: t(
    '稼働中の機器すべての設定バックアップが 2 日以内に成功していれば合格。最後の成功が 2 日より古い、または最後の実行が失敗なら警告。一度も成功していない機器があれば不合格。',
    'Pass when the configuration of every active device was backed up successfully within 2 days. Warn when the last success is older or the last run failed; fail when a device has never been backed up successfully.',
  ),
  async run(ctx) {
    const rows = await ctx.read(() =>
      db()
        .selectFrom('ops.device as d')
        .leftJoin('ops.config_backup_status as b', 'b.device_id', 'd.id')
        .select([
          'd.id',
          'd.hostname',
          sql<Date | null>`b.last_ok_at`.as('last_ok_at'),
          sql<Date | null>`b.last_run_at`.as('last_run_at'),
          'b.last_error',
        ])
        .where('d.status', '=', 'active')
        .execute(),
    );
    const now = ctx.now.getTime();
    const objects: EvidenceObject[] = [];
    let never = 0;
    let stale = 0;
    for (const r of rows) {
      let note: [string, string] | null = null;
      if (!r.last_ok_at) {
        never += 1;
        note = ['バックアップ成功なし', 'never backed up'];
      } else if (now - new Date(r.last_ok_at).getTime() > BACKUP_MAX_AGE_DAYS * DAY_MS || r.last_error) {
        stale += 1;
        note = r.last_error
          ? [
              `最後の実行が失敗: ${r.last_error.slice(0, 120)}`,
              `last run failed: ${r.last_error.slice(0, 120)}`,
            ]
          : ['最後の成功が古い', 'last success is old'];
      }
      if (note)
        objects.push({
          kind: 'device',
          id: r.id,
          label: r.hostname,
          note: t(note[0], note[1]),
          href: `/devices/${r.id}`,
        });
    }
    return {
      status: never ? 'fail' : stale ? 'warn' : 'pass',
      summary: t(
        `稼働中の機器 ${rows.length} 台、バックアップが新しいもの ${rows.length - never - stale} 台、古い・失敗 ${stale} 台、成功なし ${never} 台。`,
        `Active devices: ${rows.length}; backed up recently: ${rows.length - never - stale}; stale or failing: ${stale}; never: ${never}.`,
      ),
      figures: { activeDevices: rows.length, recent: rows.length - never - stale, stale, never },
      objects,
    };
  },
};
