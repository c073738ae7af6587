import { zonedDate } from '../../lib/time.ts';
import { addMonths, daysBetween, forecast, WINDOW_MONTHS, type Forecast } from './forecast.ts';
import {
  deviceRows,
  popRows,
  portRows,
  type DeviceRow,
  type PopRow,
  type PortFilter,
  type PortRow,
} from './repository.ts';

/**
 * The capacity view (CLD.13.1.4, 12.1.3): per port, device and PoP. One SQL statement reads every
 * port with its contracted sum, latest month and trend (repository.ts portRows); the states,
 * forecasts and the device and PoP totals are computed here from those rows.
 */

/** ok < watch (forecast crossing within WATCH_DAYS) < warning (over threshold) < critical (over limit or capacity). */
export type PortState = 'ok' | 'watch' | 'warning' | 'critical';
export const STATES: readonly PortState[] = ['ok', 'watch', 'warning', 'critical'];
export type Reason =
  'contracted_over_limit' | 'contracted_threshold' | 'measured_capacity' | 'measured_threshold' | 'forecast';

/** A forecast crossing within this many days puts a port on watch. */
export const WATCH_DAYS = 183;

export interface Measured {
  month: string;
  p95Mbps: number;
  peakMbps: number;
  samples: number;
  /** p95 / capacity × 100 */
  utilisationPct: number;
  /** capacity − p95 */
  headroomMbps: number;
  /** the current month, still being filled */
  partial: boolean;
  /** older than the previous month: shown, but not used for the state or alerts */
  stale: boolean;
}

export interface PortView {
  row: PortRow;
  limitMbps: number;
  /** contracted / capacity */
  ratio: number;
  /** contracted / limit × 100 */
  limitUsedPct: number;
  /** limit − contracted (negative when an override put the port over its limit) */
  headroomMbps: number;
  contractedThresholdMbps: number;
  measuredThresholdMbps: number;
  measured: Measured | null;
  forecast: Forecast;
  state: PortState;
  reasons: Reason[];
}

export interface Clock {
  /** today, YYYY-MM-DD in the configured zone (JST) */
  today: string;
  /** first day of the current month */
  current: string;
}

export function clockAt(now: Date = new Date()): Clock {
  const today = zonedDate(now);
  return { today, current: `${today.slice(0, 7)}-01` };
}

/** The state, headroom and forecast of one port row. */
export function portView(r: PortRow, clock: Clock): PortView {
  const capacity = r.capacity_mbps;
  const limitMbps = Math.floor(capacity * r.oversubscription); // as the placement check computes it
  const frac = r.threshold_pct / 100;
  const contractedThresholdMbps = limitMbps * frac;
  const measuredThresholdMbps = capacity * frac;
  let measured: Measured | null = null;
  if (r.m_month !== null && r.m_p95 !== null && r.m_peak !== null) {
    measured = {
      month: r.m_month,
      p95Mbps: r.m_p95,
      peakMbps: r.m_peak,
      samples: r.m_samples ?? 0,
      utilisationPct: (r.m_p95 / capacity) * 100,
      headroomMbps: capacity - r.m_p95,
      partial: r.m_month === clock.current,
      stale: r.m_month < addMonths(clock.current, -1),
    };
  }
  const inForce = measured && !measured.stale ? measured.p95Mbps : null;
  const fc = forecast(
    { months: r.trend_n ?? 0, slope: r.slope, intercept: r.intercept },
    measuredThresholdMbps,
    inForce,
    clock.current,
  );
  const reasons: Reason[] = [];
  if (r.contracted_mbps > limitMbps) reasons.push('contracted_over_limit');
  else if (r.contracted_mbps > 0 && r.contracted_mbps >= contractedThresholdMbps)
    reasons.push('contracted_threshold');
  if (inForce !== null && inForce >= capacity) reasons.push('measured_capacity');
  else if (inForce !== null && inForce >= measuredThresholdMbps) reasons.push('measured_threshold');
  if (fc.status === 'crossing' && fc.date && daysBetween(clock.today, fc.date) <= WATCH_DAYS)
    reasons.push('forecast');
  const state: PortState =
    reasons.includes('contracted_over_limit') || reasons.includes('measured_capacity')
      ? 'critical'
      : reasons.includes('contracted_threshold') || reasons.includes('measured_threshold')
        ? 'warning'
        : reasons.includes('forecast')
          ? 'watch'
          : 'ok';
  return {
    row: r,
    limitMbps,
    ratio: r.contracted_mbps / capacity,
    limitUsedPct: limitMbps > 0 ? (r.contracted_mbps / limitMbps) * 100 : 0,
    headroomMbps: limitMbps - r.contracted_mbps,
    contractedThresholdMbps,
    measuredThresholdMbps,
    measured,
    forecast: fc,
    state,
    reasons,
  };
}

/** The window of complete months the trend is fitted over. */
export const windowStart = (clock: Clock): string => addMonths(clock.current, -WINDOW_MONTHS);

export async function portViews(filter: PortFilter = {}, clock: Clock = clockAt()): Promise<PortView[]> {
  const rows = await portRows(filter, clock.current, windowStart(clock));
  return rows.map((r) => portView(r, clock));
}

const severity = (s: PortState): number => STATES.indexOf(s);

export interface Totals {
  ports: number;
  capacityMbps: number;
  limitMbps: number;
  contractedMbps: number;
  /** contracted / capacity */
  ratio: number;
  /** sum of the ports' latest 95th percentiles in force (an upper bound of the 95th percentile of the sum) */
  measuredP95Mbps: number | null;
  states: Record<PortState, number>;
  worst: PortState;
  /** the earliest forecast crossing among the ports */
  firstCrossing: string | null;
  openPlans: number;
}

/** Device or PoP totals over its ports. */
export function totals(ports: PortView[], extraPlans = 0): Totals {
  const states: Record<PortState, number> = { ok: 0, watch: 0, warning: 0, critical: 0 };
  let capacity = 0;
  let limit = 0;
  let contracted = 0;
  let measured: number | null = null;
  let first: string | null = null;
  let plans = extraPlans;
  let worst: PortState = 'ok';
  for (const p of ports) {
    capacity += p.row.capacity_mbps;
    limit += p.limitMbps;
    contracted += p.row.contracted_mbps;
    if (p.measured && !p.measured.stale) measured = (measured ?? 0) + p.measured.p95Mbps;
    if (p.forecast.date && (first === null || p.forecast.date < first)) first = p.forecast.date;
    states[p.state]++;
    plans += p.row.open_plans;
    if (severity(p.state) > severity(worst)) worst = p.state;
  }
  return {
    ports: ports.length,
    capacityMbps: capacity,
    limitMbps: limit,
    contractedMbps: contracted,
    ratio: capacity > 0 ? contracted / capacity : 0,
    measuredP95Mbps: measured,
    states,
    worst,
    firstCrossing: first,
    openPlans: plans,
  };
}

function groupBy<K>(ports: PortView[], key: (p: PortView) => K): Map<K, PortView[]> {
  const m = new Map<K, PortView[]>();
  for (const p of ports) {
    const k = key(p);
    const list = m.get(k);
    if (list) list.push(p);
    else m.set(k, [p]);
  }
  return m;
}

export interface Overview {
  ports: PortView[];
  devices: { device: DeviceRow; totals: Totals }[];
  pops: { pop: PopRow; devices: number; totals: Totals }[];
}

/**
 * The whole capacity view: every port (one statement), every device and PoP (one small statement
 * each) and their totals grouped from the port rows. `popId` narrows devices and ports to a PoP.
 */
export async function overview(clock: Clock = clockAt(), popId?: string): Promise<Overview> {
  // one statement after the other: they share the request's one transaction
  const ports = await portViews({ popId }, clock);
  const devices = await deviceRows(popId);
  const pops = await popRows();
  const byDevice = groupBy(ports, (p) => p.row.device_id);
  const portsOfPop = groupBy(ports, (p) => p.row.pop_id);
  const devicePlans = new Map<string, number>();
  const deviceCount = new Map<string, number>();
  for (const d of devices) {
    devicePlans.set(d.pop_id, (devicePlans.get(d.pop_id) ?? 0) + d.open_plans);
    deviceCount.set(d.pop_id, (deviceCount.get(d.pop_id) ?? 0) + 1);
  }
  return {
    ports,
    devices: devices.map((d) => ({ device: d, totals: totals(byDevice.get(d.id) ?? [], d.open_plans) })),
    pops: pops
      .filter((p) => !popId || p.id === popId)
      .map((p) => ({
        pop: p,
        devices: deviceCount.get(p.id) ?? 0,
        totals: totals(portsOfPop.get(p.id) ?? [], devicePlans.get(p.id) ?? 0),
      })),
  };
}

export type PortSort = 'severity' | 'ratio' | 'utilisation' | 'headroom' | 'forecast' | 'name';

/** Sorts port views in place; ties keep PoP, device, port order (the order of the SQL). */
export function sortPorts(ports: PortView[], sort: PortSort = 'severity'): PortView[] {
  const util = (p: PortView) => (p.measured && !p.measured.stale ? p.measured.utilisationPct : -1);
  const keyed = ports.map((p, i) => ({ p, i }));
  const cmp: Record<PortSort, (a: PortView, b: PortView) => number> = {
    severity: (a, b) => severity(b.state) - severity(a.state) || b.limitUsedPct - a.limitUsedPct,
    ratio: (a, b) => b.ratio - a.ratio,
    utilisation: (a, b) => util(b) - util(a),
    headroom: (a, b) => a.headroomMbps - b.headroomMbps,
    forecast: (a, b) => (a.forecast.date ?? '9999').localeCompare(b.forecast.date ?? '9999'),
    name: () => 0,
  };
  keyed.sort((a, b) => cmp[sort](a.p, b.p) || a.i - b.i);
  return keyed.map((k) => k.p);
}
