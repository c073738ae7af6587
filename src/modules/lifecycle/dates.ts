import { getTimezone, offsetMinutes, zonedDate } from '../../lib/time.ts';

/**
 * Day arithmetic of termination and erasure (CLD.8.1.5), on calendar days of the configured zone
 * (JST): the services stop at the end of the termination date; the day after it is day 1; the
 * erasure deadline is the end of day 90. Instants are the exclusive ends of days (the next
 * day's 00:00 in the zone), so "before the deadline" is simply `now < deadline`.
 */

export const ERASURE_DAYS = 90;
const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The calendar date `n` days after `date` (negative: before). */
export function addDays(date: string, n: number): string {
  if (!isCalendarDate(date)) throw new Error(`not a calendar date: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * DAY).toISOString().slice(0, 10);
}

/** Whole calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / DAY);
}

/** The instant a calendar day starts (00:00) in the zone. */
export function startOfDay(date: string, tz = getTimezone()): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - offsetMinutes(new Date(wall), tz) * 60_000;
  // a zone whose offset differs at the guess (DST) needs one correction
  const again = wall - offsetMinutes(new Date(t), tz) * 60_000;
  if (again !== t) t = again;
  return new Date(t);
}

/** The exclusive end of a calendar day in the zone (the next day's 00:00). */
export const endOfDay = (date: string, tz = getTimezone()): Date => startOfDay(addDays(date, 1), tz);

export interface TerminationDates {
  terminationDate: string;
  /** end of the termination date: services stop */
  stopAt: Date;
  /** day 1 of the erasure period */
  dayOne: string;
  /** day 90: erasure must have finished by its end */
  deadlineDate: string;
  deadline: Date;
}

export function terminationDates(terminationDate: string, tz = getTimezone()): TerminationDates {
  const deadlineDate = addDays(terminationDate, ERASURE_DAYS);
  return {
    terminationDate,
    stopAt: endOfDay(terminationDate, tz),
    dayOne: addDays(terminationDate, 1),
    deadlineDate,
    deadline: endOfDay(deadlineDate, tz),
  };
}

/**
 * When the erasure runs and until when administrators may still log in to export: by default
 * `delayDays` after the stop, or the day staff chose (never before the stop, never after the
 * deadline); the grace period never outlasts the erasure.
 */
export function erasureSchedule(
  terminationDate: string,
  opts: { delayDays: number; graceDays: number; eraseOn?: string | null },
  tz = getTimezone(),
): { eraseAt: Date; graceUntil: Date } {
  const d = terminationDates(terminationDate, tz);
  let eraseAt = opts.eraseOn
    ? startOfDay(opts.eraseOn, tz)
    : startOfDay(addDays(d.dayOne, opts.delayDays), tz);
  if (eraseAt < d.stopAt) eraseAt = d.stopAt;
  if (eraseAt > d.deadline) eraseAt = d.deadline;
  const grace = startOfDay(addDays(d.dayOne, opts.graceDays), tz);
  return { eraseAt, graceUntil: grace < eraseAt ? grace : eraseAt };
}

/**
 * Day number of the erasure period at `now` (0 or less: not yet terminated; 1 = the day after the
 * termination date) and the whole days left after today until the deadline.
 */
export function erasureDay(
  terminationDate: string,
  now: Date,
  tz = getTimezone(),
): { day: number; daysLeft: number } {
  const day = daysBetween(terminationDate, zonedDate(now, tz));
  return { day, daysLeft: ERASURE_DAYS - day };
}
