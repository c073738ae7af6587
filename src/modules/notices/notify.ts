import { queueEmail } from '../../jobs/outbox.ts';
import { noticeMail, type MailOccasion } from './emails.ts';
import { listRecipients, operationsManagers, servicesById, type NoticeRow } from './repository.ts';

/** Base URL of the customer portal for the links in the emails. */
export interface Links {
  portal: string;
}

/**
 * Queues the email of one step to the operations managers of every tenant the notice reached,
 * in the caller's transaction (nothing is sent unless the step commits). Each tenant's email
 * lists only its own services, with its own labels. Returns how many emails were queued.
 */
export async function notifyRecipients(n: NoticeRow, occasion: MailOccasion, links: Links): Promise<number> {
  const recipients = await listRecipients(n.id);
  const services = await servicesById(recipients.flatMap((r) => r.service_ids));
  const url = `${links.portal.replace(/\/+$/, '')}/notices?id=${n.id}`;
  let count = 0;
  for (const r of recipients) {
    const to = await operationsManagers(r.tenant_id, r.service_ids);
    if (!to.length) continue;
    const mail = noticeMail({
      occasion,
      number: n.number,
      kind: n.kind,
      severity: n.severity,
      status: n.status,
      title: { ja: n.title_ja, en: n.title_en },
      body: { ja: n.body_ja, en: n.body_en },
      windowStart: n.window_start,
      windowEnd: n.window_end,
      services: r.service_ids
        .map((id) => services.get(id))
        .filter((s) => s !== undefined)
        .sort((a, b) => a.code.localeCompare(b.code)),
      url,
    });
    for (const address of to) {
      await queueEmail({ to: address, subject: mail.subject, text: mail.text, tenantId: r.tenant_id });
      count++;
    }
  }
  return count;
}
