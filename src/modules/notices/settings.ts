/** PVA_NOTICE_REMINDER_DAYS: days before a maintenance window on which reminders go out. */
export const DEFAULT_REMINDER_DAYS = [14, 7, 1];

/** "14,7,1" → [14, 7, 1] (descending, unique); "" or "none" → no reminders. Throws on a bad value. */
export function parseReminderDays(value: string | undefined): number[] {
  if (value === undefined) return DEFAULT_REMINDER_DAYS;
  if (value.trim() === 'none') return [];
  const days = value.split(',').map((s) => s.trim());
  for (const d of days)
    if (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 365)
      throw new Error(`expected comma-separated whole days 1 to 365 (e.g. 14,7,1) or none, got "${value}"`);
  return [...new Set(days.map(Number))].sort((a, b) => b - a);
}
