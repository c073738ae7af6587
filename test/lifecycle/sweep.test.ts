import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { addDays, startOfDay } from '../../src/modules/lifecycle/dates.ts';
import { lifecyclePass } from '../../src/modules/lifecycle/jobs.ts';
import { findTermination } from '../../src/modules/lifecycle/repository.ts';
import { requestTermination } from '../../src/modules/lifecycle/service.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { sys } from './support.ts';

let p: TestPlatform;
let staff: TestPrincipal;
let tenantId: string;
let id: string;
const date = zonedDate(new Date());

beforeAll(async () => {
  p = await createTestPlatform();
  staff = await createStaffMember(p.db.database, { role: 'security' });
  tenantId = (await createTenant(p.db.database)).id;
  await createUser(p.db.database, tenantId, { role: 'admin', login: `adm-${Date.now()}@customer.example` });
  const t = await sys(p.db.database, () =>
    requestTermination(p.config, { tenantId, terminationDate: date }, { kind: 'staff', id: staff.id }, 'en'),
  );
  id = t.id;
}, 120_000);
afterAll(() => p?.close());

const mailsTo = (to: string) =>
  sys(p.db.database, () =>
    db().selectFrom('ops.outbox').select(['subject', 'body']).where('recipient', '=', to).execute(),
  );

describe(`the lifecycle sweep (${engineName})`, () => {
  it('reminds before the date and stops the services once the JST day has ended', async () => {
    const t = (await sys(p.db.database, () => findTermination(id)))!;
    await lifecyclePass(p.db.database, p.config, new Date(t.stop_at.getTime() - 60_000));
    expect((await sys(p.db.database, () => findTermination(id)))!.status).toBe('confirmed');
    const r = await lifecyclePass(p.db.database, p.config, new Date(t.stop_at.getTime() + 60_000));
    expect(r.stopped).toBe(1);
    expect((await sys(p.db.database, () => findTermination(id)))!.status).toBe('stopped');
  });

  it('alerts staff from day 80, once a day, and enqueues the erasure when due', async () => {
    // the erasure scheduled for the last day, so the alert has something to warn about
    await sys(p.db.database, () =>
      db()
        .updateTable('ops.termination')
        .set({ erase_at: startOfDay(addDays(date, 90)) })
        .where('id', '=', id)
        .execute(),
    );
    const day79 = new Date(startOfDay(addDays(date, 79)).getTime() + 3_600_000);
    expect((await lifecyclePass(p.db.database, p.config, day79)).alerted).toBe(0);
    const day80 = new Date(startOfDay(addDays(date, 80)).getTime() + 3_600_000);
    expect((await lifecyclePass(p.db.database, p.config, day80)).alerted).toBe(1);
    expect(
      (await lifecyclePass(p.db.database, p.config, new Date(day80.getTime() + 3_600_000))).alerted,
    ).toBe(0);
    const day81 = new Date(day80.getTime() + 86_400_000);
    expect((await lifecyclePass(p.db.database, p.config, day81)).alerted).toBe(1);
    const mails = await mailsTo(staff.login);
    expect(mails.length).toBe(2);
    expect(mails[0]!.body).toContain('day 80');
    const due = await lifecyclePass(
      p.db.database,
      p.config,
      new Date(startOfDay(addDays(date, 90)).getTime() + 60_000),
    );
    expect(due.erasuresDue).toEqual([id]);
    const jobs = await sys(p.db.database, () =>
      db().selectFrom('ops.job').select('payload').where('name', '=', 'lifecycle.erase').execute(),
    );
    expect(jobs.length).toBe(1);
  });

  it('tells provider administrators of a customer request at once, and daily from a week before its date while unconfirmed', async () => {
    const admin = await createStaffMember(p.db.database, { role: 'admin' });
    const other = (await createTenant(p.db.database)).id;
    const customer = await createUser(p.db.database, other, { role: 'admin' });
    const onDate = addDays(date, 10);
    const t = await sys(p.db.database, () =>
      requestTermination(
        p.config,
        { tenantId: other, terminationDate: onDate },
        { kind: 'customer', id: customer.id },
        'ja',
      ),
    );
    const first = await mailsTo(admin.login);
    expect(first.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^\[PVA\] 解約の申し込みがあります \/ Termination requested: /),
    ]);
    expect(first[0]!.body).toContain(onDate);
    expect(first[0]!.body).toContain('/terminations');
    // the security officer does not confirm terminations and is not told
    expect((await mailsTo(staff.login)).some((m) => m.subject.includes('Termination requested'))).toBe(false);

    const at = (days: number) => new Date(startOfDay(addDays(date, days)).getTime() + 3_600_000);
    expect((await lifecyclePass(p.db.database, p.config, at(2))).unconfirmed).toBe(0); // 9 days before
    expect((await lifecyclePass(p.db.database, p.config, at(4))).unconfirmed).toBe(1); // within the week
    expect(
      (await lifecyclePass(p.db.database, p.config, new Date(at(4).getTime() + 3_600_000))).unconfirmed,
    ).toBe(0);
    expect((await lifecyclePass(p.db.database, p.config, at(12))).unconfirmed).toBe(1); // past the date
    // still requested: nothing stopped without a confirmation
    expect((await sys(p.db.database, () => findTermination(t.id)))!.status).toBe('requested');
    const daily = (await mailsTo(admin.login)).filter((m) => m.subject.includes('Unconfirmed'));
    expect(daily).toHaveLength(2);
    expect(daily[0]!.body).toContain(onDate);
  });
});
