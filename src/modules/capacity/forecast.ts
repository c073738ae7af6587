/**
 * The forecast of the day a port's measured 95th percentile reaches its threshold: a least-squares
 * straight line through the monthly 95th percentiles (docs/capacity.md, "Forecast").
 *
 * Months are counted on a month axis: x = 0 is the first day of the current month (JST), x = -1 the
 * month before, and so on, each month's figure placed at its first day. The line is fitted in SQL
 * (regr_slope / regr_intercept over the complete months of the window); this module turns it into
 * a calendar day.
 */

/** At least this many complete months are needed for a trend. */
export const MIN_MONTHS = 3;
/** Complete months the trend looks back over (older months show in the chart but do not weigh). */
export const WINDOW_MONTHS = 12;
/** Crossings further away than this are not reported as a date. */
export const HORIZON_MONTHS = 120;

export type ForecastStatus =
  | 'insufficient_data' // fewer than MIN_MONTHS complete months
  | 'not_rising' // flat or decreasing trend
  | 'crossed' // the latest measured 95th percentile is already at or over the threshold
  | 'beyond_horizon' // rising, but the crossing lies more than HORIZON_MONTHS ahead
  | 'crossing'; // rising: `date` is the day the trend line reaches the threshold

export interface Trend {
  /** complete months the line was fitted over */
  months: number;
  /** Mbit/s per month */
  slope: number | null;
  /** the line's value at x = 0 (first day of the current month), Mbit/s */
  intercept: number | null;
}

export interface Forecast {
  status: ForecastStatus;
  /** YYYY-MM-DD (JST calendar), only when status is crossing */
  date: string | null;
  thresholdMbps: number;
  months: number;
  slopeMbpsPerMonth: number | null;
}

/** A month as a running index (year × 12 + month − 1) from its first day `YYYY-MM-01`. */
export function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
}

/** The first day `YYYY-MM-01` of a month index. */
export function monthOf(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

/** `YYYY-MM-01` of the day `YYYY-MM-DD`, shifted by `delta` months. */
export function addMonths(month: string, delta: number): string {
  return monthOf(monthIndex(month) + delta);
}

function daysIn(index: number): number {
  const y = Math.floor(index / 12);
  const m = index - y * 12;
  return new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
}

/** A calendar day `days` after the first day of a month index. */
function dayAfter(index: number, days: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12;
  return new Date(Date.UTC(y, m, 1 + days)).toISOString().slice(0, 10);
}

/**
 * Where the line `intercept + slope × x` reaches `threshold`, as a calendar day. The fractional
 * part of a month is spread over that month's days, and the day is rounded up: the first whole day
 * on which the line is at or over the threshold. x is first rounded to a millionth of a month so
 * that floating-point noise of the fit (3.9999999 for 4) does not move the day.
 */
export function crossingDay(
  trend: { slope: number; intercept: number },
  threshold: number,
  current: string,
): string {
  const x = Math.round(((threshold - trend.intercept) / trend.slope) * 1e6) / 1e6;
  const whole = Math.floor(x);
  const index = monthIndex(current) + whole;
  const days = Math.ceil((x - whole) * daysIn(index) - 1e-9);
  return dayAfter(index, days);
}

/**
 * The forecast for one port. `latestP95` is the latest measured 95th percentile in force (current
 * or previous month), `current` the first day of the current month (JST).
 */
export function forecast(
  trend: Trend,
  thresholdMbps: number,
  latestP95: number | null,
  current: string,
): Forecast {
  const base = { thresholdMbps, months: trend.months, slopeMbpsPerMonth: trend.slope, date: null };
  if (latestP95 !== null && latestP95 >= thresholdMbps) return { ...base, status: 'crossed' };
  if (trend.months < MIN_MONTHS || trend.slope === null || trend.intercept === null) {
    return { ...base, status: 'insufficient_data' };
  }
  // below a thousandth of a Mbit/s per month the line is flat for any port this service runs
  if (trend.slope <= 1e-3) return { ...base, status: 'not_rising' };
  const x = (thresholdMbps - trend.intercept) / trend.slope;
  if (x > HORIZON_MONTHS) return { ...base, status: 'beyond_horizon' };
  return {
    ...base,
    status: 'crossing',
    date: crossingDay({ slope: trend.slope, intercept: trend.intercept }, thresholdMbps, current),
  };
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
