import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { sendDueReminders } from '../../src/modules/notices/reminders.ts';
import { engineName } from '../support/db.ts';
import {
  auditOf,
  call,
  createHarness,
  customer,
  decode,
  inDays,
  mailsFor,
  PORTAL_URL,
  type Harness,
  type NoticeJson,
  type PortalNoticeJson,
} from './harness.ts';
import { createNoticeNet, type NoticeNet } from './support.ts';

let h: Harness;
let n: NoticeNet;
beforeAll(async () => {
  h = await createHarness();
  n = await createNoticeNet(h.p.db.database);
}, 240_000);
afterAll(async () => h?.close());

const mgmt = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  call(h.p.mgmt, h.noc, method, url, payload);
const DAY = 86_400_000;

async function publishMaintenance(target: Record<string, unknown>, days = 10) {
  const r = await mgmt('POST', '/api/v1/announcements', {
    kind: 'maintenance',
    title: { ja: '東京 PoP 電源工事', en: 'Tokyo PoP power work' },
    body: { ja: '冗長構成のため影響は軽微です。', en: 'Redundant: little impact expected.' },
    windowStart: inDays(days, 2),
    windowEnd: inDays(days, 4),
    target,
  });
  expect(r.statusCode, r.body).toBe(201);
  const p = await mgmt('POST', `/api/v1/announcements/${r.json<NoticeJson>().id}/publish`);
  expect(p.statusCode, p.body).toBe(200);
  return p.json<NoticeJson>();
}

describe(`incidents (${engineName})`, () => {
  it('declares, updates and resolves: each step is on the timeline, on the portal and emailed', async () => {
    const a = await customer(h, n.t.c);
    const outsider = await customer(h, n.t.d);
    const declared = await mgmt('POST', '/api/v1/incidents', {
      severity: 'major',
      title: { ja: 'PE 障害', en: 'PE failure' },
      body: { ja: '通信断が発生しています。', en: 'Connections are down.' },
      target: { deviceIds: [n.pe2] },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    const inc = declared.json<NoticeJson>();
    expect(inc.number).toMatch(/^INC-\d{4}-\d{6}$/);
    expect(inc.status).toBe('investigating');
    expect(inc.recipients.map((r) => r.tenant.id)).toEqual([n.t.c.id]);
    // the outbox holds the email as soon as the declaration commits; the worker sends it
    await h.worker.tick();
    expect(mailsFor(h, inc.number).map((m) => m.to[0])).toEqual([a.user.login]);

    const upd = await mgmt('POST', `/api/v1/incidents/${inc.id}/updates`, {
      status: 'identified',
      text: { ja: 'ラインカードの故障と判明しました。', en: 'A failed line card was found.' },
    });
    expect(upd.statusCode, upd.body).toBe(200);
    await h.worker.tick();
    const mails = mailsFor(h, inc.number);
    expect(mails).toHaveLength(2);
    expect(decode(mails[1]!.raw)).toContain('A failed line card was found.');

    const res = await mgmt('POST', `/api/v1/incidents/${inc.id}/resolve`, {
      report: {
        cause: { ja: 'ラインカード故障', en: 'Line card failure' },
        actions: { ja: '交換しました', en: 'Replaced it' },
        prevention: { ja: '予備を各 PoP に配置', en: 'Spares at every PoP' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<NoticeJson>().timeline.map((e) => [e.kind, e.status, e.emails])).toEqual([
      ['declared', 'investigating', 1],
      ['update', 'identified', 1],
      ['resolved', 'resolved', 1],
    ]);
    await h.worker.tick();
    expect(decode(mailsFor(h, inc.number)[2]!.raw)).toContain('Spares at every PoP');
    // resolved is final
    const late = await mgmt('POST', `/api/v1/incidents/${inc.id}/updates`, {
      status: 'monitoring',
      text: { ja: 'x', en: 'x' },
    });
    expect(late.statusCode).toBe(409);

    // the customer sees the incident with its timeline and report; another tenant gets 404
    const seen = await call(h.p.portal, a.s, 'GET', `/api/v1/notices/${inc.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    const s = seen.json<PortalNoticeJson & { report: { cause: { en: string } } }>();
    expect(s.kind).toBe('incident');
    expect(s.timeline!.map((e) => e.status)).toEqual(['investigating', 'identified', 'resolved']);
    expect(s.report.cause.en).toBe('Line card failure');
    expect((await call(h.p.portal, outsider.s, 'GET', `/api/v1/notices/${inc.id}`)).statusCode).toBe(404);
    const list = (await call(h.p.portal, a.s, 'GET', '/api/v1/notices?type=incident')).json<
      PortalNoticeJson[]
    >();
    expect(list.map((x) => x.id)).toContain(inc.id);
    expect((await mgmt('GET', `/api/v1/announcements/${inc.id}`)).statusCode).toBe(404);
    expect((await auditOf(h, inc.id)).map((x) => x.action)).toEqual(
      expect.arrayContaining(['incident.declare', 'incident.update', 'incident.resolve']),
    );
  });

  it('refuses an incident without a scope, or one reaching nobody, with 400', async () => {
    const r = await mgmt('POST', '/api/v1/incidents', {
      severity: 'minor',
      title: { ja: 'x', en: 'x' },
      body: { ja: 'x', en: 'x' },
      target: {},
    });
    expect(r.statusCode).toBe(400);
    const bad = await mgmt('POST', '/api/v1/incidents', {
      severity: 'apocalyptic',
      title: { ja: 'x', en: 'x' },
      body: { ja: 'x', en: 'x' },
      target: { deviceIds: [n.pe2] },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe(`maintenance reminders (${engineName})`, () => {
  it('sends each reminder slot once: the nearest due one, never a slot that passed before publication', async () => {
    const admin = await customer(h, n.t.a);
    const a = await publishMaintenance({ portIds: [n.ports.p1a] }, 10);
    const start = new Date(a.windowStart!).getTime();
    const links = { portal: PORTAL_URL };
    const run = (at: number) =>
      inTransaction(h.p.db.database, systemScope(), () => sendDueReminders(new Date(at), [14, 7, 1], links));
    const reminders = () =>
      mailsFor(h, a.number).filter((m) =>
        decode(m.raw).includes('A reminder: the scheduled maintenance begins in'),
      );

    expect(await run(Date.now())).toBe(0); // 10 days ahead: the 14-day slot passed before publication
    const at7 = start - 7 * DAY + 60_000;
    const first = await run(at7);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await run(at7 + 3_600_000)).toBe(0); // the same slot again: nothing
    await h.worker.tick();
    expect(reminders().filter((m) => m.to.includes(admin.user.login))).toHaveLength(1);
    expect(decode(reminders()[0]!.raw)).toContain('begins in 7 days.');
    expect(await run(start - DAY + 60_000)).toBe(first);
    expect(await run(start - DAY + 120_000)).toBe(0);
    expect(await run(start + 60_000)).toBe(0); // the window has begun
    await h.worker.tick();
    expect(reminders().filter((m) => m.to.includes(admin.user.login))).toHaveLength(2);
    const slots = await inTransaction(h.p.db.database, systemScope(), () =>
      db()
        .selectFrom('ops.notice_reminder')
        .select(['slot', 'sent'])
        .where('notice_id', '=', a.id)
        .orderBy('slot')
        .execute(),
    );
    expect(slots.map((s) => [s.slot.split('@')[0], s.sent])).toEqual([
      ['1d', true],
      ['7d', true],
    ]);
  });
});

describe(`maintenance calendar feed (${engineName})`, () => {
  it('serves the window at the right instant for a valid token only; rotation and revocation turn the old URL off', async () => {
    const admin = await customer(h, n.t.d);
    const operator = await customer(h, n.t.d, { role: 'operator' });
    const other = await customer(h, n.t.c);
    const a = await publishMaintenance({ popIds: [n.popY] }, 20);

    expect((await call(h.p.portal, operator.s, 'POST', '/api/v1/notices/calendar-token')).statusCode).toBe(
      403,
    );
    const created = await call(h.p.portal, admin.s, 'POST', '/api/v1/notices/calendar-token');
    expect(created.statusCode, created.body).toBe(201);
    const { url, secret } = created.json<{ url: string; secret: string }>();
    expect(url).toBe(`${PORTAL_URL}/api/v1/notices/calendar/${secret}.ics`);
    const path = new URL(url).pathname;

    const feed = await call(h.p.portal, null, 'GET', path);
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const ics = feed.body.replace(/\r\n /g, '');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const start = new Date(a.windowStart!);
    const utc = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    expect(ics).toContain(`UID:${a.id}@pva-notices`);
    expect(ics).toContain(`DTSTART:${utc(start)}`); // 02:00 JST = 17:00Z the day before
    expect(utc(start)).toMatch(/T170000Z$/);
    expect(ics).toContain('SEQUENCE:0');
    expect(ics).toContain('STATUS:CONFIRMED');
    const tokyo = (await call(h.p.portal, null, 'GET', `${path}?tz=tokyo`)).body.replace(/\r\n /g, '');
    expect(tokyo).toMatch(/DTSTART;TZID=Asia\/Tokyo:\d{8}T020000/);
    expect(tokyo).toContain('BEGIN:VTIMEZONE');
    // another tenant's announcement is not in this feed
    const elsewhere = await publishMaintenance({ deviceIds: [n.pe2] }, 21);
    expect((await call(h.p.portal, null, 'GET', path)).body).not.toContain(elsewhere.id);

    // a change raises SEQUENCE; cancellation shows as STATUS:CANCELLED
    await mgmt('PATCH', `/api/v1/announcements/${a.id}`, { windowStart: inDays(20, 1) });
    await mgmt('POST', `/api/v1/announcements/${a.id}/cancel`, {});
    const after = (await call(h.p.portal, null, 'GET', path)).body.replace(/\r\n /g, '');
    expect(after).toContain('SEQUENCE:2');
    expect(after).toContain('STATUS:CANCELLED');

    // wrong, rotated and revoked tokens are 404; the other tenant's admin cannot revoke it
    expect(
      (await call(h.p.portal, null, 'GET', `/api/v1/notices/calendar/${'x'.repeat(43)}.ics`)).statusCode,
    ).toBe(404);
    expect((await call(h.p.portal, null, 'GET', '/api/v1/notices/calendar/short.ics')).statusCode).toBe(404);
    const rotated = await call(h.p.portal, admin.s, 'POST', '/api/v1/notices/calendar-token');
    expect((await call(h.p.portal, null, 'GET', path)).statusCode).toBe(404);
    const path2 = new URL(rotated.json<{ url: string }>().url).pathname;
    expect((await call(h.p.portal, null, 'GET', path2)).statusCode).toBe(200);
    expect((await call(h.p.portal, other.s, 'DELETE', '/api/v1/notices/calendar-token')).statusCode).toBe(
      404,
    );
    expect((await call(h.p.portal, other.s, 'GET', path2)).statusCode).toBe(200); // the URL alone is the credential
    const status = (await call(h.p.portal, admin.s, 'GET', '/api/v1/notices/calendar-token')).json<{
      token: { lastUsedAt: string | null } | null;
    }>();
    expect(status.token!.lastUsedAt).toMatch(/\+09:00$/);
    expect((await call(h.p.portal, admin.s, 'DELETE', '/api/v1/notices/calendar-token')).statusCode).toBe(
      204,
    );
    expect((await call(h.p.portal, null, 'GET', path2)).statusCode).toBe(404);
    // the token is stored hashed
    const stored = await inTransaction(h.p.db.database, systemScope(), () =>
      db()
        .selectFrom('customer.notice_feed_token')
        .select('token_hash')
        .where('tenant_id', '=', n.t.d.id)
        .execute(),
    );
    expect(stored.map((x) => x.token_hash)).not.toContain(secret);
  });
});

describe(`demo data (${engineName})`, () => {
  it('seeds a published maintenance announcement and a resolved incident once', async () => {
    const { seedNoticesDemo } = await import('../../src/modules/notices/demo.ts');
    const staff = await inTransaction(h.p.db.database, systemScope(), () =>
      db().selectFrom('ops.staff').select('id').limit(1).executeTakeFirstOrThrow(),
    );
    // the demo runs on an empty notice table: clear this test database's own notices first
    await inTransaction(h.p.db.database, systemScope(), () => db().deleteFrom('ops.notice').execute());
    const seeded = await inTransaction(h.p.db.database, systemScope(), () => seedNoticesDemo(staff.id));
    expect(seeded).toBe(2);
    expect(await inTransaction(h.p.db.database, systemScope(), () => seedNoticesDemo(staff.id))).toBe(0);
    const rows = await inTransaction(h.p.db.database, systemScope(), () =>
      db().selectFrom('ops.notice').select(['kind', 'status', 'window_start']).orderBy('kind').execute(),
    );
    expect(rows.map((r) => [r.kind, r.status])).toEqual([
      ['incident', 'resolved'],
      ['maintenance', 'published'],
    ]);
    expect(new Date(rows[1]!.window_start!).getTime()).toBeGreaterThan(Date.now());
  });
});
