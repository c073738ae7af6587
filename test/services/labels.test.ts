import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { labelProblem } from '../../src/modules/services/label.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const putLabel = (s: LoggedIn, id: string, label: unknown, lang = 'en') =>
  p.portal.inject({
    method: 'PUT',
    url: `/api/v1/services/${id}/label`,
    payload: { label },
    headers: { ...s.headers, 'accept-language': lang },
  });
const get = (s: LoggedIn, url: string) => p.portal.inject({ url, headers: s.headers });

interface Service {
  id: string;
  code: string;
  status: string;
  contractNumber: string;
  owner: string;
  options: Record<string, unknown>;
  label: { text: string; owner: string; updatedAt: string | null };
}

async function tenantWithOperator(services = 2): Promise<{ t: TenantFixture; s: LoggedIn }> {
  const t = await createTenant(p.db.database, { services });
  const s = await login(p.portal, p.db.database, await createUser(p.db.database, t.id, { role: 'operator' }));
  return { t, s };
}

describe('label rules', () => {
  it('trims, counts code points, refuses control characters and broken text', () => {
    expect(labelProblem('  本社 IPsec  ')).toBeNull();
    expect(labelProblem('😀'.repeat(200))).toBeNull(); // 400 UTF-16 units, 200 characters
    expect(labelProblem('😀'.repeat(201))).toBe('too_long');
    expect(labelProblem(` ${'a'.repeat(200)}\n`)).toBeNull(); // trimmed first
    for (const c of [
      '\u0000',
      '\u0007',
      '\t',
      '\n',
      '\u001b',
      '\u001f',
      '\u007f',
      '\u0080',
      '\u0085',
      '\u009f',
    ])
      expect(labelProblem(`a${c}b`), JSON.stringify(c)).toBe('control');
    expect(labelProblem('a\ud800b')).toBe('encoding');
    expect(labelProblem('\u00a0 non-breaking and\u200b zero width')).toBeNull(); // not Cc
  });
});

describe(`labels (${engineName})`, () => {
  it('stores a label verbatim after trimming, audited with before and after', async () => {
    const { t, s } = await tenantWithOperator();
    const id = t.serviceIds[0]!;
    const hostile = `<img src=x onerror=alert(1)>'; DROP TABLE services; --`;
    const r = await putLabel(s, id, `  ${hostile}  `);
    expect(r.statusCode, r.body).toBe(200);
    const out = r.json<Service>();
    expect(out.label).toMatchObject({ text: hostile, owner: 'customer' });
    expect(out.label.updatedAt).toMatch(/\+09:00$/);
    expect(out.owner).toBe('provider');
    const again = await putLabel(s, id, '本社 IPsec 🏢');
    expect(again.json<Service>().label.text).toBe('本社 IPsec 🏢');
    const audit = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'summary', 'tenant_id', 'actor_kind'])
        .where('target_id', '=', id)
        .orderBy('seq')
        .execute(),
    );
    expect(audit.map((a) => [a.action, a.summary.before, a.summary.after])).toEqual([
      ['service.label.set', '', hostile],
      ['service.label.set', hostile, '本社 IPsec 🏢'],
    ]);
    expect(audit[0]).toMatchObject({ tenant_id: t.id, actor_kind: 'customer' });
    // the services table is still there, and the label shows wherever the code does
    const conns = await get(s, '/api/v1/connections');
    const conn = conns
      .json<{ service: { id: string; label: string }; owner: string }[]>()
      .find((c) => c.service.id === id);
    expect(conn).toMatchObject({ owner: 'customer', service: { id, label: '本社 IPsec 🏢' } });
    expect((await putLabel(s, id, '')).json<Service>().label.text).toBe(''); // clears it
  });

  it('accepts 200 characters (emoji and Japanese), refuses 201 and control characters with a field error', async () => {
    const { t, s } = await tenantWithOperator(1);
    const id = t.serviceIds[0]!;
    for (const ok of ['大阪ラック'.repeat(40), '🇯🇵'.repeat(100), '😀'.repeat(200), 'ｶﾀｶﾅ ＦＵＬＬ'])
      expect((await putLabel(s, id, ok)).statusCode, ok.slice(0, 10)).toBe(200);
    const long = await putLabel(s, id, 'あ'.repeat(201), 'ja');
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({
      code: 'validation_failed',
      errors: [
        {
          field: '/body/label',
          code: 'label_too_long',
          message: 'ラベルは 200 文字以内で入力してください。',
        },
      ],
    });
    const ctrl = await putLabel(s, id, 'line1\nline2');
    expect(ctrl.statusCode).toBe(400);
    const ctrlError = ctrl.json<{ errors: { field: string; code: string; message: string }[] }>().errors[0]!;
    expect(ctrlError).toMatchObject({ field: '/body/label', code: 'label_control' });
    expect(ctrlError.message).toMatch(/control characters/);
    for (const bad of ['a\u0000b', 'a\u0085b', 'tab\there'])
      expect((await putLabel(s, id, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    for (const bad of [42, null, ['x'], { text: 'x' }])
      expect((await putLabel(s, id, bad)).statusCode).toBe(400);
    const current = (await get(s, `/api/v1/services/${id}`)).json<Service>();
    expect(current.label.text).toBe('ｶﾀｶﾅ ＦＵＬＬ'); // refused changes changed nothing
  });

  it('searches code and label, case- and width-insensitively, with wildcards taken literally', async () => {
    const { t, s } = await tenantWithOperator(3);
    await putLabel(s, t.serviceIds[0]!, 'Tokyo HQ 本社');
    await putLabel(s, t.serviceIds[1]!, 'ＯＳＡＫＡ ﾗｯｸ 100%');
    await putLabel(s, t.serviceIds[2]!, 'Nagoya_factory');
    const search = async (q: string) =>
      (await get(s, `/api/v1/services?q=${encodeURIComponent(q)}`)).json<Service[]>().map((x) => x.id);
    expect(await search('tokyo hq')).toEqual([t.serviceIds[0]]);
    expect(await search('ｔｏｋｙｏ')).toEqual([t.serviceIds[0]]); // full-width query
    expect(await search('osaka')).toEqual([t.serviceIds[1]]); // full-width label
    expect(await search('ラック')).toEqual([t.serviceIds[1]]); // half-width katakana label
    expect(await search('本社')).toEqual([t.serviceIds[0]]);
    expect(await search('100%')).toEqual([t.serviceIds[1]]);
    expect(await search('%')).toEqual([t.serviceIds[1]]);
    expect(await search('_')).toEqual([t.serviceIds[2]]);
    expect(await search('no such label')).toEqual([]);
    const all = (await get(s, '/api/v1/services')).json<Service[]>();
    const code = all.find((x) => x.id === t.serviceIds[2])!.code;
    expect(await search(code.toLowerCase())).toEqual([t.serviceIds[2]]);
    expect(all[0]).toMatchObject({ status: 'active', owner: 'provider', options: {} });
    expect(all[0]!.contractNumber).toMatch(/^K-/);
    expect((await get(s, `/api/v1/services?q=${'x'.repeat(201)}`)).statusCode).toBe(400);
  });

  it('keeps labels within the tenant and the service-code scope', async () => {
    const { t: a, s: sa } = await tenantWithOperator(2);
    const { t: b, s: sb } = await tenantWithOperator(1);
    await putLabel(sb, b.serviceIds[0]!, 'B secret site');
    // A cannot read or label B's service: 404, like a missing one
    expect((await get(sa, `/api/v1/services/${b.serviceIds[0]}`)).statusCode).toBe(404);
    expect((await putLabel(sa, b.serviceIds[0]!, 'hijack')).statusCode).toBe(404);
    expect((await get(sa, '/api/v1/services?q=secret')).json()).toEqual([]);
    expect((await get(sb, `/api/v1/services/${b.serviceIds[0]}`)).json<Service>().label.text).toBe(
      'B secret site',
    );

    const scoped = await createUser(p.db.database, a.id, {
      role: 'operator',
      serviceScope: [a.serviceIds[1]!],
    });
    const ss = await login(p.portal, p.db.database, scoped);
    expect((await get(ss, '/api/v1/services')).json<Service[]>().map((x) => x.id)).toEqual([a.serviceIds[1]]);
    expect((await get(ss, `/api/v1/services/${a.serviceIds[0]}`)).statusCode).toBe(404);
    expect((await putLabel(ss, a.serviceIds[0]!, 'outside')).statusCode).toBe(404);
    expect((await putLabel(ss, a.serviceIds[1]!, 'inside')).statusCode).toBe(200);

    const viewer = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, a.id, { role: 'viewer' }),
    );
    expect((await putLabel(viewer, a.serviceIds[1]!, 'viewer')).statusCode).toBe(403);
  });

  it('shows one service with its contract, options and connections', async () => {
    const { t, s } = await tenantWithOperator(1);
    const r = await get(s, `/api/v1/services/${t.serviceIds[0]}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      id: t.serviceIds[0],
      owner: 'provider',
      contract: {
        id: t.contractId,
        status: 'active',
        startDate: '2026-01-01',
        endDate: null,
        owner: 'provider',
      },
      connections: [{ id: t.connectionIds[0], owner: 'customer' }],
      label: { text: '', owner: 'customer', updatedAt: null },
    });
  });
});
