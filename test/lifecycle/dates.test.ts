import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/lib/time.ts';
import {
  addDays,
  endOfDay,
  erasureDay,
  erasureSchedule,
  isCalendarDate,
  startOfDay,
  terminationDates,
} from '../../src/modules/lifecycle/dates.ts';

describe('termination and erasure dates (JST days)', () => {
  it('2026-03-31 → day 1 is 2026-04-01, deadline the end of 2026-06-29 JST', () => {
    const d = terminationDates('2026-03-31', 'Asia/Tokyo');
    expect(d.dayOne).toBe('2026-04-01');
    expect(d.deadlineDate).toBe('2026-06-29');
    expect(formatInstant(d.stopAt, 'Asia/Tokyo')).toBe('2026-04-01T00:00:00+09:00');
    expect(formatInstant(d.deadline, 'Asia/Tokyo')).toBe('2026-06-30T00:00:00+09:00');
    expect(d.deadline.toISOString()).toBe('2026-06-29T15:00:00.000Z');
  });

  it.each([
    ['2026-01-31', '2026-05-01'], // across February of a common year
    ['2028-01-31', '2028-04-30'], // leap year: 29 February counts
    ['2027-12-31', '2028-03-30'], // across the year end into a leap February
    ['2028-02-29', '2028-05-29'], // terminating on the leap day
    ['2026-11-30', '2027-02-28'],
    ['2026-12-01', '2027-03-01'],
  ])('termination %s → deadline end of %s', (date, deadline) => {
    expect(terminationDates(date, 'Asia/Tokyo').deadlineDate).toBe(deadline);
  });

  it('counts days by the JST calendar, not UTC: 23:59 and 00:00 JST differ by a day', () => {
    // 2026-04-01 00:30 JST is still 2026-03-31 in UTC: it is day 1 nonetheless
    expect(erasureDay('2026-03-31', new Date('2026-03-31T15:30:00Z'), 'Asia/Tokyo')).toEqual({
      day: 1,
      daysLeft: 89,
    });
    // 2026-03-31 23:59 JST (14:59 UTC): still the termination date (day 0)
    expect(erasureDay('2026-03-31', new Date('2026-03-31T14:59:00Z'), 'Asia/Tokyo').day).toBe(0);
    // the last minute of day 90 and the first of day 91
    expect(erasureDay('2026-03-31', new Date('2026-06-29T14:59:00Z'), 'Asia/Tokyo')).toEqual({
      day: 90,
      daysLeft: 0,
    });
    expect(erasureDay('2026-03-31', new Date('2026-06-29T15:00:00Z'), 'Asia/Tokyo').day).toBe(91);
    // the stop instant: the end of the termination date in JST is 15:00 UTC the same date
    expect(endOfDay('2026-03-31', 'Asia/Tokyo').toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(startOfDay('2026-01-01', 'Asia/Tokyo').toISOString()).toBe('2025-12-31T15:00:00.000Z');
  });

  it('schedules the erasure and the export grace within the deadline', () => {
    const s = erasureSchedule('2026-03-31', { delayDays: 30, graceDays: 14 }, 'Asia/Tokyo');
    expect(formatInstant(s.eraseAt, 'Asia/Tokyo')).toBe('2026-05-01T00:00:00+09:00');
    expect(formatInstant(s.graceUntil, 'Asia/Tokyo')).toBe('2026-04-15T00:00:00+09:00');
    // an earlier erasure configured by staff cuts the grace short
    const early = erasureSchedule(
      '2026-03-31',
      { delayDays: 30, graceDays: 14, eraseOn: '2026-04-05' },
      'Asia/Tokyo',
    );
    expect(formatInstant(early.eraseAt, 'Asia/Tokyo')).toBe('2026-04-05T00:00:00+09:00');
    expect(early.graceUntil).toEqual(early.eraseAt);
    // never past the deadline
    const late = erasureSchedule(
      '2026-03-31',
      { delayDays: 89, graceDays: 90, eraseOn: '2026-12-01' },
      'Asia/Tokyo',
    );
    expect(late.eraseAt.toISOString()).toBe('2026-06-29T15:00:00.000Z');
    expect(late.graceUntil <= late.eraseAt).toBe(true);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-4-1')).toBe(false);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
