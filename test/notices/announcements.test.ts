import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPort } from '../capacity/support.ts';
import { engineName } from '../support/db.ts';
import {
  auditOf,
  call,
  createHarness,
  customer,
  decode,
  inDays,
  mailsFor,
  PORTAL_URL as PORTAL,
  type Harness,
  type NoticeJson,
  type PortalNoticeJson,
} from './harness.ts';
import { createNoticeNet, setLabel, type NoticeNet } from './support.ts';

let h: Harness;
let n: NoticeNet;
beforeAll(async () => {
  h = await createHarness();
  n = await createNoticeNet(h.p.db.database);
}, 240_000);
afterAll(async () => h?.close());

const mgmt = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, lang: 'ja' | 'en' = 'en') =>
  call(h.p.mgmt, h.noc, method, url, payload, lang);

const draft = (target: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: 'maintenance',
  title: { ja: 'PE 機器のソフトウェア更新', en: 'PE software upgrade' },
  body: { ja: '作業中は最大 5 分間の通信断があります。', en: 'Expect up to 5 minutes of outage.' },
  windowStart: inDays(10, 2),
  windowEnd: inDays(10, 4),
  target,
  ...extra,
});

async function create(target: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const r = await mgmt('POST', '/api/v1/announcements', draft(target, extra));
  expect(r.statusCode, r.body).toBe(201);
  return r.json<NoticeJson>();
}
async function publish(id: string) {
  const r = await mgmt('POST', `/api/v1/announcements/${id}/publish`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<NoticeJson>();
}
const preview = async (target: Record<string, unknown>) => {
  const r = await mgmt('POST', '/api/v1/notices/preview', { target });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ tenant: { id: string }; services: { id: string; code: string }[] }[]>();
};
const tenantsOf = (list: { tenant: { id: string } }[]) => list.map((x) => x.tenant.id).sort();

describe(`announcements (${engineName})`, () => {
  it('maintenance on one PE reaches exactly the tenants with connections on it, on the portal and by email', async () => {
    const { t } = n;
    await setLabel(h.p.db.database, t.a.serviceIds[0]!, '大阪ラック');
    const admins = {
      a: await customer(h, t.a),
      b: await customer(h, t.b),
      c: await customer(h, t.c),
      d: await customer(h, t.d),
      e: await customer(h, t.e),
      f: await customer(h, t.f),
    };
    const operatorA = await customer(h, t.a, { role: 'operator' });

    const d = await create({ deviceIds: [n.pe1] });
    expect(d.status).toBe('draft');
    expect(d.number).toMatch(/^ANN-\d{4}-\d{6}$/);
    expect(d.windowStart).toMatch(/T02:00:00\+09:00$/);
    // the draft shows whom it would reach: a and b (f's connection there is disabled)
    expect(tenantsOf(d.affected!)).toEqual([t.a.id, t.b.id].sort());
    // a draft is nowhere on the portal
    expect((await call(h.p.portal, admins.a.s, 'GET', `/api/v1/notices/${d.id}`)).statusCode).toBe(404);

    const sent = h.smtp.mails.length;
    const pub = await publish(d.id);
    expect(pub.status).toBe('published');
    expect(tenantsOf(pub.recipients)).toEqual([t.a.id, t.b.id].sort());
    // b is listed with only its service on pe1, not its service on pe3
    expect(pub.recipients.find((r) => r.tenant.id === t.b.id)!.services.map((s) => s.id)).toEqual([
      t.b.serviceIds[0],
    ]);
    expect(pub.timeline.map((e) => [e.kind, e.emails])).toEqual([['published', 2]]);

    await h.worker.tick();
    const mails = mailsFor(h, d.number);
    expect(h.smtp.mails.length - sent).toBe(2);
    expect(mails.flatMap((m) => m.to).sort()).toEqual([admins.a.user.login, admins.b.user.login].sort());
    const textA = decode(mails.find((m) => m.to.includes(admins.a.user.login))!.raw);
    expect(textA).toContain(d.number);
    expect(textA).toContain('(JST)'); // times in JST
    expect(textA).toMatch(/02:00 \(JST\) – \d{4}-\d{2}-\d{2} 04:00 \(JST\)/);
    expect(textA).toContain('大阪ラック'); // the tenant's own label
    expect(textA).toContain(`${PORTAL}/notices?id=${d.id}`);
    expect(textA).not.toContain(t.b.code);

    // the portal: a and b see it with their own services; the others do not
    const seenA = (await call(h.p.portal, admins.a.s, 'GET', '/api/v1/notices')).json<PortalNoticeJson[]>();
    const itemA = seenA.find((x) => x.id === d.id)!;
    expect(itemA.services.map((s) => [s.id, s.label])).toEqual([[t.a.serviceIds[0], '大阪ラック']]);
    expect(itemA.services[0]!.code).toMatch(/^PVA/);
    expect(itemA.read).toBe(false);
    const seenOp = (await call(h.p.portal, operatorA.s, 'GET', '/api/v1/notices')).json<PortalNoticeJson[]>();
    expect(seenOp.some((x) => x.id === d.id)).toBe(true);
    expect(
      (await call(h.p.portal, admins.b.s, 'GET', '/api/v1/notices'))
        .json<PortalNoticeJson[]>()
        .map((x) => x.id),
    ).toContain(d.id);
    for (const other of [admins.c, admins.d, admins.e, admins.f]) {
      const list = (await call(h.p.portal, other.s, 'GET', '/api/v1/notices')).json<PortalNoticeJson[]>();
      expect(list.some((x) => x.id === d.id)).toBe(false);
      expect((await call(h.p.portal, other.s, 'GET', `/api/v1/notices/${d.id}`)).statusCode).toBe(404);
      expect(
        (await call(h.p.portal, other.s, 'POST', `/api/v1/notices/${d.id}/acknowledge`)).statusCode,
      ).toBe(404);
      expect((await call(h.p.portal, other.s, 'POST', `/api/v1/notices/${d.id}/read`)).statusCode).toBe(404);
    }

    // read state is per user; acknowledgement is the administrators', once per tenant, shown to staff
    const unread = async (s: typeof admins.a.s) =>
      (await call(h.p.portal, s, 'GET', '/api/v1/notices/unread-count')).json<{ unread: number }>().unread;
    expect(await unread(admins.a.s)).toBe(1);
    expect((await call(h.p.portal, operatorA.s, 'POST', `/api/v1/notices/${d.id}/read`)).statusCode).toBe(
      204,
    );
    expect(await unread(operatorA.s)).toBe(0);
    expect(await unread(admins.a.s)).toBe(1);
    expect(
      (await call(h.p.portal, operatorA.s, 'POST', `/api/v1/notices/${d.id}/acknowledge`)).statusCode,
    ).toBe(403);
    const ack = await call(h.p.portal, admins.a.s, 'POST', `/api/v1/notices/${d.id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json<PortalNoticeJson>().acknowledgement!.at).toMatch(/\+09:00$/);
    expect(ack.json<PortalNoticeJson>().read).toBe(true);
    expect(await unread(admins.a.s)).toBe(0);
    const staffView = (await mgmt('GET', `/api/v1/announcements/${d.id}`)).json<NoticeJson>();
    const recA = staffView.recipients.find((r) => r.tenant.id === t.a.id)!;
    expect(recA.acknowledgedBy!.id).toBe(admins.a.user.id);
    expect(recA.acknowledgedAt).toMatch(/\+09:00$/);
    expect(staffView.recipients.find((r) => r.tenant.id === t.b.id)!.acknowledgedAt).toBeNull();

    const actions = (await auditOf(h, d.id)).map((x) => x.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'announcement.create',
        'announcement.publish',
        'notice.read',
        'notice.acknowledge',
      ]),
    );
  });

  it('targets by PoP, port, service type and explicit tenants', async () => {
    const { t } = n;
    expect(tenantsOf(await preview({ popIds: [n.popX] }))).toEqual([t.a.id, t.b.id, t.c.id].sort());
    expect(tenantsOf(await preview({ popIds: [n.popY] }))).toEqual([t.b.id, t.d.id].sort());
    expect(tenantsOf(await preview({ portIds: [n.ports.p2] }))).toEqual([t.c.id]);
    expect(tenantsOf(await preview({ deviceIds: [n.pe3] }))).toEqual([t.b.id, t.d.id].sort());
    const byType = tenantsOf(await preview({ serviceTypes: ['option'] }));
    expect(byType).toContain(t.d.id);
    expect(byType).not.toContain(t.a.id);
    const explicit = await preview({ tenantIds: [t.e.id] });
    expect(tenantsOf(explicit)).toEqual([t.e.id]);
    expect(explicit[0]!.services.map((s) => s.id).sort()).toEqual([...t.e.serviceIds].sort());
    // a PoP and a port together: the union
    expect(tenantsOf(await preview({ popIds: [n.popY], portIds: [n.ports.p2] }))).toEqual(
      [t.b.id, t.c.id, t.d.id].sort(),
    );
  });

  it('refuses bad input with problem+json in ja and en', async () => {
    const empty = await mgmt('POST', '/api/v1/notices/preview', { target: {} }, 'ja');
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(
      empty.json<{ code: string; errors: { field: string; message: string }[] }>().errors[0]!.message,
    ).toMatch(/影響範囲/);
    const unknown = await mgmt('POST', '/api/v1/notices/preview', {
      target: { deviceIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('/body/target/deviceIds/0');
    const backwards = await mgmt(
      'POST',
      '/api/v1/announcements',
      draft({ deviceIds: [n.pe1] }, { windowEnd: inDays(9) }),
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<{ errors: { field: string; code: string }[] }>().errors[0]).toMatchObject({
      field: '/body/windowEnd',
      code: 'before_start',
    });
    const noWindow = await mgmt(
      'POST',
      '/api/v1/announcements',
      draft({ deviceIds: [n.pe1] }, { windowStart: null }),
    );
    expect(noWindow.statusCode).toBe(400);
    const blank = await mgmt(
      'POST',
      '/api/v1/announcements',
      draft({ deviceIds: [n.pe1] }, { title: { ja: ' ', en: 'x' } }),
    );
    expect(blank.statusCode).toBe(400);
    const badKind = await mgmt(
      'POST',
      '/api/v1/announcements',
      draft({ deviceIds: [n.pe1] }, { kind: 'party' }),
    );
    expect(badKind.statusCode).toBe(400);
    // a scope that reaches nobody cannot be published
    const lonely = await create({ portIds: [await addPort(h.p.db.database, n.net, 1000)] });
    const pub = await mgmt('POST', `/api/v1/announcements/${lonely.id}/publish`);
    expect(pub.statusCode).toBe(400);
    expect(pub.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('no_recipients');
    // missing and foreign ids are 404
    expect((await mgmt('GET', '/api/v1/announcements/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
  });

  it('edits: a draft freely; a published one re-notifies with a raised sequence; the scope is fixed; cancel is final', async () => {
    const { t } = n;
    const admin = await customer(h, t.c);
    const d = await create({ deviceIds: [n.pe2] });
    const e1 = await mgmt('PATCH', `/api/v1/announcements/${d.id}`, { title: { ja: '更新', en: 'Updated' } });
    expect(e1.statusCode, e1.body).toBe(200);
    expect(e1.json<NoticeJson>().sequence).toBe(0);
    await publish(d.id);
    await h.worker.tick();
    const mine = () => mailsFor(h, d.number).filter((m) => m.to.includes(admin.user.login));
    expect(mine()).toHaveLength(1);

    const scope = await mgmt('PATCH', `/api/v1/announcements/${d.id}`, { target: { deviceIds: [n.pe1] } });
    expect(scope.statusCode).toBe(400);
    const moved = await mgmt('PATCH', `/api/v1/announcements/${d.id}`, {
      windowStart: inDays(11, 1),
      windowEnd: inDays(11, 3),
      note: { ja: '作業日を変更しました。', en: 'The work moved by one day.' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const m = moved.json<NoticeJson>();
    expect(m.sequence).toBe(1);
    expect(m.timeline.map((x) => x.kind)).toEqual(['published', 'revised']);
    await h.worker.tick();
    const after = mine();
    expect(after).toHaveLength(2);
    expect(decode(after[1]!.raw)).toContain('The work moved by one day.');
    expect(decode(after[1]!.raw)).toMatch(/01:00 \(JST\)/);

    const cancelled = await mgmt('POST', `/api/v1/announcements/${d.id}/cancel`, {
      note: { ja: '中止します。', en: 'Called off.' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<NoticeJson>().sequence).toBe(2);
    const again = await mgmt('PATCH', `/api/v1/announcements/${d.id}`, { title: { ja: 'x', en: 'x' } });
    expect(again.statusCode).toBe(409);
    expect((await mgmt('POST', `/api/v1/announcements/${d.id}/publish`)).statusCode).toBe(409);
    const seen = (await call(h.p.portal, admin.s, 'GET', `/api/v1/notices/${d.id}`)).json<PortalNoticeJson>();
    expect(seen.status).toBe('cancelled');
    expect(seen.timeline!.map((x) => x.kind)).toEqual(['published', 'revised', 'cancelled']);
  });
});
