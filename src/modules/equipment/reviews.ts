import { queueEmail } from '../../jobs/outbox.ts';
import { zonedDate } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { staffRecipients } from '../capacity/alert-repository.ts';
import { ALERT_ROLES } from '../capacity/alerts.ts';
import { markAlerted, newlyOverdue } from './supplier-repository.ts';

/**
 * Overdue supplier reviews (15.2.1 follow-up of 15.1.2/15.1.3): once a supplier's current next
 * review date has passed, staff who can see the register are emailed once; a new assessment sets
 * a new date, and passing that one alerts again. Runs in the ambient (system) transaction.
 */
export async function alertOverdueReviews(
  now = new Date(),
  consoleUrl: string | null = null,
): Promise<number> {
  const today = zonedDate(now);
  const due = await newlyOverdue(today);
  if (!due.length) return 0;
  const lines = due.map((s) => `- ${s.name}: ${s.next_review_on} (${s.rating ?? '-'})`);
  const link = consoleUrl ? [`${consoleUrl}/equipment/suppliers?overdue=1`] : [];
  const text = [
    '取引先のリスク評価の見直し期限を過ぎています（日付は日本時間）。',
    ...lines,
    ...link,
    '',
    'The risk review of these suppliers is overdue (dates in JST).',
    ...lines,
    ...link,
  ].join('\n');
  for (const r of await staffRecipients(ALERT_ROLES))
    await queueEmail({
      to: r.email,
      subject: `[PVA] 取引先レビュー期限超過 ${due.length} 件 / ${due.length} supplier review(s) overdue`,
      text,
    });
  for (const s of due) {
    await markAlerted(s.id, s.next_review_on!);
    await recordAudit({
      action: 'equipment.supplier_review_overdue',
      targetType: 'supplier',
      targetId: s.id,
      summary: { nextReviewOn: s.next_review_on, alertedOn: today },
    });
  }
  return due.length;
}
