import { queueEmail } from '../../jobs/outbox.ts';
import { staffRecipients } from '../capacity/alert-repository.ts';
import { ALERT_ROLES } from '../capacity/alerts.ts';
import { customerMail, staffMail, type StateMail } from './emails.ts';
import {
  customerRecipients,
  insertEvent,
  serviceEmailedSince,
  type DueMonitor,
  type MonitorDetails,
  type RoundRow,
} from './repository.ts';
import type { MonitoringSettings } from './settings.ts';

export interface Links {
  /** the portal's base URL (monitoring screen links in customer emails) */
  portal: string | null;
  /** the console's base URL (links in provider alerts) */
  console: string | null;
}

/**
 * A state change becomes a monitoring event (shown in the portal) and, for down and its recovery,
 * an email to the tenant's operators and administrators and a provider alert to the NOC (staff
 * holding network.read). Flapping: at most one down email per service per window; a recovery
 * email follows exactly the outages that were emailed. Returns the monitor's new down_notified.
 */
export async function notifyChange(
  m: DueMonitor & MonitorDetails,
  row: RoundRow,
  at: Date,
  s: Pick<MonitoringSettings, 'emailWindowMs'>,
  links: Links,
): Promise<boolean> {
  if (m.state === 'unknown' && row.state === 'up') return false; // first good round: nothing to tell
  const detail = {
    target: m.target,
    lossPct: row.loss_pct,
    rttMedianMs: row.rtt_median_ms,
  };
  let email = false;
  if (row.state === 'down')
    email = !(await serviceEmailedSince(m.service_id, new Date(at.getTime() - s.emailWindowMs)));
  else if (row.state === 'up' && m.state === 'down') email = m.down_notified;
  await insertEvent({
    tenantId: m.tenant_id,
    monitorId: m.id,
    at,
    kind: row.state === 'unknown' ? 'degraded' : row.state,
    from: m.state,
    to: row.state,
    detail,
    emailed: email,
  });
  const notified = row.state === 'down' ? email : row.state === 'up' ? false : m.down_notified;
  if (!email) return notified;
  const mail: StateMail = {
    to: row.state === 'down' ? 'down' : 'up',
    serviceCode: m.service_code,
    connectionName: m.connection_name,
    target: m.target,
    at,
    since: row.state === 'up' ? m.state_since : null,
    lossPct: row.loss_pct,
    url: links.portal ? `${links.portal}/monitoring?monitor=${m.id}` : null,
  };
  const c = customerMail(mail);
  for (const to of await customerRecipients(m.tenant_id, m.service_id))
    await queueEmail({ to, subject: c.subject, text: c.text, tenantId: m.tenant_id });
  const st = staffMail({
    ...mail,
    tenantCode: m.tenant_code,
    url: links.console ? `${links.console}/monitoring?monitor=${m.id}` : null,
  });
  for (const r of await staffRecipients(ALERT_ROLES))
    await queueEmail({ to: r.email, subject: st.subject, text: st.text });
  return notified;
}
