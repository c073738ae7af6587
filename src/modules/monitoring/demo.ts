import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { ensureRoundPartitions } from './prune.ts';
import { insertEvent } from './repository.ts';

/**
 * Demo monitoring data: three days of rounds (every 10 minutes) for every monitor of an active
 * connection with a target, mostly up with small RTT noise; the first such monitor of the first
 * tenant had a 40-minute outage yesterday (events down and up, emailed), the second is paused by
 * the customer for maintenance with an automatic resume tomorrow. Deterministic by monitor id;
 * idempotent (does nothing when rounds exist).
 */

const STEP = 600_000;
const DAYS = 3;

const unit = (id: string, label: string): number =>
  createHash('sha256').update(`${id}:${label}`).digest().readUInt32BE(0) / 2 ** 32;

export async function seedMonitoringDemo(now = new Date()): Promise<number> {
  const existing = await db().selectFrom('customer.monitor_round').select('monitor_id').limit(1).execute();
  if (existing.length) return 0;
  const monitors = await db()
    .selectFrom('customer.monitor as m')
    .innerJoin('customer.connection as c', 'c.id', 'm.connection_id')
    .innerJoin('ops.tenant as t', 't.id', 'm.tenant_id')
    .select(['m.id', 'm.tenant_id', 't.code'])
    .where('c.status', '=', 'active')
    .where('m.target', 'is not', null)
    .orderBy('t.code')
    .orderBy('c.name')
    .execute();
  if (monitors.length === 0) return 0;
  const end = Math.floor(now.getTime() / STEP) * STEP;
  const start = end - DAYS * 86_400_000;
  const outage = { from: end - 30 * 3_600_000, to: end - 30 * 3_600_000 + 40 * 60_000 };
  let rows = 0;
  for (const [k, m] of monitors.entries()) {
    const down = k === 0;
    const base = 2 + unit(m.id, 'base') * 18;
    const values = [];
    for (let t = start; t <= end; t += STEP) {
      const out = down && t >= outage.from && t < outage.to;
      const jitter = unit(m.id, String(t));
      values.push({
        monitor_id: m.id,
        tenant_id: m.tenant_id,
        at: new Date(t),
        sent: 5,
        received: out ? 0 : jitter > 0.97 ? 4 : 5,
        loss_pct: out ? 100 : jitter > 0.97 ? 20 : 0,
        rtt_min_ms: out ? null : base * 0.9,
        rtt_median_ms: out ? null : base * (1 + jitter * 0.2),
        rtt_max_ms: out ? null : base * (1.3 + jitter * 0.5),
        state:
          out && t >= outage.from + 2 * STEP
            ? ('down' as const)
            : out
              ? ('degraded' as const)
              : ('up' as const),
      });
    }
    if (values.length) await ensureRoundPartitions(values[0]!.at, values.at(-1)!.at);
    for (let i = 0; i < values.length; i += 1000)
      await db()
        .insertInto('customer.monitor_round')
        .values(values.slice(i, i + 1000))
        .execute();
    rows += values.length;
    await db()
      .updateTable('customer.monitor')
      .set({ state: 'up', state_since: new Date(down ? outage.to : start) })
      .where('id', '=', m.id)
      .execute();
    if (down) {
      const ev = (
        at: number,
        kind: 'degraded' | 'down' | 'up',
        from: 'up' | 'degraded' | 'down',
        emailed: boolean,
      ) =>
        insertEvent({
          tenantId: m.tenant_id,
          monitorId: m.id,
          at: new Date(at),
          kind,
          from,
          to: kind,
          detail: { lossPct: kind === 'up' ? 0 : 100 },
          emailed,
        });
      await ev(outage.from, 'degraded', 'up', false);
      await ev(outage.from + 2 * STEP, 'down', 'degraded', true);
      await ev(outage.to, 'up', 'down', true);
    }
  }
  const paused = monitors[1];
  if (paused) {
    const at = new Date(end - 3_600_000);
    await db()
      .updateTable('customer.monitor')
      .set({
        paused_at: at,
        paused_by_kind: 'customer',
        pause_reason: 'ルーター交換作業のため / Router replacement',
        resume_at: new Date(end + 86_400_000),
      })
      .where('id', '=', paused.id)
      .execute();
    await insertEvent({
      tenantId: paused.tenant_id,
      monitorId: paused.id,
      at,
      kind: 'paused',
      from: 'up',
      to: null,
      detail: { by: 'customer', reason: 'ルーター交換作業のため / Router replacement' },
    });
    await sql`DELETE FROM customer.monitor_round WHERE monitor_id = ${paused.id} AND at > ${at}`.execute(
      db(),
    );
  }
  return rows;
}
