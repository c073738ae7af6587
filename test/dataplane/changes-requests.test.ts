import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { createUser, login } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { dataplaneKit, type ChangeJson } from './changes-support.ts';
import { readTree } from './files-driver.ts';

const k = dataplaneKit();
const { staff, mgmt } = k;
beforeAll(() => k.setup());
afterAll(() => k.teardown());

const tomorrow = () => zonedDate(new Date(Date.now() + 86_400_000));

describe(`customer change requests produce provider change records (${engineName})`, () => {
  it('executing a bandwidth request creates a submitted record for the PE, which a second person approves', async () => {
    const pe = await k.pe();
    const site = await k.site(pe, 100); // the connection carries the whole contract, so it follows
    // the device runs the current configuration already
    const first = await mgmt(staff.noc.s, 'POST', '/api/v1/config-changes', {
      title: 'Initial',
      deviceIds: [pe.phys.deviceId],
      riskLevel: 'low',
      riskAssessment: 'Initial configuration.',
    });
    const id0 = first.json<ChangeJson>().id;
    await mgmt(staff.noc.s, 'POST', `/api/v1/config-changes/${id0}/submit`, {});
    await mgmt(staff.security.s, 'POST', `/api/v1/config-changes/${id0}/approve`, {});
    expect((await mgmt(staff.noc.s, 'POST', `/api/v1/config-changes/${id0}/execute`, {})).statusCode).toBe(
      200,
    );
    const running = readTree(pe.dir);

    // the customer asks for 100 → 150 Mbit/s; one administrator approves and executes the request
    const user = await createUser(k.platform().db.database, site.tenantId, { role: 'admin' });
    const cs = await login(k.platform().portal, k.platform().db.database, user);
    const cr = await k.portal(cs, 'POST', '/api/v1/change-requests', {
      serviceId: site.serviceId,
      kind: 'bandwidth',
      desired: { bandwidthMbps: 150 },
      desiredDate: tomorrow(),
    });
    expect(cr.statusCode, cr.body).toBe(201);
    const crId = cr.json<{ id: string; number: string }>().id;
    const crNumber = cr.json<{ number: string }>().number;
    expect(
      (await mgmt(staff.adminA.s, 'POST', `/api/v1/change-requests/${crId}/approve`, {})).statusCode,
    ).toBe(200);
    const ex = await mgmt(staff.adminA.s, 'POST', `/api/v1/change-requests/${crId}/execute`, {});
    expect(ex.statusCode, ex.body).toBe(200);

    const list = await mgmt(staff.noc.s, 'GET', `/api/v1/config-changes?changeRequestId=${crId}`);
    expect(list.statusCode).toBe(200);
    const found = list.json<ChangeJson[]>();
    expect(found).toHaveLength(1);
    const c = (await mgmt(staff.noc.s, 'GET', `/api/v1/config-changes/${found[0]!.id}`)).json<ChangeJson>();
    expect(c.status).toBe('submitted');
    expect(c.changeRequest).toEqual({ id: crId, number: crNumber });
    expect(c.title).toContain(crNumber);
    expect(c.preparedBy?.id).toBe(staff.adminA.p.id);
    expect(c.riskLevel).toBe('low');
    expect(c.riskAssessment).toContain(crNumber);
    expect(c.devices.map((d) => d.id)).toEqual([pe.phys.deviceId]);
    expect(c.devices[0]!.changed).toBe(true);
    expect(c.impact.connections.find((x) => x.id === site.connectionId)?.direct).toBe(true);
    // the equipment has not changed yet
    expect(readTree(pe.dir)).toEqual(running);

    // the person who executed the customer's request cannot approve the equipment change
    const own = await mgmt(staff.adminA.s, 'POST', `/api/v1/config-changes/${c.id}/approve`, {});
    expect(own.statusCode).toBe(403);
    expect(
      (await mgmt(staff.adminB.s, 'POST', `/api/v1/config-changes/${c.id}/approve`, {})).statusCode,
    ).toBe(200);
    const done = await mgmt(staff.adminA.s, 'POST', `/api/v1/config-changes/${c.id}/execute`, {});
    expect(done.json<ChangeJson>().status).toBe('succeeded');
    expect(readTree(pe.dir)).not.toEqual(running);
  });

  it('a service without placed connections produces no record', async () => {
    const pe = await k.pe();
    const site = await k.site(pe);
    const t = site;
    // a second service of the tenant, not placed anywhere
    const other = await k.sys(async () => {
      const s = await db()
        .selectFrom('customer.service')
        .select(['id', 'contract_id'])
        .where('id', '=', t.serviceId)
        .executeTakeFirstOrThrow();
      const r = await db()
        .insertInto('customer.service')
        .values({
          tenant_id: t.tenantId,
          contract_id: s.contract_id,
          code: `PVAX${Date.now() % 1e7}`,
          type: 'ipsec',
          bandwidth_mbps: 10,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    });
    const user = await createUser(k.platform().db.database, t.tenantId, { role: 'admin' });
    const cs = await login(k.platform().portal, k.platform().db.database, user);
    const cr = await k.portal(cs, 'POST', '/api/v1/change-requests', {
      serviceId: other,
      kind: 'bandwidth',
      desired: { bandwidthMbps: 20 },
      desiredDate: tomorrow(),
    });
    const crId = cr.json<{ id: string }>().id;
    await mgmt(staff.adminA.s, 'POST', `/api/v1/change-requests/${crId}/approve`, {});
    expect(
      (await mgmt(staff.adminA.s, 'POST', `/api/v1/change-requests/${crId}/execute`, {})).statusCode,
    ).toBe(200);
    const list = await mgmt(staff.noc.s, 'GET', `/api/v1/config-changes?changeRequestId=${crId}`);
    expect(list.json<unknown[]>()).toEqual([]);
  });
});
