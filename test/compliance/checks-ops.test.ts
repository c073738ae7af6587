import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedDate } from '../../src/lib/time.ts';
import { addDays, terminationDates } from '../../src/modules/lifecycle/dates.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { createStaffMember } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';
import { addPort, createNet } from '../capacity/support.ts';
import { createDevices } from '../vulnerabilities/support.ts';
import { check, db, sys } from './support.ts';

const DAY = 86_400_000;
const hex = () => randomBytes(4).toString('hex');
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

/** A terminated tenant whose termination date was `daysAgo` JST days ago; erased `erasedAfterDays` after the stop. */
async function terminated(daysAgo: number, erasedAfterDays: number | null) {
  const tenant = await createTenant(t.database, { services: 1 });
  const date = addDays(zonedDate(new Date()), -daysAgo);
  const d = terminationDates(date);
  await sys(t.database, () =>
    db()
      .insertInto('ops.termination')
      .values({
        tenant_id: tenant.id,
        termination_date: date,
        status: erasedAfterDays === null ? 'stopped' : 'erased',
        requested_by_kind: 'customer',
        stop_at: d.stopAt,
        deadline: d.deadline,
        erase_at: d.deadline,
        grace_until: d.stopAt,
        completed_at: erasedAfterDays === null ? null : new Date(d.stopAt.getTime() + erasedAfterDays * DAY),
      })
      .execute(),
  );
  return tenant;
}

describe('lifecycle.erasure (CLD.8.1.5)', () => {
  it('passes when erased in time, warns from day 80, fails past the deadline', async () => {
    expect((await check(t.database, 'lifecycle.erasure')).status).toBe('pass'); // nothing terminated yet
    await terminated(120, 30);
    await terminated(10, null);
    let r = await check(t.database, 'lifecycle.erasure');
    expect(r.status).toBe('pass');
    expect(r.figures).toMatchObject({ erased: 1, longestDaysToErasure: 30, awaiting: 1, pastDay80: 0 });
    const late = await terminated(82, null);
    r = await check(t.database, 'lifecycle.erasure');
    expect(r.status).toBe('warn');
    expect(r.figures.pastDay80).toBe(1);
    expect(r.objects.map((o) => o.id)).toEqual([late.id]);
    const over = await terminated(95, null);
    r = await check(t.database, 'lifecycle.erasure');
    expect(r.status).toBe('fail');
    expect(r.figures.pastDeadline).toBe(1);
    expect(r.objects[0]!.id).toBe(over.id);
  });
});

describe('capacity.augmentation (CLD.13.1.4, 12.1.3)', () => {
  it('passes with a plan, warns for a fresh unplanned crossing, fails after 7 days without a plan', async () => {
    const net = await createNet(t.database);
    const p1 = await addPort(t.database, net, 1000);
    const p2 = await addPort(t.database, net, 1000);
    const alert = (portId: string, daysAgo: number) =>
      sys(t.database, () =>
        db()
          .insertInto('ops.capacity_alert')
          .values({
            port_id: portId,
            kind: 'contracted',
            value_mbps: 900,
            threshold_mbps: 800,
            crossed_at: new Date(Date.now() - daysAgo * DAY),
          })
          .execute(),
      );
    expect((await check(t.database, 'capacity.augmentation')).status).toBe('pass');
    await alert(p1, 20);
    await sys(t.database, () =>
      db()
        .insertInto('ops.augmentation_plan')
        .values({ port_id: p1, reason: 'over threshold', target_date: '2027-01-31' })
        .execute(),
    );
    let r = await check(t.database, 'capacity.augmentation');
    expect(r.status).toBe('pass');
    expect(r.figures).toMatchObject({ portsOverThreshold: 1, withoutPlan: 0 });
    await alert(p2, 2);
    r = await check(t.database, 'capacity.augmentation');
    expect(r.status).toBe('warn');
    expect(r.objects.map((o) => o.id)).toEqual([p2]);
    await sys(t.database, () =>
      db()
        .updateTable('ops.capacity_alert')
        .set({ crossed_at: new Date(Date.now() - 8 * DAY) })
        .where('port_id', '=', p2)
        .execute(),
    );
    r = await check(t.database, 'capacity.augmentation');
    expect(r.status).toBe('fail');
    expect(r.figures.withoutPlan7Days).toBe(1);
  });
});

describe('vulnerabilities.overdue (12.6.1)', () => {
  it('passes when nothing open is past due, warns for high, fails for critical', async () => {
    const [dev] = await createDevices(t.database, [
      { vendor: 'Juniper', model: 'MX204', os: '21.4R3', status: 'active' },
    ]);
    const today = zonedDate(new Date());
    const exposure = (severity: 'critical' | 'high', due: string, state: 'new' | 'fixed' = 'new') =>
      sys(t.database, async () => {
        const a = await db()
          .insertInto('ops.vuln_advisory')
          .values({
            source: 'manual',
            external_id: `ADV-${hex()}`,
            revision: '1',
            title: 't',
            severity,
            cves: '[]',
            products: '[]',
            remediations: '[]',
            refs: '[]',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db()
          .insertInto('ops.vuln_match')
          .values({
            advisory_id: a.id,
            item_kind: 'device',
            item_id: dev!,
            device_id: dev!,
            verdict: 'affected',
            state,
            due_date: due,
          })
          .execute();
      });
    await exposure('critical', addDays(today, 3));
    await exposure('critical', addDays(today, -3), 'fixed');
    expect((await check(t.database, 'vulnerabilities.overdue')).status).toBe('pass');
    await exposure('high', addDays(today, -1));
    let r = await check(t.database, 'vulnerabilities.overdue');
    expect(r.status).toBe('warn');
    expect(r.figures).toMatchObject({ pastDue: 1, criticalPastDue: 0 });
    await exposure('critical', addDays(today, -1));
    r = await check(t.database, 'vulnerabilities.overdue');
    expect(r.status).toBe('fail');
    expect(r.figures).toMatchObject({ pastDue: 2, criticalPastDue: 1 });
  });
});

describe('changes.approval (14.2.1)', () => {
  it('passes for approved, assessed changes, warns on a stale approval, fails without approval or risk', async () => {
    const a = await createStaffMember(t.database, { role: 'noc' });
    const b = await createStaffMember(t.database, { role: 'security' });
    const change = (o: { approved?: boolean; risk?: boolean; approvedDaysBefore?: number }) =>
      sys(t.database, async () => {
        const started = new Date();
        await db()
          .insertInto('ops.config_change')
          .values({
            number: `CHG-${hex()}`,
            kind: 'apply',
            title: 'change',
            status: 'succeeded',
            risk_level: o.risk === false ? null : 'low',
            risk_assessment: o.risk === false ? '' : 'one PE, no customer impact',
            prepared_by: a.id,
            approved_by: o.approved === false ? null : b.id,
            decided_at:
              o.approved === false ? null : new Date(started.getTime() - (o.approvedDaysBefore ?? 0.1) * DAY),
            started_at: started,
            finished_at: started,
          })
          .execute();
      });
    await change({});
    await sys(t.database, () =>
      db()
        .insertInto('ops.config_change')
        .values({ number: `CHG-${hex()}`, kind: 'apply', title: 'draft', status: 'draft' })
        .execute(),
    );
    let r = await check(t.database, 'changes.approval');
    expect(r.status).toBe('pass');
    expect(r.figures).toMatchObject({ executed: 1, withoutApprovalOrRisk: 0 });
    await change({ approvedDaysBefore: 20 });
    r = await check(t.database, 'changes.approval');
    expect(r.status).toBe('warn');
    await change({ risk: false });
    await change({ approved: false });
    r = await check(t.database, 'changes.approval');
    expect(r.status).toBe('fail');
    expect(r.figures.withoutApprovalOrRisk).toBe(2);
    expect(r.objects.map((o) => o.note!.en).sort()).toEqual([
      'no risk assessment',
      'not approved',
      'ran 14+ days after approval',
    ]);
  });
});

describe('equipment.disposal (11.2.7)', () => {
  it('passes with two people and evidence, warns without evidence, fails when one person signed both', async () => {
    const [dev1, dev2, dev3] = await createDevices(t.database, [
      { vendor: 'X', model: 'a', os: '1', status: 'disposed' },
      { vendor: 'X', model: 'b', os: '1', status: 'disposed' },
      { vendor: 'X', model: 'c', os: '1', status: 'disposed' },
    ]);
    const p = await createStaffMember(t.database, { role: 'noc' });
    const v = await createStaffMember(t.database, { role: 'security' });
    const disposal = (deviceId: string, verifier: string, evidence: boolean) =>
      sys(t.database, async () => {
        const d = await db()
          .insertInto('ops.disposal')
          .values({
            device_id: deviceId,
            outcome: 'dispose',
            method: 'overwrite',
            status: 'completed',
            performer_staff_id: p.id,
            verifier_staff_id: verifier,
            performed_on: '2026-11-01',
            completed_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (evidence)
          await db()
            .insertInto('ops.disposal_evidence')
            .values({
              disposal_id: d.id,
              kind: 'wipe_log',
              filename: 'wipe.log',
              content_type: 'text/plain',
              size_bytes: 2,
              sha256: 'a'.repeat(64),
              content: new Uint8Array([111, 107]),
            })
            .execute();
        return d.id;
      });
    await disposal(dev1!, v.id, true);
    expect((await check(t.database, 'equipment.disposal')).status).toBe('pass');
    const bare = await disposal(dev2!, v.id, false);
    let r = await check(t.database, 'equipment.disposal');
    expect(r.status).toBe('warn');
    expect(r.objects.map((o) => o.id)).toEqual([bare]);
    // the schema forbids one person in both roles; a record that got past it (an old import, a
    // dropped constraint) is what this check is there to catch
    await t.database.runScript('ALTER TABLE ops.disposal DROP CONSTRAINT disposal_two_people');
    const self = await disposal(dev3!, p.id, true);
    r = await check(t.database, 'equipment.disposal');
    expect(r.status).toBe('fail');
    expect(r.objects.find((o) => o.id === self)?.note?.en).toBe('verified by its performer');
  });
});

describe('equipment.suppliers (15.1.3)', () => {
  it('passes when reviews are current, warns when overdue up to 30 days, fails when never assessed', async () => {
    const today = zonedDate(new Date());
    const supplier = (next: string | null) =>
      sys(t.database, async () => {
        const s = await db()
          .insertInto('ops.supplier')
          .values({ name: `DC ${hex()}`, category: 'data_centre' })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (next)
          await db()
            .insertInto('ops.supplier_assessment')
            .values({
              supplier_id: s.id,
              assessed_on: addDays(today, -300),
              rating: 'low',
              next_review_on: next,
            })
            .execute();
        return s.id;
      });
    await supplier(addDays(today, 30));
    expect((await check(t.database, 'equipment.suppliers')).status).toBe('pass');
    const late = await supplier(addDays(today, -10));
    let r = await check(t.database, 'equipment.suppliers');
    expect(r.status).toBe('warn');
    expect(r.objects.map((o) => o.id)).toEqual([late]);
    await supplier(null);
    r = await check(t.database, 'equipment.suppliers');
    expect(r.status).toBe('fail');
    expect(r.figures).toMatchObject({ neverAssessed: 1, reviewsOverdue: 1 });
  });
});

describe('dataplane.backups (12.3.1)', () => {
  it('passes when every active device was backed up lately, warns when stale, fails when never', async () => {
    const status = (deviceId: string, okDaysAgo: number | null) =>
      sys(t.database, () =>
        sql`INSERT INTO ops.config_backup_status (device_id, last_run_at, last_ok_at, last_error)
            VALUES (${deviceId}, now(), ${okDaysAgo === null ? null : new Date(Date.now() - okDaysAgo * DAY)}, NULL)
            ON CONFLICT (device_id) DO UPDATE SET last_ok_at = EXCLUDED.last_ok_at, last_error = NULL`.execute(
          db(),
        ),
      );
    const active = await sys(t.database, () =>
      db().selectFrom('ops.device').select('id').where('status', '=', 'active').execute(),
    );
    for (const d of active) await status(d.id, 0.5);
    expect((await check(t.database, 'dataplane.backups')).status).toBe('pass');
    await status(active[0]!.id, 5);
    let r = await check(t.database, 'dataplane.backups');
    expect(r.status).toBe('warn');
    expect(r.objects.map((o) => o.id)).toEqual([active[0]!.id]);
    await createDevices(t.database, [{ vendor: 'X', model: 'new', os: '1', status: 'active' }]);
    r = await check(t.database, 'dataplane.backups');
    expect(r.status).toBe('fail');
    expect(r.figures.never).toBe(1);
  });
});
