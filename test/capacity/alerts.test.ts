import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { enqueue } from '../../src/jobs/queue.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { startSmtp } from '../support/smtp.ts';
import {
  addConnection,
  addMonthsSeries,
  addPort,
  createNet,
  setConnectionStatus,
  type NetFixture,
} from './support.ts';

const CONSOLE = 'https://console.pva.test';
let p: TestPlatform;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let worker: Worker;
let net: NetFixture;
let noc: TestPrincipal;
let security: TestPrincipal;
let disabled: TestPrincipal;
let runs = 0;

beforeAll(async () => {
  smtp = await startSmtp();
  p = await createTestPlatform({
    PVA_MGMT_URL: CONSOLE,
    PVA_SMTP_URL: smtp.url,
    PVA_SMTP_FROM: 'PVA <noc@pva.example>',
  });
  worker = startWorker({ database: p.db.database, config: p.config, autoStart: false });
  noc = await createStaffMember(p.db.database, { role: 'noc' });
  security = await createStaffMember(p.db.database, { role: 'security' });
  disabled = await createStaffMember(p.db.database, { role: 'noc' });
  await inTransaction(p.db.database, systemScope(), () =>
    db().updateTable('ops.staff').set({ status: 'disabled' }).where('id', '=', disabled.id).execute(),
  );
  net = await createNet(p.db.database, { oversubscription: 2, thresholdPct: 80 });
});
afterAll(async () => {
  await worker?.stop();
  await smtp?.close();
  await p?.close();
});

/** Runs the hourly check now (a slot of its own) and delivers the outbox over SMTP. */
async function runCheck(): Promise<void> {
  await inTransaction(p.db.database, systemScope(), () =>
    enqueue('capacity.alerts', {}, { singletonKey: `test-capacity-${++runs}` }),
  );
  await worker.tick();
}
const alertsOf = (portId: string) =>
  inTransaction(p.db.database, systemScope(), () =>
    db()
      .selectFrom('ops.capacity_alert')
      .selectAll()
      .where('port_id', '=', portId)
      .orderBy('crossed_at')
      .execute(),
  );
const mailsAbout = (portName: string) => smtp.mails.filter((m) => decode(m.raw).includes(portName));

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

describe(`capacity threshold alerts (${engineName})`, () => {
  it('emails active staff once when a port’s contracted sum crosses threshold % of its limit', async () => {
    const portId = await addPort(p.db.database, net, 1000, { name: 'xe-9/0/1' });
    const a = await addConnection(p.db.database, net, portId, 1000);
    await runCheck();
    expect(await alertsOf(portId)).toHaveLength(0); // 1,000 of 2,000: under 1,600

    const b = await addConnection(p.db.database, net, portId, 600, 'planned');
    await runCheck();
    const alerts = await alertsOf(portId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'contracted',
      value_mbps: 1600,
      threshold_mbps: 1600,
      cleared_at: null,
    });
    expect(alerts[0]!.notified_at).not.toBeNull();

    const mails = mailsAbout('xe-9/0/1');
    const to = mails.flatMap((m) => m.to);
    expect(to).toContain(noc.login);
    expect(to).toContain(security.login);
    expect(to).not.toContain(disabled.login);
    expect(new Set(to).size).toBe(to.length); // one message per person
    const text = decode(mails[0]!.raw);
    expect(text).toContain(`${net.hostname} xe-9/0/1`);
    expect(text).toContain('契約帯域合計 1,600 Mbit/s が閾値 1,600 Mbit/s');
    expect(text).toContain('Contracted total 1,600 Mbit/s reached the threshold of 1,600 Mbit/s');
    expect(text).toMatch(/検知日時: \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(JST\)/);
    expect(text).toContain(`${CONSOLE}/capacity?port=${portId}`);
    expect(mails[0]!.raw).toMatch(/Subject: =\?UTF-8\?/);

    // still over: no second alert, no second email
    const before = smtp.mails.length;
    await runCheck();
    expect(await alertsOf(portId)).toHaveLength(1);
    expect(mailsAbout('xe-9/0/1')).toHaveLength(mails.length);
    expect(smtp.mails.length).toBe(before);

    // back under: cleared, without an email
    await setConnectionStatus(p.db.database, b, 'disabled');
    await runCheck();
    const cleared = await alertsOf(portId);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]!.cleared_at).not.toBeNull();
    expect(smtp.mails.length).toBe(before);

    // crossing again raises a new alert and a new email
    await setConnectionStatus(p.db.database, b, 'active');
    await runCheck();
    const again = await alertsOf(portId);
    expect(again).toHaveLength(2);
    expect(again[1]!.cleared_at).toBeNull();
    expect(mailsAbout('xe-9/0/1').length).toBe(mails.length * 2);
    void a;

    const audit = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'actor_kind'])
        .where('target_id', '=', portId)
        .orderBy('seq')
        .execute(),
    );
    expect(audit.map((x) => x.action)).toEqual([
      'capacity.alert_raised',
      'capacity.alert_cleared',
      'capacity.alert_raised',
    ]);
    expect(audit.every((x) => x.actor_kind === 'system')).toBe(true);
  });

  it('keeps an alert open while the port hovers just under its threshold (hysteresis)', async () => {
    const portId = await addPort(p.db.database, net, 1000, { name: 'xe-9/0/3' });
    const a = await addConnection(p.db.database, net, portId, 1600); // threshold 1,600 of limit 2,000
    await runCheck();
    expect(await alertsOf(portId)).toHaveLength(1);
    const mails = mailsAbout('xe-9/0/3').length;

    // 1,540 is under 1,600 but within the 5 % margin (1,520): still open, nothing sent
    await inTransaction(p.db.database, systemScope(), () =>
      db().updateTable('customer.connection').set({ bandwidth_mbps: 1540 }).where('id', '=', a).execute(),
    );
    await runCheck();
    expect((await alertsOf(portId)).map((x) => x.cleared_at)).toEqual([null]);
    // back over: still the one alert, no new email
    await inTransaction(p.db.database, systemScope(), () =>
      db().updateTable('customer.connection').set({ bandwidth_mbps: 1610 }).where('id', '=', a).execute(),
    );
    await runCheck();
    expect(await alertsOf(portId)).toHaveLength(1);
    expect(mailsAbout('xe-9/0/3')).toHaveLength(mails);

    // 1,500 is below the margin: cleared
    await inTransaction(p.db.database, systemScope(), () =>
      db().updateTable('customer.connection').set({ bandwidth_mbps: 1500 }).where('id', '=', a).execute(),
    );
    await runCheck();
    expect((await alertsOf(portId))[0]!.cleared_at).not.toBeNull();
  });

  it('alerts when the measured 95th percentile of the last month reaches threshold % of capacity', async () => {
    const portId = await addPort(p.db.database, net, 1000, { name: 'xe-9/0/2' });
    await addMonthsSeries(p.db.database, portId, [600, 700, 790]);
    await runCheck();
    expect(await alertsOf(portId)).toHaveLength(0);
    await addMonthsSeries(p.db.database, portId, [600, 700, 820]);
    await runCheck();
    const alerts = await alertsOf(portId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'measured', value_mbps: 820, threshold_mbps: 800 });
    const text = decode(mailsAbout('xe-9/0/2')[0]!.raw);
    expect(text).toMatch(/\d{4}-\d{2} の 95 パーセンタイル 820 Mbit\/s が閾値 800 Mbit\/s/);

    // the API lists it as open, with JST times
    const { login } = await import('../support/auth.ts');
    const s = await login(p.mgmt, p.db.database, noc);
    const r = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/capacity/alerts?open=true&portId=${portId}`,
      headers: s.headers,
    });
    expect(r.statusCode).toBe(200);
    const list = r.json<{ kind: string; crossedAt: string; port: { id: string } }[]>();
    expect(list).toHaveLength(1);
    expect(list[0]!.crossedAt).toMatch(/\+09:00$/);
    const port = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/capacity/ports/${portId}`,
      headers: s.headers,
    });
    expect(port.json<{ openAlerts: string[] }>().openAlerts).toEqual(['measured']);
  });

  it('runs on its hourly schedule', async () => {
    await worker.tick(); // the scheduler has enqueued this hour's slot once, and it ran
    const slot = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('ops.job')
        .select(['singleton_key', 'status'])
        .where('name', '=', 'capacity.alerts')
        .where('singleton_key', 'like', 'capacity.alerts@%')
        .execute(),
    );
    expect(slot).toHaveLength(1);
    expect(slot[0]!.status).toBe('done');
  });
});
