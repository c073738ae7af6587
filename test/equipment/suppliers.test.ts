import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { enqueue } from '../../src/jobs/queue.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { createNet, type NetFixture } from '../capacity/support.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { startSmtp } from '../support/smtp.ts';
import { caller, type Detail, type Problem } from './support.ts';

let p: TestPlatform;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let worker: Worker;
let nocP: TestPrincipal;
let noc: LoggedIn;
let security: LoggedIn;
let net: NetFixture;
let api: ReturnType<typeof caller>;
let runs = 0;

interface Supplier {
  id: string;
  name: string;
  rating: string | null;
  nextReviewOn: string | null;
  reviewState: string;
  pops: number;
  devices: number;
}
interface SupplierDetail {
  supplier: Supplier;
  popLinks: { code: string }[];
  deviceLinks: { hostname: string }[];
  assessments: {
    assessedOn: string;
    rating: string;
    nextReviewOn: string;
    assessedBy: { id: string } | null;
  }[];
  agreementList: { id: string; reference: string; endOn: string | null; securityClauses: string }[];
}

const day = (offset: number) => zonedDate(new Date(Date.now() + offset * 86_400_000));

beforeAll(async () => {
  smtp = await startSmtp();
  p = await createTestPlatform({ PVA_SMTP_URL: smtp.url, PVA_SMTP_FROM: 'PVA <noc@pva.example>' });
  worker = startWorker({ database: p.db.database, config: p.config, autoStart: false });
  api = caller(p);
  nocP = await createStaffMember(p.db.database, { role: 'noc' });
  noc = await login(p.mgmt, p.db.database, nocP);
  security = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
  net = await createNet(p.db.database);
});
afterAll(async () => {
  await worker?.stop();
  await smtp?.close();
  await p?.close();
});

/** Runs the daily job now (a slot of its own) and delivers the outbox over SMTP. */
async function runJob(): Promise<void> {
  await inTransaction(p.db.database, systemScope(), () =>
    enqueue('equipment.supplier_reviews', {}, { singletonKey: `test-reviews-${++runs}` }),
  );
  await worker.tick();
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

describe(`supplier register (${engineName})`, () => {
  it('records what a supplier supplies, who depends on it, assessments (history) and agreements', async () => {
    const name = `DC Tokyo ${randomUUID().slice(0, 6)}`;
    const s = await api.ok<SupplierDetail>(noc, 'POST', '/api/v1/equipment/suppliers', {
      name,
      category: 'data_centre',
      supplies: 'Colocation, power, cross-connects',
      popIds: [net.popId],
      deviceIds: [net.deviceId],
    });
    expect(s.supplier).toMatchObject({ name, pops: 1, devices: 1, reviewState: 'unassessed', rating: null });
    const id = s.supplier.id;
    await api.ok(noc, 'POST', `/api/v1/equipment/suppliers/${id}/assessments`, {
      assessedOn: day(-400),
      rating: 'medium',
      nextReviewOn: day(-35),
    });
    const second = await api.ok<SupplierDetail>(
      noc,
      'POST',
      `/api/v1/equipment/suppliers/${id}/assessments`,
      {
        assessedOn: day(-30),
        rating: 'low',
        nextReviewOn: day(335),
        notes: 'ISO 27001 certificate checked',
      },
    );
    expect(second.assessments.map((a) => a.rating)).toEqual(['low', 'medium']);
    expect(second.assessments[0]!.assessedBy?.id).toBe(nocP.id);
    expect(second.supplier).toMatchObject({ rating: 'low', reviewState: 'ok' });

    const withAgreement = await api.ok<SupplierDetail>(
      noc,
      'POST',
      `/api/v1/equipment/suppliers/${id}/agreements`,
      {
        reference: 'MSA-2024-017',
        startOn: '2024-04-01',
        securityClauses: 'Access logging, 24h incident notice, right to audit',
      },
    );
    const ag = withAgreement.agreementList[0]!;
    const updated = await api.ok<SupplierDetail>(
      noc,
      'PUT',
      `/api/v1/equipment/suppliers/${id}/agreements/${ag.id}`,
      {
        reference: 'MSA-2024-017',
        startOn: '2024-04-01',
        endOn: '2027-03-31',
        securityClauses: ag.securityClauses,
      },
    );
    expect(updated.agreementList[0]).toMatchObject({ endOn: '2027-03-31' });

    // the device's detail shows the suppliers it depends on
    const dev = await api.ok<Detail>(noc, 'GET', `/api/v1/equipment/devices/${net.deviceId}`);
    expect(dev.suppliers.map((x) => x.name)).toContain(name);

    const bad = await api.call(noc, 'POST', `/api/v1/equipment/suppliers/${id}/assessments`, {
      assessedOn: day(0),
      rating: 'low',
      nextReviewOn: day(-1),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.[0]?.field).toBe('/body/nextReviewOn');
    expect((await api.call(noc, 'GET', `/api/v1/equipment/suppliers/${randomUUID()}`)).statusCode).toBe(404);
    expect(
      (
        await api.call(noc, 'PUT', `/api/v1/equipment/suppliers/${randomUUID()}/agreements/${ag.id}`, {
          reference: 'x',
          startOn: '2024-01-01',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await api.call(security, 'POST', '/api/v1/equipment/suppliers', { name: 'x', category: 'service' }))
        .statusCode,
    ).toBe(403);
  });

  it('flags overdue reviews in the list and the dashboard, and alerts staff once per crossing', async () => {
    const name = `Carrier ${randomUUID().slice(0, 6)}`;
    const s = await api.ok<SupplierDetail>(noc, 'POST', '/api/v1/equipment/suppliers', {
      name,
      category: 'service',
      supplies: 'Backbone transit',
    });
    const before = (await api.ok<{ overdueReviews: number }>(noc, 'GET', '/api/v1/equipment/summary'))
      .overdueReviews;
    await api.ok(noc, 'POST', `/api/v1/equipment/suppliers/${s.supplier.id}/assessments`, {
      assessedOn: day(-380),
      rating: 'high',
      nextReviewOn: day(-15),
    });
    const overdue = await api.ok<Supplier[]>(noc, 'GET', '/api/v1/equipment/suppliers?overdue=true');
    expect(overdue.find((x) => x.id === s.supplier.id)).toMatchObject({ reviewState: 'overdue' });
    expect(overdue.every((x) => x.reviewState === 'overdue')).toBe(true);
    expect(
      (await api.ok<{ overdueReviews: number }>(noc, 'GET', '/api/v1/equipment/summary')).overdueReviews,
    ).toBe(before + 1);

    const mailsBefore = smtp.mails.length;
    await runJob();
    const fresh = smtp.mails.slice(mailsBefore).filter((m) => decode(m.raw).includes(name));
    expect(fresh.length).toBeGreaterThan(0);
    expect(decode(fresh[0]!.raw)).toContain(`${name}: ${day(-15)}`);
    expect(decode(fresh[0]!.raw)).toContain('見直し期限を過ぎています');
    const alerted = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('ops.supplier')
        .select(sql<string>`overdue_alerted_for::text`.as('overdue_alerted_for'))
        .where('id', '=', s.supplier.id)
        .executeTakeFirstOrThrow(),
    );
    expect(alerted.overdue_alerted_for).toBe(day(-15));
    // the same crossing does not alert again
    const afterFirst = smtp.mails.length;
    await runJob();
    expect(smtp.mails.length).toBe(afterFirst);
    // a new assessment whose review date has also passed is a new crossing
    await api.ok(noc, 'POST', `/api/v1/equipment/suppliers/${s.supplier.id}/assessments`, {
      assessedOn: day(-10),
      rating: 'high',
      nextReviewOn: day(-2),
    });
    await runJob();
    expect(smtp.mails.length).toBeGreaterThan(afterFirst);
  });
});
