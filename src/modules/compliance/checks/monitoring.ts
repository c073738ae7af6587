import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { t, type CheckDef } from '../check.ts';
import type { EvidenceObject } from '../types.ts';

/** A monitor whose last round is older than this is silently stopped, not just late. */
const STOPPED_MS = 3_600_000;

export const monitoringCheck: CheckDef = {
  id: 'monitoring.coverage',
  clauses: ['CLD.12.4.5'],
  title: t('全接続の到達性監視', 'Reachability monitoring of every connection'),
  criteria: t(
    '有効な接続ごとに監視があり、稼働中（最後の測定が間隔の 3 倍以内）またはお客様が一時停止中なら合格。スタッフによる一時停止、または測定の遅れ（1 時間以内）があれば警告。監視なし・宛先なし・一時停止されていないのに 1 時間以上測定がない（黙って止まった）監視があれば不合格。',
    'Pass when every active connection has a monitor that is running (last round within three intervals) or paused by the customer. Warn when a monitor is paused by staff or its rounds are late (under an hour). Fail when a connection has no monitor or no target, or an unpaused monitor has had no round for an hour or more (silently stopped).',
  ),
  async run(ctx) {
    const rows = await ctx.read(() =>
      db()
        .selectFrom('customer.connection as c')
        .innerJoin('ops.tenant as tn', 'tn.id', 'c.tenant_id')
        .leftJoin('customer.monitor as m', 'm.connection_id', 'c.id')
        .select([
          'c.id as connection_id',
          sql<string>`tn.code || ' / ' || c.name`.as('label'),
          'm.id as monitor_id',
          'm.target',
          'm.interval_s',
          'm.paused_at',
          'm.paused_by_kind',
          'm.created_at',
          sql<Date | null>`(SELECT max(r.at) FROM customer.monitor_round r WHERE r.monitor_id = m.id)`.as(
            'last_round',
          ),
        ])
        .where('c.status', '=', 'active')
        .where('tn.status', '=', 'active')
        .execute(),
    );
    const now = ctx.now.getTime();
    const objects: EvidenceObject[] = [];
    const n = { running: 0, pausedByCustomer: 0, pausedByStaff: 0, late: 0, stopped: 0, missing: 0 };
    const add = (r: (typeof rows)[number], ja: string, en: string) =>
      objects.push({
        kind: 'connection',
        id: r.connection_id,
        label: r.label,
        note: t(ja, en),
        href: `/connections/${r.connection_id}`,
      });
    for (const r of rows) {
      if (!r.monitor_id || !r.target) {
        n.missing += 1;
        add(
          r,
          r.monitor_id ? '監視の宛先なし' : '監視なし',
          r.monitor_id ? 'Monitor has no target' : 'No monitor',
        );
        continue;
      }
      if (r.paused_at) {
        if (r.paused_by_kind === 'customer') n.pausedByCustomer += 1;
        else {
          n.pausedByStaff += 1;
          add(r, 'スタッフが一時停止中', 'Paused by staff');
        }
        continue;
      }
      const last = r.last_round ? new Date(r.last_round).getTime() : null;
      const since = now - (last ?? r.created_at!.getTime());
      if (since <= 3 * (r.interval_s ?? 60) * 1000) n.running += 1;
      else if (since < STOPPED_MS) {
        n.late += 1;
        add(r, '測定が遅れている', 'Rounds are late');
      } else {
        n.stopped += 1;
        add(r, '一時停止されていないのに測定が止まっている', 'Not paused, but no rounds: silently stopped');
      }
    }
    const status = n.missing || n.stopped ? 'fail' : n.pausedByStaff || n.late ? 'warn' : 'pass';
    return {
      status,
      summary: t(
        `有効な接続 ${rows.length} 件: 稼働中 ${n.running}、お客様が一時停止 ${n.pausedByCustomer}、スタッフが一時停止 ${n.pausedByStaff}、遅延 ${n.late}、停止 ${n.stopped}、監視なし ${n.missing}。`,
        `Active connections: ${rows.length}: running ${n.running}, paused by the customer ${n.pausedByCustomer}, paused by staff ${n.pausedByStaff}, late ${n.late}, silently stopped ${n.stopped}, unmonitored ${n.missing}.`,
      ),
      figures: { activeConnections: rows.length, ...n },
      objects,
    };
  },
};
