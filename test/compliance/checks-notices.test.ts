import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { check, db, sys } from './support.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const hex = () => randomBytes(4).toString('hex');
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const target = JSON.stringify({ popIds: [], deviceIds: [], portIds: [], serviceTypes: [], tenantIds: [] });

async function notice(v: {
  kind: 'maintenance' | 'incident';
  status: 'published' | 'investigating' | 'resolved';
  publishedAt: Date;
  windowStart?: Date;
  report?: boolean;
}): Promise<string> {
  return sys(t.database, async () => {
    const row = await db()
      .insertInto('ops.notice')
      .values({
        number: `N-${hex()}`,
        kind: v.kind,
        severity: v.kind === 'incident' ? 'major' : null,
        status: v.status,
        title_ja: `お知らせ ${hex()}`,
        title_en: 'Notice',
        body_ja: '本文',
        body_en: 'Body',
        window_start: v.windowStart ?? null,
        window_end: v.windowStart ? new Date(v.windowStart.getTime() + 2 * HOUR) : null,
        target,
        report: v.report
          ? JSON.stringify({
              cause: { ja: '原因', en: 'Cause' },
              actions: { ja: '対応', en: 'Actions' },
              prevention: { ja: '再発防止', en: 'Prevention' },
            })
          : null,
        created_by: null,
        published_by: null,
        published_at: v.publishedAt,
        closed_at: v.status === 'resolved' ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

async function eventReport(tenantId: string, hoursAgo: number): Promise<string> {
  return sys(t.database, async () => {
    const row = await db()
      .insertInto('customer.event_report')
      .values({
        tenant_id: tenantId,
        number: `R-${hex()}`,
        category: 'security_incident',
        title: '不審な通信',
        description: '詳細',
        reported_by: null,
        assigned_to: null,
        created_at: new Date(Date.now() - hoursAgo * HOUR),
        closed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

const setStatus = (id: string, status: 'triaged') =>
  sys(t.database, () =>
    db().updateTable('customer.event_report').set({ status }).where('id', '=', id).execute(),
  );

describe('notices.lead-time (12.1.2)', () => {
  it('passes for maintenance announced days ahead, warns on short notice, fails when announced after the start', async () => {
    const now = Date.now();
    await notice({
      kind: 'maintenance',
      status: 'published',
      publishedAt: new Date(now - DAY),
      windowStart: new Date(now + 10 * DAY),
    });
    let r = await check(t.database, 'notices.lead-time');
    expect(r.status).toBe('pass');
    expect(r.figures).toMatchObject({ announcements: 1, shortNotice: 0, publishedAfterStart: 0 });

    const short = await notice({
      kind: 'maintenance',
      status: 'published',
      publishedAt: new Date(now),
      windowStart: new Date(now + DAY),
    });
    r = await check(t.database, 'notices.lead-time');
    expect(r.status).toBe('warn');
    expect(r.figures).toMatchObject({ shortNotice: 1, shortestLeadDays: 1 });
    expect(r.objects.map((o) => o.id)).toEqual([short]);

    await notice({
      kind: 'maintenance',
      status: 'published',
      publishedAt: new Date(now - DAY),
      windowStart: new Date(now - 2 * DAY),
    });
    r = await check(t.database, 'notices.lead-time');
    expect(r.status).toBe('fail');
    expect(r.figures).toMatchObject({ announcements: 3, shortNotice: 1, publishedAfterStart: 1 });
    expect(r.summary.en).toContain('after the window started: 1');
  });
});

describe('incidents.reporting (16.1.1, 16.1.2)', () => {
  it('passes when incidents are updated and reports acknowledged, warns on silence, fails on a report left for days or a resolution without a report', async () => {
    const tenant = await createTenant(t.database, { services: 1 });
    await notice({ kind: 'incident', status: 'investigating', publishedAt: new Date(Date.now() - HOUR) });
    await notice({
      kind: 'incident',
      status: 'resolved',
      publishedAt: new Date(Date.now() - 5 * DAY),
      report: true,
    });
    const fresh = await eventReport(tenant.id, 2);
    let r = await check(t.database, 'incidents.reporting');
    expect(r.status).toBe('pass');
    expect(r.figures).toMatchObject({ incidents: 2, staleIncidents: 0, reportsUnacknowledged: 0 });

    // an open incident nobody has updated for a day, and a report waiting 30 hours
    const silent = await notice({
      kind: 'incident',
      status: 'investigating',
      publishedAt: new Date(Date.now() - 30 * HOUR),
    });
    const waiting = await eventReport(tenant.id, 30);
    r = await check(t.database, 'incidents.reporting');
    expect(r.status).toBe('warn');
    expect(r.figures).toMatchObject({
      staleIncidents: 1,
      reportsUnacknowledged: 1,
      reportsUnacknowledgedOver72h: 0,
    });
    expect(r.objects.map((o) => o.id).sort()).toEqual([silent, waiting].sort());
    expect(r.objects.map((o) => o.id)).not.toContain(fresh);

    // acknowledged: no longer counted
    await setStatus(waiting, 'triaged');
    r = await check(t.database, 'incidents.reporting');
    expect(r.figures).toMatchObject({ reportsUnacknowledged: 0 });

    await eventReport(tenant.id, 80);
    r = await check(t.database, 'incidents.reporting');
    expect(r.status).toBe('fail');
    expect(r.figures).toMatchObject({ reportsUnacknowledgedOver72h: 1 });
    await sys(t.database, () =>
      db()
        .updateTable('customer.event_report')
        .set({ status: 'triaged' })
        .where('tenant_id', '=', tenant.id)
        .execute(),
    );
    await sys(t.database, () =>
      db()
        .updateTable('ops.notice')
        .set({
          status: 'resolved',
          report: JSON.stringify({
            cause: { ja: 'a', en: 'a' },
            actions: { ja: 'a', en: 'a' },
            prevention: { ja: 'a', en: 'a' },
          }),
        })
        .where('id', '=', silent)
        .execute(),
    );
    expect((await check(t.database, 'incidents.reporting')).status).toBe('pass');

    const bare = await notice({
      kind: 'incident',
      status: 'resolved',
      publishedAt: new Date(Date.now() - DAY),
    });
    r = await check(t.database, 'incidents.reporting');
    expect(r.status).toBe('fail');
    expect(r.figures).toMatchObject({ resolvedWithoutReport: 1 });
    expect(r.objects.map((o) => o.id)).toEqual([bare]);
  });
});
