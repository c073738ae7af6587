import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo-data.ts';
import { db } from '../../src/db/context.ts';
import { recordAudit } from '../../src/modules/audit/service.ts';
import { verifyChain } from '../../src/modules/audit/verify.ts';
import { createSession } from '../../src/modules/identity/sessions.ts';
import { createToken } from '../../src/modules/identity/tokens.ts';
import { verifyCertificate } from '../../src/modules/lifecycle/certificate.ts';
import { eraseTenant } from '../../src/modules/lifecycle/erase.ts';
import { findCertificate, findTermination } from '../../src/modules/lifecycle/repository.ts';
import { requestTermination, stopServices } from '../../src/modules/lifecycle/service.ts';
import { lifecyclePass } from '../../src/modules/lifecycle/jobs.ts';
import { openSecret, sealSecret, TenantKeyDestroyedError } from '../../src/modules/tenancy/keys.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { createTestPlatform, testDemoConfig, type TestPlatform } from '../support/app.ts';
import { engineName } from '../support/db.ts';
import { rowsOf, sys, tenantTables, trafficRows } from './support.ts';

let p: TestPlatform;
let tenantId: string;
let otherIds: string[];
let connectionIds: string[];
let otherConnections: string[];
let sealed: Buffer;
let terminationId: string;
let before: {
  others: Record<string, Record<string, number>>;
  otherTraffic: Record<string, number>;
  personal: string;
};

beforeAll(async () => {
  p = await createTestPlatform();
  const demo = await seedDemo(p.db.database, testDemoConfig);
  const ids = await sys(p.db.database, () => db().selectFrom('ops.tenant').select(['id', 'code']).execute());
  tenantId = ids.find((t) => t.code === 'C0001001')!.id;
  otherIds = ids.filter((t) => t.id !== tenantId).map((t) => t.id);
  expect(demo.tenants.length).toBeGreaterThan(1);
  await sys(p.db.database, async () => {
    // what a real month brings besides the demo: sessions, API tokens, a sealed secret (kept as a
    // "backup copy" here), queued mail
    const users = await db()
      .selectFrom('customer.app_user')
      .select(['id', 'role'])
      .where('tenant_id', '=', tenantId)
      .execute();
    for (const u of users) {
      await createSession({
        kind: 'customer',
        principalId: u.id,
        tenantId,
        stage: 'full',
        idleS: 900,
        ip: '192.0.2.1',
        userAgent: 'test',
      });
      await createToken({
        tenantId,
        userId: u.id,
        name: 'ci',
        scope: 'read',
        serviceIds: null,
        ipAllowlist: [],
        expiresInDays: 30,
      });
    }
    await recordAudit({
      action: 'test.personal',
      tenantId,
      personal: { name: '佐藤 由美', email: 'sato@minato.example' },
    });
    sealed = await sealSecret(p.config, tenantId, 'psk:backup', 'correct psk');
    const conns = await db().selectFrom('customer.connection').select(['id', 'tenant_id']).execute();
    connectionIds = conns.filter((c) => c.tenant_id === tenantId).map((c) => c.id);
    otherConnections = conns.filter((c) => c.tenant_id !== tenantId).map((c) => c.id);
    const all = await tenantTables();
    const others: Record<string, Record<string, number>> = {};
    for (const o of otherIds) others[o] = await rowsOf(o, all);
    const personal = await sql<{ h: string }>`SELECT md5(string_agg(ref || data::text, ',' ORDER BY ref)) AS h
        FROM audit.personal WHERE tenant_id IS DISTINCT FROM ${tenantId}::uuid`.execute(db());
    before = { others, otherTraffic: await trafficRows(otherConnections), personal: personal.rows[0]!.h };
  });
}, 600_000);
afterAll(() => p?.close());

describe(`erasure of a terminated tenant (${engineName})`, () => {
  it('has a month of traffic and every kind of object to start with', async () => {
    await sys(p.db.database, async () => {
      const traffic = await trafficRows(connectionIds);
      expect(traffic['5m']).toBeGreaterThanOrEqual(30 * 288);
      const counts = await rowsOf(tenantId, await tenantTables('customer'));
      const filled = Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([t]) => t);
      for (const t of [
        'customer.contract',
        'customer.service',
        'customer.connection',
        'customer.app_user',
        'customer.monitor',
        'customer.virtual_network',
      ])
        expect(filled).toContain(t);
    });
  });

  it('stops on the termination date and then erases everything, with one verifiable certificate', async () => {
    const now = new Date();
    const t = await sys(p.db.database, async () => {
      const staff = await db()
        .selectFrom('ops.staff')
        .select('id')
        .where('role', '=', 'admin')
        .executeTakeFirstOrThrow();
      return requestTermination(
        p.config,
        { tenantId, terminationDate: zonedDate(now) },
        { kind: 'staff', id: staff.id },
        'en',
        now,
      );
    });
    terminationId = t.id;
    const after = new Date(t.stop_at.getTime() + 1000);
    expect(await sys(p.db.database, () => stopServices(t.id, after))).toBe(true);
    await sys(p.db.database, async () => {
      const open = await db()
        .selectFrom('iam.session')
        .select('id_hash')
        .where('tenant_id', '=', tenantId)
        .where('revoked_at', 'is', null)
        .execute();
      const admins = await db()
        .selectFrom('customer.app_user')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('role', '=', 'admin')
        .execute();
      expect(open.length).toBe(admins.length); // only administrators keep a session (export grace)
      const monitors = await db()
        .selectFrom('customer.monitor')
        .select('paused_at')
        .where('tenant_id', '=', tenantId)
        .execute();
      expect(monitors.every((m) => m.paused_at !== null)).toBe(true);
      const conns = await db()
        .selectFrom('customer.connection')
        .select('status')
        .where('tenant_id', '=', tenantId)
        .execute();
      expect(conns.every((c) => c.status === 'disabled')).toBe(true);
    });
    const r = await eraseTenant(p.db.database, p.config, t.id, { batch: 2000 });
    expect(r.alreadyDone).toBe(false);

    await sys(p.db.database, async () => {
      // no row of the tenant in any customer table, found from the catalogue
      const customer = await tenantTables('customer');
      expect(customer.length).toBeGreaterThan(5);
      const left = await rowsOf(tenantId, customer);
      expect(Object.entries(left).filter(([, n]) => n > 0)).toEqual([]);
      // nor in the provider tables that held its data (sessions, tokens, outbox…), bar the kept records
      const keep = [
        'ops.tenant_key',
        'ops.isolation_id',
        'ops.termination',
        'ops.erasure_certificate',
        'audit.log',
        'audit.personal',
        'ops.outbox',
      ];
      const provider = (await tenantTables()).filter((x) => !x.startsWith('customer.') && !keep.includes(x));
      const leftProvider = await rowsOf(tenantId, provider);
      expect(Object.entries(leftProvider).filter(([, n]) => n > 0)).toEqual([]);
      expect(Object.values(await trafficRows(connectionIds)).every((n) => n === 0)).toBe(true);
      // audit chain intact; personal data beside it pseudonymised
      expect((await verifyChain()).ok).toBe(true);
      const personal = await sql<{
        data: unknown;
      }>`SELECT data FROM audit.personal WHERE tenant_id = ${tenantId}::uuid`.execute(db());
      expect(personal.rows.length).toBeGreaterThan(0);
      for (const row of personal.rows) expect(JSON.stringify(row.data)).toBe('{"erased":true}');
      const tenant = await db()
        .selectFrom('ops.tenant')
        .select('status')
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow();
      expect(tenant.status).toBe('erased');
    });
    // the "backup copy" of a sealed secret is noise now
    await expect(
      sys(p.db.database, () => openSecret(p.config, tenantId, 'psk:backup', sealed)),
    ).rejects.toBeInstanceOf(TenantKeyDestroyedError);

    const cert = await sys(p.db.database, () => findCertificate(t.id));
    const v = verifyCertificate(cert!.document);
    expect(v.ok).toBe(true);
    expect(v.certificate!.tenant.code).toBe('C0001001');
    expect(v.certificate!.contracts).toEqual(['K-2024-0001']);
    expect(v.certificate!.erased['ops.traffic_5m']).toBeGreaterThanOrEqual(30 * 288);
    expect(v.certificate!.erased['customer.connection']).toBe(connectionIds.length);
    expect(v.certificate!.destroyedKeyId).toMatch(/^tk:[0-9a-f]{16}$/);
    expect(v.certificate!.completedAt).toMatch(/\+09:00$/);
    // altering one count breaks the signature
    expect(
      verifyCertificate(cert!.document.replace('"customer.connection": ', '"customer.connection": 1')).ok,
    ).toBe(false);
  }, 600_000);

  it('leaves every other tenant exactly as it was', async () => {
    await sys(p.db.database, async () => {
      const all = await tenantTables();
      for (const o of otherIds) expect(await rowsOf(o, all)).toEqual(before.others[o]);
      expect(await trafficRows(otherConnections)).toEqual(before.otherTraffic);
      const personal = await sql<{
        h: string;
      }>`SELECT md5(string_agg(ref || data::text, ',' ORDER BY ref)) AS h
          FROM audit.personal WHERE tenant_id IS DISTINCT FROM ${tenantId}::uuid`.execute(db());
      expect(personal.rows[0]!.h).toBe(before.personal);
    });
  });

  it('is idempotent: running again issues no second certificate; the addresses go once the mails are sent', async () => {
    const first = await sys(p.db.database, () => findCertificate(terminationId));
    const again = await eraseTenant(p.db.database, p.config, terminationId);
    expect(again).toEqual({ certificateId: first!.id, alreadyDone: true });
    const n = await sys(p.db.database, () =>
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ops.erasure_certificate WHERE tenant_id = ${tenantId}::uuid`.execute(
        db(),
      ),
    );
    expect(n.rows[0]!.n).toBe(1);
    const mails = await sys(p.db.database, () =>
      db()
        .selectFrom('ops.outbox')
        .select(['id', 'recipient', 'body'])
        .where('tenant_id', '=', tenantId)
        .execute(),
    );
    expect(mails.map((m) => m.recipient)).toEqual(['sato@minato.example']);
    expect(mails[0]!.body).toContain(first!.document.trim());
    // nothing is cleaned while the mail waits; once sent, the sweep removes it and the snapshot's addresses
    await lifecyclePass(p.db.database, p.config);
    expect((await sys(p.db.database, () => findTermination(terminationId)))!.snapshot!.recipients).toEqual([
      'sato@minato.example',
    ]);
    await sys(p.db.database, () =>
      db()
        .updateTable('ops.outbox')
        .set({ status: 'sent', sent_at: new Date() })
        .where('tenant_id', '=', tenantId)
        .execute(),
    );
    await lifecyclePass(p.db.database, p.config);
    const t = (await sys(p.db.database, () => findTermination(terminationId)))!;
    expect(t.snapshot!.recipients).toEqual([]);
    expect(t.snapshot!.userIds).toEqual([]);
    const left = await sys(p.db.database, () =>
      db().selectFrom('ops.outbox').select('id').where('tenant_id', '=', tenantId).execute(),
    );
    expect(left).toEqual([]);
  });
});
