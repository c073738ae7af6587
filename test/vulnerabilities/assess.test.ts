import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { startSmtp } from '../support/smtp.ts';
import { createDevices } from './support.ts';

const CONSOLE = 'https://console.pva.test';
const OSV = JSON.parse(
  readFileSync(new URL('./fixtures/osv-junos-eos.json', import.meta.url), 'utf8'),
) as object;

let p: TestPlatform;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let worker: Worker;
let secP: TestPrincipal;
let nocP: TestPrincipal;
let sec: LoggedIn;
let junos: string;
let eos: string;

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const post = (url: string, payload: object, lang = 'en') =>
  p.mgmt.inject({ method: 'POST', url, payload, headers: { ...sec.headers, 'accept-language': lang } });
const get = <T>(url: string) => p.mgmt.inject({ url, headers: sec.headers }).then((r) => r.json<T>());
interface Match {
  id: string;
  item: { id: string };
  state: string;
  dueDate: string;
  overdue: boolean;
  change: { id: string; number: string } | null;
  assessedBy: { name: string } | null;
}
interface Dashboard {
  open: { total: number; high: number; critical: number };
  overdue: number;
  trend: { day: string; high: number; critical: number }[];
  recentAdvisories: { externalId: string }[];
}

/** The text part of a received message (quoted-printable or base64, UTF-8). */
function decode(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head!))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head!)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

beforeAll(async () => {
  smtp = await startSmtp();
  p = await createTestPlatform({
    PVA_MGMT_URL: CONSOLE,
    PVA_SMTP_URL: smtp.url,
    PVA_VULN_SLA_DAYS: 'critical:3,high:20',
  });
  worker = startWorker({ database: p.db.database, config: p.config, autoStart: false });
  secP = await createStaffMember(p.db.database, { role: 'security' });
  nocP = await createStaffMember(p.db.database, { role: 'noc' });
  sec = await login(p.mgmt, p.db.database, secP);
  const ids = await createDevices(p.db.database, [
    { vendor: 'Juniper', model: 'MX204', os: 'Junos OS 22.4R3' },
    { vendor: 'Arista', model: '7280R3', os: 'EOS 4.28.2F' },
  ]);
  junos = ids[0]!;
  eos = ids[1]!;
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await smtp?.close();
  await p?.close();
});

describe(`assessments, due dates, dashboard and alerts (${engineName})`, () => {
  let matchId: string;

  it('gives each match a due date from the severity SLA and counts it as open', async () => {
    const r = await post('/api/v1/vulnerabilities/advisories/import', { document: OSV });
    expect(r.statusCode, r.body).toBe(201);
    const ms = await get<Match[]>(`/api/v1/vulnerabilities/matches?deviceId=${junos}`);
    expect(ms).toHaveLength(1);
    matchId = ms[0]!.id;
    const due = new Date(Date.now() + 20 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    expect(ms[0]).toMatchObject({ state: 'new', dueDate: due, overdue: false, change: null });
    const d = await get<Dashboard>('/api/v1/vulnerabilities/dashboard');
    expect(d.open).toMatchObject({ high: 2, total: 2 });
    expect(d.recentAdvisories[0]!.externalId).toBe('PVA-OSV-2026-0042');
  });

  it('requires a justification for not affected and mitigated, in the request language', async () => {
    const r = await post(
      `/api/v1/vulnerabilities/matches/${matchId}/assessments`,
      { state: 'not_affected' },
      'ja',
    );
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '/body/justification', message: '必須項目です。' }],
    });
    const blank = await post(`/api/v1/vulnerabilities/matches/${matchId}/assessments`, {
      state: 'mitigated',
      justification: '   ',
    });
    expect(blank.statusCode).toBe(400);
  });

  it('links a remediation change record only when it exists', async () => {
    const missing = await post(`/api/v1/vulnerabilities/matches/${matchId}/assessments`, {
      state: 'affected',
      changeId: '00000000-0000-4000-8000-000000000001',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'change_not_found' });
    const change = await sys(() =>
      db()
        .insertInto('ops.config_change')
        .values({
          number: `CHG-2026-${String(Date.now()).slice(-6)}`,
          kind: 'apply',
          title: 'Upgrade Junos to 22.4R3-S1',
        })
        .returning(['id', 'number'])
        .executeTakeFirstOrThrow(),
    );
    const ok = await post(`/api/v1/vulnerabilities/matches/${matchId}/assessments`, {
      state: 'mitigated',
      justification: 'BGP sessions limited to known peers; upgrade scheduled',
      changeId: change.id,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'mitigated', change: { id: change.id, number: change.number } });
    expect(ok.json<Match>().assessedBy?.name).toBeTruthy();
    const fixed = await post(`/api/v1/vulnerabilities/matches/${matchId}/assessments`, {
      state: 'fixed',
      justification: 'Upgraded',
    });
    expect(fixed.json()).toMatchObject({ state: 'fixed', change: { id: change.id } });
    const detail = await get<{
      history: { state: string; justification: string; change: { number: string } | null }[];
    }>(`/api/v1/vulnerabilities/matches/${matchId}`);
    expect(detail.history.map((h) => h.state)).toEqual(['mitigated', 'fixed']);
    expect(detail.history[0]!.change?.number).toBe(change.number);
    const audit = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['summary', 'actor_id', 'personal_ref'])
        .where('action', '=', 'vulnerabilities.assess')
        .where('target_id', '=', matchId)
        .orderBy('seq')
        .execute(),
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]!.summary).toMatchObject({
      state: { from: 'new', to: 'mitigated' },
      change: change.number,
      advisory: 'PVA-OSV-2026-0042',
    });
    expect(audit[0]!.actor_id).toBe(secP.id);
  });

  it('shows the assessment on the dashboard: fewer open exposures, today in the trend', async () => {
    const d = await get<Dashboard>('/api/v1/vulnerabilities/dashboard');
    expect(d.open).toMatchObject({ high: 1, total: 1 });
    expect(d.trend.at(-1)).toMatchObject({ high: 1 });
  });

  it('lists overdue items once their due date has passed', async () => {
    const [eosMatch] = await get<Match[]>(`/api/v1/vulnerabilities/matches?deviceId=${eos}`);
    await sys(() =>
      db()
        .updateTable('ops.vuln_match')
        .set({ due_date: '2026-01-05' })
        .where('id', '=', eosMatch!.id)
        .execute(),
    );
    const overdue = await get<Match[]>('/api/v1/vulnerabilities/matches?overdue=true');
    expect(overdue.map((m) => m.id)).toEqual([eosMatch!.id]);
    expect(overdue[0]!.overdue).toBe(true);
    expect((await get<Dashboard>('/api/v1/vulnerabilities/dashboard')).overdue).toBe(1);
  });

  it('alerts security and NOC staff once per advisory × item on a new critical match', async () => {
    const r = await post('/api/v1/vulnerabilities/advisories', {
      externalId: 'PVA-MANUAL-0001',
      title: 'EOS management API authentication bypass',
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      products: [{ vendor: 'Arista', product: 'EOS', range: 'vers:generic/>=4.28.0|<4.30.0' }],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ advisory: { severity: 'critical', cvssScore: 9.8 }, matched: 1 });
    await worker.tick();
    const mails = smtp.mails.filter((m) => decode(m.raw).includes('PVA-MANUAL-0001'));
    expect(mails.flatMap((m) => m.to).sort()).toEqual([nocP.login, secP.login].sort());
    const text = decode(mails[0]!.raw);
    expect(text).toContain('重大（CVSS 9.0 以上）');
    expect(text).toContain('A critical advisory (CVSS 9.0 or higher) matches this equipment.');
    expect(text).toContain(`${CONSOLE}/vulnerabilities?advisory=`);
    expect(text).toContain('4.28.2F');
    // the due date follows the critical SLA (3 days)
    const [m] = await get<Match[]>(`/api/v1/vulnerabilities/matches?deviceId=${eos}&open=true`).then((xs) =>
      xs.filter((x) => x.dueDate !== '2026-01-05'),
    );
    expect(m!.dueDate).toBe(new Date(Date.now() + 3 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10));
    // re-matching and re-entering do not alert again
    const before = smtp.mails.length;
    await post('/api/v1/vulnerabilities/rematch', {});
    await post('/api/v1/vulnerabilities/advisories', {
      externalId: 'PVA-MANUAL-0001',
      title: 'EOS management API authentication bypass (updated)',
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      products: [{ vendor: 'Arista', product: 'EOS', range: 'vers:generic/>=4.28.0|<4.30.0' }],
    });
    await worker.tick();
    expect(smtp.mails.length).toBe(before);
  });

  it('refuses a manual entry without versions or with a bad range', async () => {
    const r = await post('/api/v1/vulnerabilities/advisories', {
      externalId: 'PVA-MANUAL-0002',
      title: 'x',
      severity: 'low',
      products: [
        { vendor: 'Arista', product: 'EOS' },
        { vendor: 'Arista', product: 'EOS', range: 'vers:generic/' },
      ],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      '/body/products/0/range',
      '/body/products/1/range',
    ]);
  });
});
