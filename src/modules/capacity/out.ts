import type { Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import type { AlertRow } from './alert-repository.ts';
import { addMonths, crossingDay, monthIndex } from './forecast.ts';
import type { PlanRow } from './plan-repository.ts';
import { NEXT } from './plans.ts';
import type { DeviceRow, MonthRow, PopRow } from './repository.ts';
import type { AlertOut, DeviceOut, PlanOut, PopOut, PortDetailOut, PortOut, TotalsOut } from './schema.ts';
import { windowStart, type Clock, type PortView, type Totals } from './view.ts';

/** Rows and views to API objects. */

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export function portOut(v: PortView): Static<typeof PortOut> {
  const r = v.row;
  return {
    owner: 'provider',
    id: r.id,
    name: r.name,
    purpose: r.purpose,
    status: r.status,
    description: r.description,
    device: { id: r.device_id, hostname: r.hostname, role: r.device_role, status: r.device_status },
    pop: { id: r.pop_id, code: r.pop_code, nameJa: r.pop_name_ja, nameEn: r.pop_name_en },
    portClass: {
      code: r.class_code,
      nameJa: r.class_name_ja,
      nameEn: r.class_name_en,
      oversubscription: r.oversubscription,
      thresholdPct: r.threshold_pct,
    },
    capacityMbps: r.capacity_mbps,
    limitMbps: v.limitMbps,
    contractedMbps: r.contracted_mbps,
    connections: r.connections,
    ratio: round(v.ratio, 3),
    limitUsedPct: round(v.limitUsedPct, 1),
    headroomMbps: v.headroomMbps,
    contractedThresholdMbps: round(v.contractedThresholdMbps, 1),
    measuredThresholdMbps: round(v.measuredThresholdMbps, 1),
    measured: v.measured && {
      ...v.measured,
      p95Mbps: round(v.measured.p95Mbps, 1),
      peakMbps: round(v.measured.peakMbps, 1),
      utilisationPct: round(v.measured.utilisationPct, 1),
      headroomMbps: round(v.measured.headroomMbps, 1),
    },
    forecast: {
      ...v.forecast,
      thresholdMbps: round(v.forecast.thresholdMbps, 1),
      slopeMbpsPerMonth:
        v.forecast.slopeMbpsPerMonth === null ? null : round(v.forecast.slopeMbpsPerMonth, 2),
    },
    state: v.state,
    reasons: v.reasons,
    openAlerts: r.alert_kinds.filter(
      (k): k is 'contracted' | 'measured' => k === 'contracted' || k === 'measured',
    ),
    openPlans: r.open_plans,
  };
}

function totalsOut(t: Totals): Static<typeof TotalsOut> {
  return {
    ...t,
    ratio: round(t.ratio, 3),
    measuredP95Mbps: t.measuredP95Mbps === null ? null : round(t.measuredP95Mbps, 1),
  };
}

export function deviceOut(d: DeviceRow, t: Totals): Static<typeof DeviceOut> {
  return {
    owner: 'provider',
    id: d.id,
    hostname: d.hostname,
    role: d.role,
    status: d.status,
    pop: { id: d.pop_id, code: d.pop_code, nameJa: d.pop_name_ja, nameEn: d.pop_name_en },
    ...totalsOut(t),
  };
}

export function popOut(p: PopRow, devices: number, t: Totals): Static<typeof PopOut> {
  return {
    owner: 'provider',
    id: p.id,
    code: p.code,
    nameJa: p.name_ja,
    nameEn: p.name_en,
    devices,
    ...totalsOut(t),
  };
}

export function planOut(p: PlanRow): Static<typeof PlanOut> {
  const staff = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);
  return {
    owner: 'provider',
    id: p.id,
    port: p.port_id && p.port_name !== null ? { id: p.port_id, name: p.port_name } : null,
    device: { id: p.device_id, hostname: p.hostname },
    pop: { id: p.pop_id, code: p.pop_code, nameJa: p.pop_name_ja, nameEn: p.pop_name_en },
    reason: p.reason,
    targetDate: p.target_date,
    status: p.status,
    next: [...NEXT[p.status]],
    note: p.note,
    createdBy: staff(p.created_by, p.created_by_name),
    updatedBy: staff(p.updated_by, p.updated_by_name),
    createdAt: formatInstant(p.created_at),
    updatedAt: formatInstant(p.updated_at),
    closedAt: p.closed_at ? formatInstant(p.closed_at) : null,
  };
}

export function alertOut(a: AlertRow): Static<typeof AlertOut> {
  return {
    owner: 'provider',
    id: a.id,
    port: { id: a.port_id, name: a.port_name },
    device: { id: a.device_id, hostname: a.hostname },
    popCode: a.pop_code,
    kind: a.kind,
    crossedAt: formatInstant(a.crossed_at),
    clearedAt: a.cleared_at ? formatInstant(a.cleared_at) : null,
    valueMbps: round(a.value_mbps, 1),
    thresholdMbps: round(a.threshold_mbps, 1),
    notifiedAt: a.notified_at ? formatInstant(a.notified_at) : null,
  };
}

/** Months of history the port detail returns for the chart. */
export const SERIES_MONTHS = 24;

/**
 * The fitted line for the chart: from the first month of the trend window that has data to the
 * forecast crossing (or six months ahead when there is none), in calendar days.
 */
function trendLine(v: PortView, series: MonthRow[], clock: Clock) {
  const { slope, intercept } = v.row;
  if (slope === null || intercept === null || (v.row.trend_n ?? 0) < 3) return null;
  const firstMonth = series.find((m) => m.month >= windowStart(clock))?.month;
  if (!firstMonth) return null;
  const x0 = monthIndex(firstMonth) - monthIndex(clock.current);
  const at = (x: number) => round(intercept + slope * x, 1);
  const ahead = 6;
  const crossing = v.forecast.status === 'crossing' && v.forecast.date !== null;
  const xEnd = crossing ? (v.forecast.thresholdMbps - intercept) / slope : ahead;
  return {
    from: { date: firstMonth, mbps: at(x0) },
    to: crossing
      ? { date: crossingDay({ slope, intercept }, v.forecast.thresholdMbps, clock.current), mbps: at(xEnd) }
      : { date: addMonths(clock.current, ahead), mbps: at(ahead) },
    slopeMbpsPerMonth: round(slope, 2),
  };
}

export function portDetailOut(
  v: PortView,
  series: MonthRow[],
  plans: PlanRow[],
  alerts: AlertRow[],
  clock: Clock,
): Static<typeof PortDetailOut> {
  return {
    ...portOut(v),
    series: series.map((m) => ({
      month: m.month,
      p95Mbps: round(m.p95_mbps, 1),
      peakMbps: round(m.peak_mbps, 1),
      samples: m.samples,
    })),
    trend: trendLine(v, series, clock),
    plans: plans.map(planOut),
    alerts: alerts.map(alertOut),
  };
}
