import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { helpers } from './physical-support.ts';

let p: TestPlatform;
let noc: LoggedIn;
let security: LoggedIn;
beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  security = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
});
afterAll(async () => p?.close());

const { call, ok, auditOf, fixture, u, upper } = helpers(() => p);
const FOREIGN = '00000000-0000-4000-8000-000000000000';

describe(`physical network: PoPs, management networks, classes (${engineName})`, () => {
  it('creates, reads, changes and deletes a PoP, audited; codes are unique and well-formed', async () => {
    const code = `P${upper()}`;
    const pop = await ok<{ id: string }>(noc, 'POST', '/api/v1/network/pops', {
      code,
      nameJa: '東京第9',
      nameEn: 'Tokyo 9',
      address: '東京都江東区',
    });
    expect(pop).toMatchObject({ owner: 'provider', code, nameJa: '東京第9', deviceCount: 0 });
    expect((pop as { createdAt?: string }).createdAt).toMatch(/\+09:00$/);
    const dup = await call(noc, 'POST', '/api/v1/network/pops', { code, nameJa: 'x', nameEn: 'x' }, 'ja');
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      code: 'conflict',
      errors: [{ field: '/body/code', code: 'taken', message: 'このPoP コードはすでに使われています。' }],
    });
    for (const bad of ['t1', 'X', 'TOO-LONG-CODE-1234', 'A B']) {
      const r = await call(noc, 'POST', '/api/v1/network/pops', { code: bad, nameJa: 'x', nameEn: 'x' });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json()).toMatchObject({ code: 'validation_failed' });
    }
    const renamed = await ok(noc, 'PATCH', `/api/v1/network/pops/${pop.id}`, { nameEn: 'Tokyo Nine' });
    expect(renamed).toMatchObject({ nameEn: 'Tokyo Nine', nameJa: '東京第9' });
    expect(await ok(noc, 'GET', `/api/v1/network/pops/${pop.id}`)).toMatchObject({ nameEn: 'Tokyo Nine' });
    expect((await ok<{ code: string }[]>(noc, 'GET', '/api/v1/network/pops')).map((x) => x.code)).toContain(
      code,
    );
    await ok(noc, 'DELETE', `/api/v1/network/pops/${pop.id}`, undefined, 204);
    expect((await call(noc, 'GET', `/api/v1/network/pops/${pop.id}`)).statusCode).toBe(404);
    const audit = await auditOf(pop.id);
    expect(audit.map((a) => a.action)).toEqual([
      'network.pop.create',
      'network.pop.update',
      'network.pop.delete',
    ]);
    expect(audit[1]).toMatchObject({
      actor_kind: 'staff',
      tenant_id: null,
      summary: { code, changes: { name_en: { before: 'Tokyo 9', after: 'Tokyo Nine' } } },
    });
  });

  it('lets security staff read but not write, and answers 404 for missing ids alike', async () => {
    expect((await call(security, 'GET', '/api/v1/network/pops')).statusCode).toBe(200);
    expect((await call(security, 'GET', '/api/v1/network/topology')).statusCode).toBe(200);
    const r = await call(security, 'POST', '/api/v1/network/pops', {
      code: 'SEC1',
      nameJa: 'x',
      nameEn: 'x',
    });
    expect(r.statusCode).toBe(403);
    for (const [m, url] of [
      ['GET', `/api/v1/network/pops/${FOREIGN}`],
      ['PATCH', `/api/v1/network/pops/${FOREIGN}`],
      ['DELETE', `/api/v1/network/pops/${FOREIGN}`],
      ['GET', `/api/v1/network/devices/${FOREIGN}`],
      ['PATCH', `/api/v1/network/devices/${FOREIGN}`],
      ['DELETE', `/api/v1/network/devices/${FOREIGN}`],
      ['POST', `/api/v1/network/devices/${FOREIGN}/ports`],
      ['GET', `/api/v1/network/ports/${FOREIGN}`],
      ['PATCH', `/api/v1/network/ports/${FOREIGN}`],
      ['DELETE', `/api/v1/network/ports/${FOREIGN}`],
      ['PATCH', `/api/v1/network/mgmt-networks/${FOREIGN}`],
      ['DELETE', `/api/v1/network/mgmt-networks/${FOREIGN}`],
      ['PATCH', '/api/v1/network/port-classes/no-such-class'],
      ['DELETE', '/api/v1/network/port-classes/no-such-class'],
      ['PATCH', `/api/v1/network/links/${FOREIGN}`],
      ['DELETE', `/api/v1/network/links/${FOREIGN}`],
    ] as const) {
      const body =
        m === 'POST'
          ? { name: 'eth9', capacityMbps: 1000, classCode: 'x' }
          : m === 'PATCH'
            ? url.includes('links')
              ? { description: 'x' }
              : url.includes('ports')
                ? { description: 'x' }
                : url.includes('devices')
                  ? { vendor: 'x' }
                  : url.includes('mgmt-networks')
                    ? { name: 'x' }
                    : { nameEn: 'x' }
            : undefined;
      const res = await call(noc, m, url, body);
      expect(res.statusCode, `${m} ${url}: ${res.body}`).toBe(404);
    }
  });

  it('refuses a management network overlapping another, and host bits in its prefix', async () => {
    const a = await ok<{ id: string }>(noc, 'POST', '/api/v1/network/mgmt-networks', {
      name: `m-${u()}`,
      prefix: '10.77.0.0/16',
    });
    const inner = await call(noc, 'POST', '/api/v1/network/mgmt-networks', {
      name: `m-${u()}`,
      prefix: '10.77.5.0/24',
    });
    expect(inner.statusCode).toBe(409);
    expect(inner.json()).toMatchObject({
      code: 'mgmt_network_overlap',
      overlapKind: 'mgmt_network',
      overlapPrefix: '10.77.0.0/16',
    });
    const host = await call(
      noc,
      'POST',
      '/api/v1/network/mgmt-networks',
      { name: `m-${u()}`, prefix: '10.78.0.1/24' },
      'ja',
    );
    expect(host.statusCode).toBe(400);
    expect(host.json()).toMatchObject({
      errors: [
        {
          field: '/body/prefix',
          code: 'host_bits',
          message: 'ネットワークアドレスで指定してください（10.78.0.0/24）。',
        },
      ],
    });
    for (const bad of ['not-a-prefix', '10.0.0.0/4', '10.0.0.0/31', '2001:db8::/16']) {
      const r = await call(noc, 'POST', '/api/v1/network/mgmt-networks', { name: `m-${u()}`, prefix: bad });
      expect(r.statusCode, bad).toBe(400);
    }
    const v6 = await ok(noc, 'POST', '/api/v1/network/mgmt-networks', {
      name: `m-${u()}`,
      prefix: 'fd00:77::/64',
    });
    expect(v6).toMatchObject({ prefix: 'fd00:77::/64', owner: 'provider' });
    await ok(noc, 'DELETE', `/api/v1/network/mgmt-networks/${a.id}`, undefined, 204);
  });

  it('manages port classes; the class code is unique; a class in use cannot be deleted', async () => {
    const f = await fixture(noc);
    expect(await ok(noc, 'GET', '/api/v1/network/port-classes')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: f.klass.code, oversubscription: 2, portCount: 0 }),
      ]),
    );
    const dup = await call(noc, 'POST', '/api/v1/network/port-classes', {
      code: f.klass.code,
      nameJa: 'x',
      nameEn: 'x',
      oversubscription: 1,
    });
    expect(dup.statusCode).toBe(409);
    for (const over of [0, -1, 1001]) {
      const r = await call(noc, 'POST', '/api/v1/network/port-classes', {
        code: `c-${u()}`,
        nameJa: 'x',
        nameEn: 'x',
        oversubscription: over,
      });
      expect(r.statusCode, String(over)).toBe(400);
    }
    const d = await f.device();
    await f.port(d.id, 'eth1');
    const del = await call(noc, 'DELETE', `/api/v1/network/port-classes/${f.klass.code}`);
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ code: 'in_use', ports: 1 });
    const spare = await ok<{ code: string }>(noc, 'POST', '/api/v1/network/port-classes', {
      code: `c-${u()}`,
      nameJa: '予備',
      nameEn: 'Spare',
      oversubscription: 1.257,
    });
    expect(spare).toMatchObject({ oversubscription: 1.26, thresholdPct: 80 });
    const up = await ok(noc, 'PATCH', `/api/v1/network/port-classes/${spare.code}`, { thresholdPct: 70 });
    expect(up).toMatchObject({ thresholdPct: 70 });
    await ok(noc, 'DELETE', `/api/v1/network/port-classes/${spare.code}`, undefined, 204);
    expect((await auditOf(spare.code)).map((a) => a.action)).toEqual([
      'network.port_class.create',
      'network.port_class.update',
      'network.port_class.delete',
    ]);
  });
});

describe(`the portal has no physical network (${engineName})`, () => {
  it('answers 404 for every physical-network route on the portal, even to a signed-in customer', async () => {
    const t = await createTenant(p.db.database);
    const customer = await login(p.portal, p.db.database, await createUser(p.db.database, t.id));
    for (const [m, url] of [
      ['GET', '/api/v1/network/topology'],
      ['GET', '/api/v1/network/pops'],
      ['POST', '/api/v1/network/pops'],
      ['GET', '/api/v1/network/devices'],
      ['GET', `/api/v1/network/devices/${FOREIGN}`],
      ['POST', '/api/v1/network/devices'],
      ['GET', `/api/v1/network/ports/${FOREIGN}`],
      ['PATCH', `/api/v1/network/ports/${FOREIGN}`],
      ['GET', '/api/v1/network/links'],
      ['GET', '/api/v1/network/mgmt-networks'],
      ['GET', '/api/v1/network/port-classes'],
    ] as const) {
      const r = await p.portal.inject({
        method: m,
        url,
        headers: customer.headers,
        ...(m === 'GET' ? {} : { payload: {} }),
      });
      expect(r.statusCode, `${m} ${url}`).toBe(404);
    }
  });
});
