import type { Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import type { PortalNoticeRow } from './portal-repository.ts';
import { listEvents, listRecipients, servicesById, type EventRow, type NoticeRow } from './repository.ts';
import type { NoticeDetail, NoticeOut, PortalNoticeOut } from './schema.ts';
import { computeAffected } from './targeting.ts';

const at = (d: Date | null): string | null => (d ? formatInstant(d) : null);

export function noticeOut(n: NoticeRow, createdByName: string | null = null): Static<typeof NoticeOut> {
  return {
    owner: 'provider',
    id: n.id,
    number: n.number,
    kind: n.kind,
    severity: n.severity,
    status: n.status,
    title: { ja: n.title_ja, en: n.title_en },
    body: { ja: n.body_ja, en: n.body_en },
    windowStart: at(n.window_start),
    windowEnd: at(n.window_end),
    target: n.target,
    sequence: n.sequence,
    report: n.report,
    createdBy: n.created_by ? { id: n.created_by, name: createdByName } : null,
    publishedAt: at(n.published_at),
    closedAt: at(n.closed_at),
    createdAt: formatInstant(n.created_at),
    updatedAt: formatInstant(n.updated_at),
  };
}

const eventText = (e: EventRow) => ({ ja: e.body_ja, en: e.body_en });

/** The staff view: timeline with names, whom it reached and who acknowledged, or whom a draft would reach. */
export async function staffDetail(n: NoticeRow): Promise<Static<typeof NoticeDetail>> {
  const events = await listEvents(n.id);
  const recipients = await listRecipients(n.id);
  const services = await servicesById(recipients.flatMap((r) => r.service_ids));
  const affected = n.status === 'draft' ? await computeAffected(n.target) : null;
  return {
    ...noticeOut(n),
    timeline: events.map((e) => ({
      at: formatInstant(e.at),
      kind: e.kind,
      status: e.status,
      text: eventText(e),
      staff: e.staff_id ? { id: e.staff_id, name: e.staff_name } : null,
      emails: e.emails,
    })),
    recipients: recipients.map((r) => ({
      tenant: { id: r.tenant_id, code: r.tenant_code, name: r.tenant_name },
      // staff see codes and types, not the labels customers wrote (principle 4)
      services: r.service_ids
        .map((id) => ({ id, s: services.get(id) }))
        .filter((x) => x.s !== undefined)
        .map((x) => ({ id: x.id, code: x.s!.code, type: x.s!.type }))
        .sort((a, b) => a.code.localeCompare(b.code)),
      notifiedAt: formatInstant(r.notified_at),
      acknowledgedAt: at(r.acknowledged_at),
      acknowledgedBy: r.acknowledged_at ? { id: r.acknowledged_by, name: r.acknowledged_by_name } : null,
    })),
    affected: affected
      ? affected.map((a) => ({
          tenant: { id: a.tenantId, code: a.tenantCode, name: a.tenantName },
          services: a.services,
        }))
      : null,
  };
}

/** The customer's view: their services with their labels (limited to the user's scope); staff anonymous. */
export function portalOut(
  n: PortalNoticeRow,
  services: Map<string, { code: string; label: string; type: string }>,
  scope: string[] | null,
): Static<typeof PortalNoticeOut> {
  return {
    owner: 'provider',
    id: n.id,
    number: n.number,
    kind: n.kind,
    severity: n.severity,
    status: n.status,
    title: { ja: n.title_ja, en: n.title_en },
    body: { ja: n.body_ja, en: n.body_en },
    windowStart: at(n.window_start),
    windowEnd: at(n.window_end),
    services: n.service_ids
      .filter((id) => !scope || scope.includes(id))
      .flatMap((id) => {
        const s = services.get(id);
        return s ? [{ id, code: s.code, label: s.label, type: s.type }] : [];
      })
      .sort((a, b) => a.code.localeCompare(b.code)),
    report: n.report,
    notifiedAt: formatInstant(n.notified_at),
    updatedAt: formatInstant(n.updated_at),
    read: n.read_at !== null,
    acknowledgement: n.acknowledged_at
      ? { at: formatInstant(n.acknowledged_at), by: n.acknowledged_by_name }
      : null,
  };
}

export function portalTimeline(events: EventRow[]) {
  return events.map((e) => ({ at: formatInstant(e.at), kind: e.kind, status: e.status, text: eventText(e) }));
}
