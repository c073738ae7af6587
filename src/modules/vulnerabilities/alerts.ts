import type { StaffRole } from '../../db/schema.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { STAFF_ROLES } from '../identity/policy.ts';
import { markAlerted, staffIn, unalertedCritical } from './repository.ts';

/** Staff who assess advisories (vulnerabilities.manage: NOC, security, administrators) get the alerts. */
export const ALERT_ROLES = (Object.keys(STAFF_ROLES) as StaffRole[]).filter((r) =>
  STAFF_ROLES[r].permissions.includes('vulnerabilities.manage'),
);

type Row = Awaited<ReturnType<typeof unalertedCritical>>[number];

/** One email for every critical match not yet alerted: Japanese first, then English. */
export function criticalMail(rows: Row[], base: string | null): { subject: string; text: string } {
  const byAdvisory = new Map<string, Row[]>();
  for (const r of rows) byAdvisory.set(r.advisory_id, [...(byAdvisory.get(r.advisory_id) ?? []), r]);
  const first = rows[0]!;
  const n = byAdvisory.size;
  const lines = (lang: 'ja' | 'en'): string[] =>
    [...byAdvisory.values()].flatMap((list) => {
      const a = list[0]!;
      const url = base ? `${base}/vulnerabilities?advisory=${encodeURIComponent(a.advisory_id)}` : null;
      return [
        `- ${a.external_id}: ${a.title} (CVSS ${a.cvss_score ?? '-'})`,
        ...list.map(
          (r) =>
            `  ${r.label ?? r.item_kind} ${r.version_seen}${r.due_date ? (lang === 'ja' ? `（期限 ${r.due_date}）` : ` (due ${r.due_date})`) : ''}`,
        ),
        ...(url ? [lang === 'ja' ? `  詳細: ${url}` : `  Details: ${url}`] : []),
      ];
    });
  const more = n > 1 ? ` 他 ${n - 1} 件` : '';
  const moreEn = n > 1 ? ` and ${n - 1} more` : '';
  return {
    subject: `[PVA] 重大な脆弱性に該当する機器: ${first.external_id}${more} / Critical advisory matches equipment: ${first.external_id}${moreEn}`,
    text: [
      '重大（CVSS 9.0 以上）と評価された脆弱性情報に、次の設備が該当しました。影響を評価し、期限までに対処してください。',
      '',
      ...lines('ja'),
      '',
      'このメールは送信専用です。',
      '',
      '----',
      '',
      'A critical advisory (CVSS 9.0 or higher) matches this equipment. Assess the impact and remediate by the due date.',
      '',
      ...lines('en'),
      '',
      'This message was sent automatically.',
      '',
    ].join('\n'),
  };
}

/** Alerts staff once per advisory × item, in the ambient transaction (the outbox sends after commit). */
export async function sendCriticalAlerts(base: string | null, now: Date): Promise<number> {
  const rows = await unalertedCritical();
  if (rows.length === 0) return 0;
  const mail = criticalMail(rows, base);
  const recipients = await staffIn(ALERT_ROLES);
  for (const s of recipients) await queueEmail({ to: s.email, subject: mail.subject, text: mail.text });
  // marked even without recipients: an alert nobody could receive is not sent again later
  await markAlerted(
    rows.map((r) => r.id),
    now,
  );
  await recordAudit({
    action: 'vulnerabilities.alert_sent',
    targetType: 'vuln_advisory',
    targetId: rows[0]!.advisory_id,
    summary: {
      matches: rows.length,
      advisories: [...new Set(rows.map((r) => r.external_id))],
      recipients: recipients.length,
    },
  });
  return recipients.length;
}
