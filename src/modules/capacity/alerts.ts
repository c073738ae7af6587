import type { Config } from '../../config.ts';
import type { AlertKind } from '../../db/schema-capacity.ts';
import type { StaffRole } from '../../db/schema.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { listenerUrl } from '../../lib/url.ts';
import { recordAudit } from '../audit/service.ts';
import { STAFF_ROLES } from '../identity/policy.ts';
import { clearAlerts, markNotified, openAlerts, raiseAlerts, staffRecipients } from './alert-repository.ts';
import { alertMail, type AlertMailItem } from './emails.ts';
import { clockAt, portViews, type PortView } from './view.ts';

/**
 * Threshold alerts (12.1.3): a port crosses its threshold when its contracted sum reaches the
 * class's threshold % of its oversubscription limit, or when its measured 95th percentile (current
 * or previous month) reaches threshold % of its capacity. One alert per crossing and kind; it
 * clears only once the port is back under by CLEAR_MARGIN (hysteresis: a port hovering at its
 * threshold does not alert again and again), and the next crossing raises a new one.
 */

/** An open alert clears below (1 − CLEAR_MARGIN) × threshold. */
export const CLEAR_MARGIN = 0.05;

let appConsole: (() => string) | null = null;
/** The management app of this process tells where it listens (known only once it does). */
export function setConsoleBase(base: () => string): void {
  appConsole = base;
}

/**
 * The console's address for the links in the emails: the configured PVA_MGMT_URL, else the
 * management listener of this process, else its configured address.
 */
export function consoleBase(config?: Pick<Config, 'mgmtUrl' | 'mgmt'>): string | null {
  if (config?.mgmtUrl) return config.mgmtUrl;
  if (appConsole) return appConsole();
  return config ? listenerUrl(config.mgmt.host, config.mgmt.port) : null;
}

interface Crossing {
  view: PortView;
  kind: AlertKind;
  valueMbps: number;
  thresholdMbps: number;
}

/** Which thresholds a port is over now (each threshold scaled by `factor`). */
export function crossings(v: PortView, factor = 1): Crossing[] {
  const out: Crossing[] = [];
  const contracted = v.row.contracted_mbps;
  if (contracted > 0 && contracted >= v.contractedThresholdMbps * factor)
    out.push({
      view: v,
      kind: 'contracted',
      valueMbps: contracted,
      thresholdMbps: v.contractedThresholdMbps,
    });
  if (v.measured && !v.measured.stale && v.measured.p95Mbps >= v.measuredThresholdMbps * factor)
    out.push({
      view: v,
      kind: 'measured',
      valueMbps: v.measured.p95Mbps,
      thresholdMbps: v.measuredThresholdMbps,
    });
  return out;
}

/** Staff who hold network.read (by role), the recipients of capacity alerts. */
export const ALERT_ROLES = (Object.keys(STAFF_ROLES) as StaffRole[]).filter((r) =>
  STAFF_ROLES[r].permissions.includes('network.read'),
);

export interface CheckResult {
  raised: number;
  cleared: number;
  emails: number;
}

/** One pass over every port, in the ambient (system) transaction. */
export async function checkAlerts(
  now = new Date(),
  base: string | null = consoleBase(),
): Promise<CheckResult> {
  const portUrl = (id: string): string | null =>
    base ? `${base}/capacity?port=${encodeURIComponent(id)}` : null;
  const views = await portViews({}, clockAt(now));
  const over = views.flatMap((v) => crossings(v));
  const open = await openAlerts();
  const openKey = new Set(open.map((a) => `${a.port_id}:${a.kind}`));
  // an open alert stays open while the port is within the margin below its threshold
  const stillHigh = new Set(
    views.flatMap((v) => crossings(v, 1 - CLEAR_MARGIN)).map((c) => `${c.view.row.id}:${c.kind}`),
  );

  const toClear = open.filter((a) => !stillHigh.has(`${a.port_id}:${a.kind}`));
  await clearAlerts(
    toClear.map((a) => a.id),
    now,
  );
  for (const a of toClear)
    await recordAudit({
      action: 'capacity.alert_cleared',
      targetType: 'port',
      targetId: a.port_id,
      summary: { alert: a.id, kind: a.kind },
    });

  const fresh = over.filter((c) => !openKey.has(`${c.view.row.id}:${c.kind}`));
  const raised = await raiseAlerts(
    fresh.map((c) => ({
      portId: c.view.row.id,
      kind: c.kind,
      valueMbps: c.valueMbps,
      thresholdMbps: c.thresholdMbps,
    })),
    now,
  );
  const byKey = new Map(fresh.map((c) => [`${c.view.row.id}:${c.kind}`, c]));
  const items: AlertMailItem[] = [];
  for (const a of raised) {
    const c = byKey.get(`${a.port_id}:${a.kind}`)!;
    const r = c.view.row;
    await recordAudit({
      action: 'capacity.alert_raised',
      targetType: 'port',
      targetId: r.id,
      summary: {
        alert: a.id,
        kind: a.kind,
        port: `${r.hostname} ${r.name}`,
        valueMbps: Math.round(c.valueMbps),
        thresholdMbps: Math.round(c.thresholdMbps),
      },
    });
    items.push({
      kind: a.kind,
      pop: r.pop_code,
      device: r.hostname,
      port: r.name,
      capacityMbps: r.capacity_mbps,
      thresholdPct: r.threshold_pct,
      valueMbps: c.valueMbps,
      thresholdMbps: c.thresholdMbps,
      limitMbps: c.view.limitMbps,
      month: c.view.measured?.month ?? null,
      crossedAt: a.crossed_at,
      url: portUrl(r.id),
    });
  }
  let emails = 0;
  if (items.length) {
    const mail = alertMail(items, base ? `${base}/capacity` : null);
    for (const s of await staffRecipients(ALERT_ROLES)) {
      await queueEmail({ to: s.email, subject: mail.subject, text: mail.text });
      emails++;
    }
    if (emails)
      await markNotified(
        raised.map((a) => a.id),
        now,
      );
  }
  return { raised: raised.length, cleared: toClear.length, emails };
}
