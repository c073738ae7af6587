import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/types.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { pruneReports } from '../../src/modules/reports/jobs.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

interface Rep {
  id: string;
  number: string;
  status: string;
  category: string;
  createdAt: string;
  services: { code: string }[];
  attachments: { id: string; filename: string; available: boolean }[];
  timeline: { kind: string }[];
  tenantId?: string;
  assignedTo?: string | null;
}
interface Prob {
  code: string;
  title: string;
  errors: { field: string; code: string }[];
}
interface Mail {
  id: number;
  status: string;
  messageId: string | null;
}
interface MailList {
  counts: Record<string, number>;
  messages: Mail[];
}
type Policy = { kind: string; minimumDays: number | null }[];

let p: TestPlatform;
let admin: LoggedIn;
let noc: LoggedIn;
let nocId: string;
let security: LoggedIn;
beforeAll(async () => {
  p = await createTestPlatform({
    PVA_PORTAL_URL: 'https://portal.pva.test',
    PVA_REPORT_ATTACHMENT_MAX_BYTES: '2048',
    PVA_REPORT_ATTACHMENT_MAX_FILES: '2',
    PVA_INQUIRY_EMAIL: 'desk@provider.example',
  });
  admin = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'admin' }));
  const nocMember = await createStaffMember(p.db.database, { role: 'noc' });
  nocId = nocMember.id;
  noc = await login(p.mgmt, p.db.database, nocMember);
  security = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
});
afterAll(async () => p?.close());

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const call = (app: App, s: LoggedIn, method: 'GET' | 'POST', url: string, payload?: unknown, lang = 'en') =>
  app.inject({
    method,
    url,
    headers: { ...s.headers, 'accept-language': lang },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(40, 1),
]);

async function customer(t: TenantFixture, role: 'admin' | 'operator' | 'viewer' = 'admin', scope?: string[]) {
  const user = await createUser(p.db.database, t.id, { role, ...(scope ? { serviceScope: scope } : {}) });
  return { user, s: await login(p.portal, p.db.database, user) };
}
const serviceCode = (id: string) =>
  sys(() =>
    db().selectFrom('customer.service').select('code').where('id', '=', id).executeTakeFirstOrThrow(),
  ).then((r) => r.code);
const mailsTo = (addr: string) =>
  sys(() =>
    db()
      .selectFrom('ops.outbox')
      .select(['subject', 'body', 'tenant_id'])
      .where('recipient', '=', addr)
      .orderBy('id')
      .execute(),
  );

describe(`customer event reports (${engineName})`, () => {
  it('takes a report with a file, acknowledges it by email, and both sides follow its status', async () => {
    const t = await createTenant(p.db.database);
    const { user, s } = await customer(t, 'operator');
    const other = await customer(t, 'admin');
    const code = await serviceCode(t.serviceIds[0]!);
    const r = await call(p.portal, s, 'POST', '/api/v1/event-reports', {
      category: 'security_incident',
      title: 'Unknown logins on our router',
      description: 'At 09:10 JST we saw logins from an unknown address.',
      serviceCodes: [code.toLowerCase()],
      attachments: [
        {
          filename: 'auth.log',
          contentType: 'text/plain',
          contentBase64: b64('Nov 27 09:10 sshd: Accepted'),
        },
        { filename: 'screen.png', contentType: 'image/png', contentBase64: b64(PNG) },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const rep = r.json<Rep>();
    expect(rep).toMatchObject({ status: 'received', category: 'security_incident', services: [{ code }] });
    expect(rep.number).toMatch(/^ER-\d{4}-\d{6}$/);
    expect(rep.createdAt).toMatch(/\+09:00$/);
    expect(rep.attachments).toHaveLength(2);
    expect(rep.tenantId).toBeUndefined();

    // the file comes back as a download, never inline
    const file = await call(
      p.portal,
      s,
      'GET',
      `/api/v1/event-reports/${rep.id}/attachments/${rep.attachments[0]!.id}`,
    );
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="auth.log"/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.body).toBe('Nov 27 09:10 sshd: Accepted');

    // acknowledgement to the reporter and the tenant's administrators; the desk is told
    expect((await mailsTo(user.login))[0]!.subject).toContain(`事象報告 ${rep.number}: 受付`);
    expect(await mailsTo(other.user.login)).toHaveLength(1);
    const desk = await mailsTo('desk@provider.example');
    expect(desk.at(-1)!.subject).toContain(rep.number);
    expect(desk.at(-1)!.body).not.toContain('unknown address'); // the customer's text stays in PVA

    // staff: the queue, assignment, a comment, an internal note, status changes
    const q = await call(p.mgmt, noc, 'GET', `/api/v1/event-reports?status=received&tenantId=${t.id}`);
    expect(q.json<Rep[]>().map((x) => x.id)).toEqual([rep.id]);
    expect(
      (
        await call(p.mgmt, noc, 'POST', `/api/v1/event-reports/${rep.id}/assign`, { staffId: nocId })
      ).json<Rep>(),
    ).toMatchObject({ assignedTo: nocId });
    const mine = await call(p.mgmt, noc, 'GET', `/api/v1/event-reports?assignedTo=${nocId}`);
    expect(mine.json<Rep[]>().some((x) => x.id === rep.id)).toBe(true);
    await call(p.mgmt, noc, 'POST', `/api/v1/event-reports/${rep.id}/comments`, {
      body: 'Suspect a leaked key; rotating.',
      internal: true,
    });
    const st = await call(p.mgmt, security, 'POST', `/api/v1/event-reports/${rep.id}/status`, {
      status: 'investigating',
      comment: 'We are looking into the logins.',
    });
    expect(st.statusCode, st.body).toBe(200);
    expect(st.json<Rep>().timeline.map((e) => e.kind)).toEqual(['submitted', 'assigned', 'note', 'status']);

    // the customer sees the new status and the comment, not the internal note nor the assignment
    const seen = (await call(p.portal, s, 'GET', `/api/v1/event-reports/${rep.id}`)).json<Rep>();
    expect(seen.status).toBe('investigating');
    expect(seen.timeline.map((e) => e.kind)).toEqual(['submitted', 'status']);
    expect(JSON.stringify(seen)).not.toContain('leaked key');
    expect((await mailsTo(user.login)).at(-1)!.body).toContain('We are looking into the logins.');

    // transitions follow the rules
    const bad = await call(p.mgmt, noc, 'POST', `/api/v1/event-reports/${rep.id}/status`, {
      status: 'triaged',
    });
    expect(bad.statusCode).toBe(409);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    for (const status of ['resolved', 'closed'])
      expect(
        (await call(p.mgmt, noc, 'POST', `/api/v1/event-reports/${rep.id}/status`, { status })).statusCode,
      ).toBe(200);
    expect(
      (await call(p.portal, s, 'POST', `/api/v1/event-reports/${rep.id}/comments`, { body: 'more' }))
        .statusCode,
    ).toBe(409);

    // audited: each step, and every staff read
    const audit = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'target_id'])
        .where('target_id', '=', rep.id)
        .orderBy('seq')
        .execute(),
    );
    expect(audit.map((a) => a.action)).toEqual([
      'event_report.submit',
      'event_report.assign',
      'event_report.note',
      'event_report.status',
      'event_report.status',
      'event_report.status',
    ]);
    const reads = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select('action')
        .where('action', 'in', ['staff.read.listEventReports', 'staff.read.getEventReport'])
        .execute(),
    );
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad input with clean 4xx problems, and answers 404 for another tenant', async () => {
    const a = await createTenant(p.db.database);
    const b = await createTenant(p.db.database);
    const { s } = await customer(a);
    const { s: bs } = await customer(b);
    const viewer = await customer(a, 'viewer');
    const base = { category: 'outage', title: 'Down', description: 'The tunnel is down.' };
    const post = (body: unknown, who = s, lang = 'en') =>
      call(p.portal, who, 'POST', '/api/v1/event-reports', body, lang);

    const foreign = await post({ ...base, serviceCodes: [await serviceCode(b.serviceIds[0]!)] });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json<Prob>()).toMatchObject({
      code: 'unknown_service_code',
      errors: [{ field: '/body/serviceCodes/0' }],
    });
    const missing = await post({ ...base, serviceCodes: ['PVA99999999'] }, s, 'ja');
    expect(missing.statusCode).toBe(422);
    expect(missing.json<Prob>().title).toBe('指定されたサービスコードはご利用のサービスではありません。');

    const big = await post({
      ...base,
      attachments: [
        { filename: 'x.txt', contentType: 'text/plain', contentBase64: b64(Buffer.alloc(2049, 65)) },
      ],
    });
    expect(big.statusCode).toBe(413);
    expect(big.json<Prob>()).toMatchObject({ code: 'body_too_large' });
    const huge = await post({
      ...base,
      attachments: [{ filename: 'x.txt', contentType: 'text/plain', contentBase64: 'A'.repeat(400_000) }],
    });
    expect(huge.statusCode).toBe(413);
    const many = { filename: 'a.txt', contentType: 'text/plain', contentBase64: b64('a') };
    expect((await post({ ...base, attachments: [many, many, many] })).statusCode).toBe(413);
    const exe = await post({
      ...base,
      attachments: [{ filename: 'x.html', contentType: 'text/html', contentBase64: b64('<script>') }],
    });
    expect(exe.statusCode).toBe(400);
    expect(exe.json<Prob>().errors[0]).toMatchObject({
      field: '/body/attachments/0/contentType',
      code: 'content_type',
    });
    const fake = await post({
      ...base,
      attachments: [{ filename: 'x.pdf', contentType: 'application/pdf', contentBase64: b64('MZ....') }],
    });
    expect(fake.json<Prob>().errors[0]).toMatchObject({ code: 'content_mismatch' });
    const notB64 = await post({
      ...base,
      attachments: [{ filename: 'x.txt', contentType: 'text/plain', contentBase64: '@@@@' }],
    });
    expect(notB64.statusCode).toBe(400);
    expect((await post({ ...base, category: 'nonsense' })).statusCode).toBe(400);
    expect((await post({ ...base, title: '  ' })).statusCode).toBe(400);
    expect((await post(base, viewer.s)).statusCode).toBe(403);

    const ok = (await post(base)).json<Rep>();
    const gone = '00000000-0000-4000-8000-000000000000';
    for (const url of [
      `/api/v1/event-reports/${ok.id}`,
      `/api/v1/event-reports/${gone}`,
      `/api/v1/event-reports/${ok.id}/attachments/${gone}`,
    ]) {
      const r = await call(p.portal, bs, 'GET', url);
      expect(r.statusCode).toBe(404);
    }
    expect(
      (await call(p.portal, bs, 'POST', `/api/v1/event-reports/${ok.id}/comments`, { body: 'x' })).statusCode,
    ).toBe(404);
    expect((await call(p.portal, bs, 'GET', '/api/v1/event-reports')).json<Rep[]>()).toEqual([]);
    // a missing report is 404 on the console too
    expect(
      (await call(p.mgmt, admin, 'POST', `/api/v1/event-reports/${gone}/status`, { status: 'closed' }))
        .statusCode,
    ).toBe(404);
  });

  it('lets a user limited to some services see only their own reports', async () => {
    const t = await createTenant(p.db.database);
    const { s } = await customer(t, 'admin');
    const scoped = await customer(t, 'operator', [t.serviceIds[1]!]);
    const r1 = (
      await call(p.portal, s, 'POST', '/api/v1/event-reports', {
        category: 'other',
        title: 'a',
        description: 'a',
      })
    ).json<Rep>();
    const code0 = await serviceCode(t.serviceIds[0]!);
    const outOfScope = await call(p.portal, scoped.s, 'POST', '/api/v1/event-reports', {
      category: 'other',
      title: 'b',
      description: 'b',
      serviceCodes: [code0],
    });
    expect(outOfScope.statusCode).toBe(422);
    expect((await call(p.portal, scoped.s, 'GET', `/api/v1/event-reports/${r1.id}`)).statusCode).toBe(404);
    expect((await call(p.portal, s, 'GET', '/api/v1/event-reports')).json<Rep[]>()).toHaveLength(1);
  });

  it('shows staff the mail log, retries a failed message (audited), and shows and enforces retention', async () => {
    const t = await createTenant(p.db.database);
    await sys(async () => {
      await db()
        .insertInto('ops.outbox')
        .values({
          tenant_id: t.id,
          recipient: 'gone@customer.example',
          subject: 'retention test failed',
          body: 'x',
          status: 'failed',
          attempts: 1,
          locked_until: null,
          last_error: '550 no such user',
          sent_at: null,
          message_id: '<outbox-x.y@pva>',
          last_attempt_at: new Date(),
          failed_at: new Date(),
          failure: 'permanent',
        })
        .execute();
    });
    const list = await call(p.mgmt, noc, 'GET', '/api/v1/mail?status=failed&q=gone@customer');
    expect(list.statusCode, list.body).toBe(200);
    const m = list.json<MailList>().messages[0]!;
    expect(m).toMatchObject({
      status: 'failed',
      failure: 'permanent',
      lastError: '550 no such user',
      attempts: 1,
    });
    expect(list.json<MailList>().counts.failed).toBeGreaterThanOrEqual(1);
    expect((await call(p.mgmt, security, 'POST', `/api/v1/mail/${m.id}/retry`)).statusCode).toBe(403);
    const retried = await call(p.mgmt, noc, 'POST', `/api/v1/mail/${m.id}/retry`);
    expect(retried.json<Mail>()).toMatchObject({
      status: 'pending',
      messageId: '<outbox-x.y@pva>',
      failure: null,
    });
    expect((await call(p.mgmt, noc, 'POST', `/api/v1/mail/${m.id}/retry`)).statusCode).toBe(409);
    expect((await call(p.mgmt, noc, 'GET', '/api/v1/mail/999999999')).statusCode).toBe(404);
    const audited = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select('action')
        .where('action', 'in', ['mail.retry', 'staff.read.listMail'])
        .execute(),
    );
    expect(new Set(audited.map((a) => a.action))).toEqual(new Set(['mail.retry', 'staff.read.listMail']));

    const policy = (await call(p.mgmt, noc, 'GET', '/api/v1/retention')).json<Policy>();
    expect(policy.find((k) => k.kind === 'audit')).toMatchObject({ minimumDays: 548 });
    expect(policy.map((k) => k.kind)).toEqual(
      expect.arrayContaining([
        'mail',
        'event_report_attachments',
        'traffic_raw',
        'monitoring_rounds',
        'jobs',
      ]),
    );

    // the prune job: old sent mail goes; attachments of reports closed long ago lose their content
    const { s } = await customer(t);
    const rep = (
      await call(p.portal, s, 'POST', '/api/v1/event-reports', {
        category: 'other',
        title: 'old',
        description: 'old',
        attachments: [{ filename: 'a.txt', contentType: 'text/plain', contentBase64: b64('old data') }],
      })
    ).json<Rep>();
    await call(p.mgmt, noc, 'POST', `/api/v1/event-reports/${rep.id}/status`, { status: 'closed' });
    // the tenant's acknowledgement mail was delivered; the retried one is still queued
    await sys(() =>
      db()
        .updateTable('ops.outbox')
        .set({ status: 'sent', sent_at: new Date() })
        .where('tenant_id', '=', t.id)
        .where('status', '=', 'pending')
        .where('recipient', '!=', 'gone@customer.example')
        .execute(),
    );
    const later = new Date(Date.now() + 400 * 86_400_000);
    const pruned = await pruneReports(p.db.database, p.config.retention, later);
    expect(pruned.attachments).toBeGreaterThanOrEqual(1);
    expect(pruned.mail).toBeGreaterThanOrEqual(1);
    const left = await sys(() =>
      db().selectFrom('ops.outbox').select(['recipient', 'status']).where('tenant_id', '=', t.id).execute(),
    );
    expect(left).toEqual([{ recipient: 'gone@customer.example', status: 'pending' }]); // queued mail is never pruned
    const after = (await call(p.portal, s, 'GET', `/api/v1/event-reports/${rep.id}`)).json<Rep>();
    expect(after.attachments[0]).toMatchObject({ filename: 'a.txt', available: false });
    expect(after.timeline.at(-1)!.kind).toBe('attachments_purged');
    const dl = await call(
      p.portal,
      s,
      'GET',
      `/api/v1/event-reports/${rep.id}/attachments/${after.attachments[0]!.id}`,
    );
    expect(dl.statusCode).toBe(404);
  });
});
