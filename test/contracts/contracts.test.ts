import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

let p: TestPlatform;
let admin: LoggedIn;
let noc: LoggedIn;
let nocId: string;
beforeAll(async () => {
  p = await createTestPlatform();
  admin = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'admin' }));
  const nocMember = await createStaffMember(p.db.database, { role: 'noc' });
  nocId = nocMember.id;
  noc = await login(p.mgmt, p.db.database, nocMember);
});
afterAll(async () => p?.close());

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const call = (
  s: LoggedIn,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: Record<string, unknown>,
  lang = 'en',
) =>
  p.mgmt.inject({
    method,
    url,
    headers: { ...s.headers, 'accept-language': lang },
    ...(payload ? { payload } : {}),
  });
const auditOf = (targetId: string) =>
  sys(() =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'outcome', 'summary', 'tenant_id', 'actor_kind'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute(),
  );
const uniqNumber = () => `K-TEST-${randomBytes(4).toString('hex')}`;

interface Contract {
  id: string;
  number: string;
  status: string;
  startDate: string;
  endDate: string | null;
  owner: string;
  services: Service[];
}
interface Service {
  id: string;
  code: string;
  type: string;
  bandwidthMbps: number | null;
  options: Record<string, unknown>;
  status: string;
  owner: string;
  label: { text: string; owner: string; updatedAt: string | null };
}

async function newTenantWithContract(): Promise<{ tenantId: string; contract: Contract }> {
  const t = await call(admin, 'POST', '/api/v1/tenants', { name: 'Contract Test K.K.' });
  expect(t.statusCode, t.body).toBe(201);
  const tenantId = t.json<{ id: string }>().id;
  const c = await call(admin, 'POST', `/api/v1/tenants/${tenantId}/contracts`, {
    number: uniqNumber(),
    startDate: '2026-04-01',
  });
  expect(c.statusCode, c.body).toBe(201);
  return { tenantId, contract: c.json<Contract>() };
}

describe(`tenants (${engineName})`, () => {
  it("creates a tenant with a chosen or allocated customer code ('C' + 7 digits, unique)", async () => {
    const code = `C9${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const a = await call(admin, 'POST', '/api/v1/tenants', { code, name: '  北斗テスト株式会社 ' });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({
      code,
      name: '北斗テスト株式会社',
      status: 'active',
      owner: 'provider',
      contractCount: 0,
      serviceCount: 0,
    });
    const again = await call(admin, 'POST', '/api/v1/tenants', { code, name: 'Other' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'conflict',
      errors: [{ field: '/body/code', code: 'taken' }],
    });
    for (const bad of ['C123456', 'C12345678', 'D1234567', 'c1234567']) {
      const r = await call(admin, 'POST', '/api/v1/tenants', { code: bad, name: 'x' });
      expect(r.statusCode, bad).toBe(400);
    }
    const allocated = await call(admin, 'POST', '/api/v1/tenants', { name: 'Allocated' });
    expect(allocated.statusCode).toBe(201);
    expect(allocated.json<{ code: string }>().code).toMatch(/^C\d{7}$/);
  });

  it('renames a tenant, audited with before and after; NOC staff may read but not write', async () => {
    const { tenantId } = await newTenantWithContract();
    const r = await call(admin, 'PATCH', `/api/v1/tenants/${tenantId}`, { name: 'Renamed K.K.' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ name: 'Renamed K.K.', contractCount: 1 });
    const audit = await auditOf(tenantId);
    expect(audit.at(-1)).toMatchObject({
      action: 'tenant.update',
      tenant_id: tenantId,
      summary: { name: { before: 'Contract Test K.K.', after: 'Renamed K.K.' } },
    });
    expect((await call(noc, 'GET', `/api/v1/tenants/${tenantId}`)).statusCode).toBe(200);
    expect((await call(noc, 'PATCH', `/api/v1/tenants/${tenantId}`, { name: 'x' })).statusCode).toBe(403);
    expect((await call(admin, 'GET', `/api/v1/tenants/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });

  it('audits staff reads of tenants, contracts and services as staff.read.*', async () => {
    const { tenantId } = await newTenantWithContract();
    for (const url of [
      `/api/v1/tenants/${tenantId}`,
      `/api/v1/tenants/${tenantId}/contracts`,
      `/api/v1/tenants/${tenantId}/services`,
    ]) {
      expect((await call(noc, 'GET', url)).statusCode, url).toBe(200);
    }
    const reads = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'actor_kind', 'actor_id', 'summary'])
        .where('action', 'like', 'staff.read.%')
        .where('actor_id', '=', nocId)
        .execute(),
    );
    const byAction = new Map(reads.map((r) => [r.action, r]));
    expect(byAction.get('staff.read.getTenant')?.summary).toMatchObject({
      path: '/api/v1/tenants/:tenantId',
    });
    expect(byAction.get('staff.read.listTenantContracts')?.actor_kind).toBe('staff');
    expect(byAction.get('staff.read.listTenantServices')?.actor_kind).toBe('staff');
  });
});

describe(`contracts (${engineName})`, () => {
  it('creates contracts with unique numbers and checked dates', async () => {
    const { tenantId, contract } = await newTenantWithContract();
    expect(contract).toMatchObject({
      status: 'active',
      startDate: '2026-04-01',
      endDate: null,
      owner: 'provider',
    });
    const dup = await call(admin, 'POST', `/api/v1/tenants/${tenantId}/contracts`, {
      number: contract.number,
      startDate: '2026-05-01',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ errors: [{ field: '/body/number', code: 'taken' }] });
    const backwards = await call(admin, 'POST', `/api/v1/tenants/${tenantId}/contracts`, {
      number: uniqNumber(),
      startDate: '2026-05-01',
      endDate: '2026-04-30',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ errors: [{ field: '/body/endDate', code: 'before_start' }] });
    const patched = await call(admin, 'PATCH', `/api/v1/contracts/${contract.id}`, { endDate: '2027-03-31' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ endDate: '2027-03-31' });
    const list = await call(admin, 'GET', `/api/v1/tenants/${tenantId}/contracts`);
    expect(list.json<Contract[]>().map((c) => c.id)).toEqual([contract.id]);
    const missing = await call(admin, 'POST', `/api/v1/tenants/${crypto.randomUUID()}/contracts`, {
      number: uniqNumber(),
      startDate: '2026-05-01',
    });
    expect(missing.statusCode).toBe(404);
  });

  it('moves along active → terminating → terminated → erased, allows a cancellation, refuses the rest', async () => {
    const { contract } = await newTenantWithContract();
    const to = (status: string, extra: Record<string, unknown> = {}) =>
      call(admin, 'POST', `/api/v1/contracts/${contract.id}/transition`, { to: status, ...extra });

    for (const bad of ['terminated', 'erased', 'active']) {
      const r = await to(bad);
      expect(r.statusCode, `active → ${bad}`).toBe(409);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    expect((await to('terminating', { endDate: '2026-12-31' })).json()).toMatchObject({
      status: 'terminating',
      endDate: '2026-12-31',
    });
    expect((await to('terminating')).statusCode).toBe(409);
    expect((await to('erased')).statusCode).toBe(409);
    expect((await to('active')).json()).toMatchObject({ status: 'active' }); // cancelled
    expect((await to('terminating')).statusCode).toBe(200);
    expect((await to('terminated')).json()).toMatchObject({ status: 'terminated' });
    expect((await to('active')).statusCode).toBe(409);
    expect((await to('terminating')).statusCode).toBe(409);
    expect((await to('erased')).json()).toMatchObject({ status: 'erased' });
    for (const bad of ['active', 'terminating', 'terminated', 'erased']) {
      expect((await to(bad)).statusCode, `erased → ${bad}`).toBe(409);
    }
    expect((await to('paused')).statusCode).toBe(400);

    const audit = (await auditOf(contract.id)).filter((a) => a.action === 'contract.transition');
    expect(
      audit.filter((a) => a.outcome === 'success').map((a) => [a.summary.before, a.summary.after]),
    ).toEqual([
      ['active', 'terminating'],
      ['terminating', 'active'],
      ['active', 'terminating'],
      ['terminating', 'terminated'],
      ['terminated', 'erased'],
    ]);
    // refused steps are audited as failures too (by the error handler, without the target)
    const refused = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select('summary')
        .where('action', '=', 'contract.transition')
        .where('outcome', '=', 'failure')
        .execute(),
    );
    expect(refused.filter((r) => r.summary.error === 'conflict').length).toBeGreaterThanOrEqual(10);
    expect(audit[0]!.summary).toMatchObject({ changes: { end_date: { before: null, after: '2026-12-31' } } });
    // an erased contract is no longer edited
    expect(
      (await call(admin, 'PATCH', `/api/v1/contracts/${contract.id}`, { endDate: null })).statusCode,
    ).toBe(409);
  });
});

describe(`contracted services (${engineName})`, () => {
  it('creates services with generated codes, validated options, and edits them', async () => {
    const { tenantId, contract } = await newTenantWithContract();
    const create = (body: Record<string, unknown>) =>
      call(admin, 'POST', `/api/v1/contracts/${contract.id}/services`, body);
    const s = await create({ type: 'ipsec', bandwidthMbps: 100, options: { monitoring: 'extended' } });
    expect(s.statusCode, s.body).toBe(201);
    const svc = s.json<Service & { tenantId: string }>();
    expect(svc).toMatchObject({
      type: 'ipsec',
      bandwidthMbps: 100,
      options: { monitoring: 'extended' },
      status: 'active',
      owner: 'provider',
      tenantId,
      label: { text: '', owner: 'customer', updatedAt: null },
    });
    expect(svc.code).toMatch(/^PVA\d{8}$/);
    expect((await create({ type: 'option' })).statusCode).toBe(201); // an option needs no bandwidth
    const noBw = await create({ type: 'direct' });
    expect(noBw.statusCode).toBe(400);
    expect(noBw.json()).toMatchObject({ errors: [{ field: '/body/bandwidthMbps' }] });
    for (const options of [{ monitoring: 'maximal' }, { colour: 'red' }, { burstMbps: 0 }, 'extended']) {
      expect((await create({ type: 'ipsec', bandwidthMbps: 10, options })).statusCode).toBe(400);
    }
    expect((await create({ type: 'satellite', bandwidthMbps: 10 })).statusCode).toBe(400);

    const patched = await call(admin, 'PATCH', `/api/v1/services/${svc.id}`, {
      bandwidthMbps: 500,
      options: { monitoring: 'standard', redundancy: 'dual' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      bandwidthMbps: 500,
      options: { monitoring: 'standard', redundancy: 'dual' },
    });
    const audit = await auditOf(svc.id);
    expect(audit.map((a) => a.action)).toEqual([
      'service.create',
      'service.bandwidth.change',
      'service.update',
    ]);
    expect(audit[1]!.summary).toMatchObject({ before: 100, after: 500 });
    expect(audit[2]!.summary).toMatchObject({
      changes: {
        options: {
          before: { monitoring: 'extended' },
          after: { monitoring: 'standard', redundancy: 'dual' },
        },
      },
    });
    const list = await call(admin, 'GET', `/api/v1/tenants/${tenantId}/services`);
    expect(list.json<Service[]>()).toHaveLength(2);
    const lookup = await call(admin, 'GET', `/api/v1/service-codes/${svc.code.toLowerCase()}`);
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json()).toMatchObject({ id: svc.id, tenant: { id: tenantId } });
    expect((await call(admin, 'GET', '/api/v1/service-codes/XYZ123')).statusCode).toBe(400);
    expect((await call(admin, 'GET', '/api/v1/service-codes/PVA00000000')).statusCode).toBe(404);
    // the portal has no provider edit of a service
    const portalPatch = await p.portal.inject({
      method: 'PATCH',
      url: `/api/v1/services/${svc.id}`,
      payload: {},
    });
    expect(portalPatch.statusCode).toBe(404);
  });

  it('allocates 20 distinct codes for 20 parallel creations', async () => {
    const { contract } = await newTenantWithContract();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(admin, 'POST', `/api/v1/contracts/${contract.id}/services`, {
          type: 'ipsec',
          bandwidthMbps: 10,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const codes = results.map((r) => r.json<Service>().code);
    expect(new Set(codes).size).toBe(20);
    for (const c of codes) expect(c).toMatch(/^PVA\d{8}$/);
  });

  it('adds no service to a contract that is not active, and edits none of a terminated one', async () => {
    const { contract } = await newTenantWithContract();
    const svc = (
      await call(admin, 'POST', `/api/v1/contracts/${contract.id}/services`, {
        type: 'ipsec',
        bandwidthMbps: 10,
      })
    ).json<Service>();
    await call(admin, 'POST', `/api/v1/contracts/${contract.id}/transition`, { to: 'terminating' });
    const r = await call(admin, 'POST', `/api/v1/contracts/${contract.id}/services`, { type: 'option' });
    expect(r.statusCode).toBe(409);
    const list = await call(
      admin,
      'GET',
      `/api/v1/tenants/${(await sys(() => db().selectFrom('customer.contract').select('tenant_id').where('id', '=', contract.id).executeTakeFirstOrThrow())).tenant_id}/services`,
    );
    expect(list.json<Service[]>()[0]!.status).toBe('terminating');
    await call(admin, 'POST', `/api/v1/contracts/${contract.id}/transition`, { to: 'terminated' });
    expect((await call(admin, 'PATCH', `/api/v1/services/${svc.id}`, { bandwidthMbps: 20 })).statusCode).toBe(
      409,
    );
  });
});

describe(`portal contracts (${engineName})`, () => {
  it("shows a tenant its own contracts with services, never another tenant's", async () => {
    const a = await createTenant(p.db.database, { services: 2 });
    const b = await createTenant(p.db.database, { services: 1 });
    const sa = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, a.id, { role: 'viewer' }),
    );
    const r = await p.portal.inject({ url: '/api/v1/contracts', headers: sa.headers });
    expect(r.statusCode, r.body).toBe(200);
    const contracts = r.json<Contract[]>();
    expect(contracts.map((c) => c.id)).toEqual([a.contractId]);
    expect(contracts[0]!.owner).toBe('provider');
    expect(contracts[0]!.services.map((s) => s.id).sort()).toEqual([...a.serviceIds].sort());
    expect(JSON.stringify(contracts)).not.toContain(b.contractId);
    expect(JSON.stringify(contracts)).not.toContain(b.serviceIds[0]!);
  });

  it('narrows contracts and services to a service-code scope', async () => {
    const a = await createTenant(p.db.database, { services: 3 });
    // a second contract whose only service is outside the viewer's scope
    await sys(async () => {
      const c = await db()
        .insertInto('customer.contract')
        .values({ tenant_id: a.id, number: uniqNumber(), start_date: '2026-02-01' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('customer.service')
        .values({
          tenant_id: a.id,
          contract_id: c.id,
          code: `PVA${randomBytes(4).toString('hex')}`,
          type: 'option',
          bandwidth_mbps: null,
        })
        .execute();
    });
    const viewer = await createUser(p.db.database, a.id, {
      role: 'viewer',
      serviceScope: [a.serviceIds[1]!],
    });
    const s = await login(p.portal, p.db.database, viewer);
    const contracts = (await p.portal.inject({ url: '/api/v1/contracts', headers: s.headers })).json<
      Contract[]
    >();
    expect(contracts.map((c) => c.id)).toEqual([a.contractId]);
    expect(contracts[0]!.services.map((x) => x.id)).toEqual([a.serviceIds[1]]);
  });
});
