import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { zonedParts } from '../../lib/time.ts';
import { addMonths } from './forecast.ts';
import { insertPlan } from './plan-repository.ts';
import { upsertUtilisation, type UtilisationMonth } from './repository.ts';
import { clockAt, portViews, type PortView } from './view.ts';

/**
 * Demo capacity data: twelve complete months of measured utilisation for every access and
 * backbone port (and the current month so far), one Osaka port growing so that its trend crosses
 * the threshold about four months from today (the NOC journey), and one augmentation plan. Reads the ports the network
 * demo created; deterministic and idempotent (months are upserted, the plan is added once).
 */

const MONTHS = 12;
const CROSS_IN_MONTHS = 4;
const SAMPLES_PER_DAY = 288; // 5-minute intervals

/** Deterministic numbers in [0, 1) from a port id and a label. */
function unit(id: string, label: string): number {
  return createHash('sha256').update(`${id}:${label}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Noise with its own constant and linear parts removed: it leaves a least-squares fit unchanged. */
function neutralNoise(id: string, xs: number[], amplitude: number): number[] {
  const e = xs.map((x) => (unit(id, `noise${x}`) - 0.5) * 2 * amplitude);
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const me = e.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (e[i]! - me);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxx ? sxy / sxx : 0;
  return e.map((v, i) => v - me - slope * (xs[i]! - mx));
}

const daysIn = (month: string): number => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

function monthsFor(p: PortView, line: (x: number) => number, now: Date, current: string): UtilisationMonth[] {
  const cap = p.row.capacity_mbps;
  const xs = Array.from({ length: MONTHS }, (_, i) => i - MONTHS);
  const noise = neutralNoise(p.row.id, xs, cap * 0.015);
  const fig = (x: number, e: number) => {
    const p95 = Math.min(cap * 0.97, Math.max(cap * 0.01, line(x) + e));
    const peak = Math.min(cap, p95 * (1.15 + unit(p.row.id, `peak${x}`) * 0.2));
    return { p95Mbps: Math.round(p95 * 10) / 10, peakMbps: Math.round(Math.max(peak, p95) * 10) / 10 };
  };
  const rows: UtilisationMonth[] = xs.map((x, i) => {
    const month = addMonths(current, x);
    return { portId: p.row.id, month, samples: daysIn(month) * SAMPLES_PER_DAY, ...fig(x, noise[i]!) };
  });
  // the current month so far: the 5-minute samples since its first day (JST) began
  const t = zonedParts(now);
  const samples = Math.max(1, (t.d - 1) * SAMPLES_PER_DAY + t.h * 12 + Math.floor(t.mi / 5));
  rows.push({ portId: p.row.id, month: current, samples, ...fig(0, 0) });
  return rows;
}

const isOsaka = (p: PortView): boolean =>
  /OSA|KIX|ITM/i.test(p.row.pop_code) || /osaka/i.test(p.row.pop_name_en);

export async function seedCapacityDemo(now = new Date()): Promise<void> {
  const clock = clockAt(now);
  const ports = (await portViews({}, clock)).filter((p) => p.row.purpose !== 'management');
  if (ports.length === 0) return;
  // the Osaka port of the journey: the busiest Osaka access port not already over its contracted threshold
  const atOsaka = ports
    .filter((p) => p.row.purpose === 'access' && isOsaka(p))
    .sort((a, b) => b.limitUsedPct - a.limitUsedPct);
  const osaka = atOsaka.find((p) => p.state === 'ok') ?? atOsaka[0] ?? null;
  const rows: UtilisationMonth[] = [];
  for (const p of ports) {
    const cap = p.row.capacity_mbps;
    if (p === osaka) {
      const threshold = p.measuredThresholdMbps;
      const start = cap * 0.35;
      // a straight line from 35 % a year ago through the threshold CROSS_IN_MONTHS from today
      const t = zonedParts(now);
      const cross = CROSS_IN_MONTHS + (t.d - 1) / daysIn(clock.current);
      const slope = (threshold - start) / (MONTHS + cross);
      rows.push(...monthsFor(p, (x) => threshold + slope * (x - cross), now, clock.current));
    } else {
      // the others: 15–45 % of capacity (backbone 10–30 %), growing slowly at most
      const spread = p.row.purpose === 'access' ? [0.15, 0.3] : [0.1, 0.2];
      const base = cap * (spread[0]! + unit(p.row.id, 'base') * spread[1]!);
      const growth = cap * (unit(p.row.id, 'growth') * 0.008 - 0.002);
      rows.push(...monthsFor(p, (x) => base + growth * x, now, clock.current));
    }
  }
  await upsertUtilisation(rows);

  const plans = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ops.augmentation_plan`.execute(db());
  if ((plans.rows[0]?.n ?? 0) > 0) return;
  const target = ports.filter((p) => p !== osaka).sort((a, b) => b.limitUsedPct - a.limitUsedPct)[0];
  if (!target) return;
  const tanaka = await db()
    .selectFrom('ops.staff')
    .select('id')
    .where('email', '=', 'tanaka@pva.example')
    .executeTakeFirst();
  const planId = await insertPlan({
    portId: target.row.id,
    deviceId: null,
    reason: `契約帯域合計が上限の ${Math.round(target.limitUsedPct)}% に達したため、上位回線を増設する。`,
    targetDate: addMonths(clock.current, 3),
    note: '回線事業者に発注済み。工事日は調整中。',
    staffId: tanaka?.id ?? null,
  });
  await db()
    .updateTable('ops.augmentation_plan')
    .set({ status: 'ordered' })
    .where('id', '=', planId)
    .execute();
}
