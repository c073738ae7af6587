import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { t, type CheckDef } from '../check.ts';
import type { EvidenceObject } from '../types.ts';

const DAY_MS = 86_400_000;

export const collectionCheck: CheckDef = {
  id: 'traffic.collection',
  clauses: ['12.4.1', '18.1.3'],
  title: t('全接続のトラフィック収集', 'Traffic collection for every active connection'),
  criteria: t(
    '有効な接続すべてにインターフェースが割り当てられ、その機器の収集が有効で、最新のサンプルが収集間隔の 3 倍以内なら合格。収集は設定されているが最新サンプルが古い、または収集エラーがあれば警告。割り当てなし・収集なし・収集無効の接続があれば不合格。',
    'Pass when every active connection is mapped to an interface whose device has collection enabled and the latest sample is within three collection intervals. Warn when collection is set up but the latest sample is older, or the collector reports an error. Fail when an active connection is unmapped, or its device has no collector or collection disabled.',
  ),
  async run(ctx) {
    const rows = await ctx.read(() =>
      db()
        .selectFrom('customer.connection as c')
        .innerJoin('ops.tenant as tn', 'tn.id', 'c.tenant_id')
        .leftJoin('ops.traffic_interface as i', 'i.connection_id', 'c.id')
        .leftJoin('ops.traffic_collector as k', 'k.device_id', 'i.device_id')
        .select([
          'c.id',
          sql<string>`tn.code || ' / ' || c.name`.as('label'),
          'i.device_id',
          // the latest sample: the end of the newest raw interval, or a later mark (migration 0030)
          sql<Date | null>`greatest(
            (SELECT r.at + r.seconds * interval '1 second' FROM ops.traffic_raw r
              WHERE r.connection_id = c.id AND r.at >= ${new Date(ctx.now.getTime() - 3 * 86_400_000)}::timestamptz
              ORDER BY r.at DESC LIMIT 1),
            CASE WHEN i.mark_in IS NOT NULL THEN i.mark_at END)`.as('last_at'),
          'k.enabled',
          'k.interval_s',
          'k.last_error',
        ])
        .where('c.status', '=', 'active')
        .where('tn.status', '=', 'active')
        .execute(),
    );
    const now = ctx.now.getTime();
    const objects: EvidenceObject[] = [];
    let missing = 0;
    let stale = 0;
    for (const r of rows) {
      const o = (ja: string, en: string) =>
        objects.push({
          kind: 'connection',
          id: r.id,
          label: r.label,
          note: t(ja, en),
          href: `/connections/${r.id}`,
        });
      if (!r.device_id) {
        missing += 1;
        o('インターフェース未割り当て', 'No interface mapped');
      } else if (r.enabled === null) {
        missing += 1;
        o('機器に収集設定なし', 'No collector on its device');
      } else if (!r.enabled) {
        missing += 1;
        o('収集が無効', 'Collection disabled');
      } else if (
        !r.last_at ||
        now - new Date(r.last_at).getTime() > 3 * (r.interval_s ?? 60) * 1000 ||
        r.last_error
      ) {
        stale += 1;
        o(
          r.last_error ? `収集エラー: ${r.last_error.slice(0, 200)}` : '最新サンプルが古い',
          r.last_error ? `Collector error: ${r.last_error.slice(0, 200)}` : 'Latest sample is stale',
        );
      }
    }
    const ok = rows.length - missing - stale;
    return {
      status: missing ? 'fail' : stale ? 'warn' : 'pass',
      summary: t(
        `有効な接続 ${rows.length} 件中 ${ok} 件で収集中。遅延・エラー ${stale} 件、未収集 ${missing} 件。`,
        `Collecting for ${ok} of ${rows.length} active connections; ${stale} stale or failing, ${missing} not collected.`,
      ),
      figures: { activeConnections: rows.length, collecting: ok, stale, notCollected: missing },
      objects,
    };
  },
};

const SERIES = [
  { table: 'ops.traffic_raw', key: 'rawDays', slackDays: 2 },
  { table: 'ops.traffic_5m', key: 'fiveMinuteDays', slackDays: 32 },
  { table: 'ops.traffic_1h', key: 'hourDays', slackDays: 32 },
  { table: 'ops.traffic_1d', key: 'dayDays', slackDays: 2 },
] as const;
/** Days past the allowed age that still count as a late maintenance job rather than retention not in force. */
const GRACE_DAYS = 7;

export const retentionCheck: CheckDef = {
  id: 'traffic.retention',
  clauses: ['12.4.1', '18.1.3'],
  title: t('トラフィック記録の保存期間', 'Retention of the traffic records'),
  criteria: t(
    '各系列（生データ・5 分・1 時間・1 日）の最古の記録が、設定した保存期間（PVA_TRAFFIC_*_DAYS）にパーティション単位の余裕（生・日: 2 日、5 分・1 時間: 32 日）を加えた範囲内なら合格。超過が 7 日以内なら警告（保守ジョブの遅れ）、それ以上なら不合格。',
    'Pass when the oldest record of each series (raw, 5-minute, hourly, daily) is within its configured retention (PVA_TRAFFIC_*_DAYS) plus the slack of its partitioning (raw and daily: 2 days; 5-minute and hourly: 32 days). Warn when it is over by up to 7 days (the maintenance job is late); fail beyond.',
  ),
  async run(ctx) {
    const cfg = ctx.config.traffic;
    const now = ctx.now.getTime();
    const figures: Record<string, number | null> = {};
    const objects: EvidenceObject[] = [];
    let worstOver = 0;
    for (const s of SERIES) {
      const days = cfg[s.key];
      const oldest = await ctx.read(async () => {
        const r = await sql<{ at: Date | null }>`SELECT min(at) AS at FROM ${sql.table(s.table)}`.execute(
          db(),
        );
        return r.rows[0]?.at ?? null;
      });
      const ageDays = oldest ? Math.floor((now - new Date(oldest).getTime()) / DAY_MS) : null;
      const name = s.table.slice(4);
      figures[`${name}RetentionDays`] = days;
      figures[`${name}OldestAgeDays`] = ageDays;
      if (days === 0 || ageDays === null) continue; // kept for good, or empty
      const over = ageDays - (days + s.slackDays);
      if (over > 0) {
        worstOver = Math.max(worstOver, over);
        objects.push({
          kind: 'series',
          id: name,
          label: s.table,
          note: t(
            `最古の記録が ${ageDays} 日前（保存期間 ${days} 日）`,
            `Oldest record ${ageDays} days old (retention ${days} days)`,
          ),
        });
      }
    }
    return {
      status: worstOver > GRACE_DAYS ? 'fail' : worstOver > 0 ? 'warn' : 'pass',
      summary: t(
        `保存期間: 生 ${cfg.rawDays} 日、5 分 ${cfg.fiveMinuteDays} 日、1 時間 ${cfg.hourDays} 日、1 日 ${cfg.dayDays || '無期限'}${cfg.dayDays ? ' 日' : ''}。期間超過の系列 ${objects.length} 件。`,
        `Retention: raw ${cfg.rawDays} days, 5-minute ${cfg.fiveMinuteDays}, hourly ${cfg.hourDays}, daily ${cfg.dayDays || 'for good'}. Series over their retention: ${objects.length}.`,
      ),
      figures: { ...figures, seriesOverRetention: objects.length, worstDaysOver: worstOver },
      objects,
    };
  },
};
