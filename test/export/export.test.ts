import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { EXPORT_SCHEMA_PATH } from '../../src/modules/export/schema.ts';
import { ObjectCounter } from '../../web/src/features/export/progress.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { countObjects, createChangeRequest, exportValidator, parseCsv, type ExportDoc } from './support.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const validate = exportValidator();

async function setLabel(serviceId: string, label: string): Promise<void> {
  await sys(() => db().updateTable('customer.service').set({ label }).where('id', '=', serviceId).execute());
}

async function exportJson(
  s: LoggedIn,
): Promise<{ doc: ExportDoc; body: string; headers: Record<string, unknown> }> {
  const r = await p.portal.inject({ url: '/api/v1/export?format=json', headers: s.headers });
  expect(r.statusCode, r.body).toBe(200);
  return { doc: JSON.parse(r.body) as ExportDoc, body: r.body, headers: r.headers };
}

/** A tenant with an administrator, a label, IP allowlist, a change request and an API token. */
async function populated(opts: { marker?: string } = {}) {
  const t = await createTenant(p.db.database, { services: 3, ...(opts.marker ? { name: opts.marker } : {}) });
  const admin = await createUser(p.db.database, t.id, { role: 'admin' });
  await setLabel(t.serviceIds[0]!, opts.marker ? `${opts.marker} 本社` : '東京本社, "main" site\n2F');
  await sys(() =>
    db()
      .insertInto('customer.tenant_setting')
      .values({ tenant_id: t.id, ip_allowlist: ['127.0.0.1/32', '203.0.113.0/24'] })
      .execute(),
  );
  await createChangeRequest(p.db.database, t.id, t.serviceIds[1]!, { requestedBy: admin.id });
  return { t, admin, s: await login(p.portal, p.db.database, admin) };
}

describe(`settings export (${engineName})`, () => {
  it('is a streamed attachment that validates against docs/export-schema.json, with the object count up front', async () => {
    const { t, s } = await populated();
    const { doc, headers } = await exportJson(s);
    const ok = validate(doc);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    expect(doc.format).toBe('pva-settings-export');
    expect(doc.version).toBe(1);
    expect(doc.exportedAt).toMatch(/\+09:00$/);
    expect(headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="pva-export-${t.code}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
    );
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(headers['cache-control']).toBe('no-store');
    expect(Number(headers['x-pva-export-objects'])).toBe(countObjects(doc));
    expect(doc.tenant).toMatchObject({ id: t.id, code: t.code, owner: 'provider' });
    expect(doc.services.map((x) => x.id).sort()).toEqual([...t.serviceIds].sort());
    expect(doc.services.find((x) => x.id === t.serviceIds[0])!.label).toBe('東京本社, "main" site\n2F');
    expect(doc.connections.map((x) => x.id).sort()).toEqual([...t.connectionIds].sort());
    expect(doc.connections.every((c) => c.owner === 'customer')).toBe(true);
    expect(doc.contracts.map((c) => c.id)).toEqual([t.contractId]);
    expect(doc.users).toHaveLength(1);
    expect(doc.securitySettings).toMatchObject({
      ipAllowlist: ['127.0.0.1/32', '203.0.113.0/24'],
      owner: 'customer',
    });
    expect(doc.changeRequests).toHaveLength(1);
    expect(doc.changeRequestEvents).toHaveLength(2);
    expect(doc.scope).toEqual({
      role: 'admin',
      serviceScope: null,
      sections: [
        'tenant',
        'contracts',
        'services',
        'virtualNetworks',
        'connections',
        'users',
        'securitySettings',
        'changeRequests',
        'changeRequestEvents',
      ],
    });
    // one audit record, with the format and the counts
    const audits = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['summary', 'actor_id'])
        .where('tenant_id', '=', t.id)
        .where('action', '=', 'export.download')
        .execute(),
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]!.summary).toMatchObject({
      format: 'json',
      objects: countObjects(doc),
      counts: { services: 3, connections: 3, changeRequests: 1, changeRequestEvents: 2 },
    });
  });

  it('never contains a password hash, second-factor secret or token hash', async () => {
    const { t, admin, s } = await populated();
    // an API token and a recovery code exist for the administrator
    const tok = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'backup', scope: 'read', expiresInDays: 30 },
      headers: s.headers,
    });
    expect(tok.statusCode, tok.body).toBe(201);
    const secrets = await sys(async () => ({
      hash: (
        await db()
          .selectFrom('customer.app_user')
          .select('password_hash')
          .where('id', '=', admin.id)
          .executeTakeFirstOrThrow()
      ).password_hash!,
      tokenHashes: (
        await db().selectFrom('iam.api_token').select('token_hash').where('tenant_id', '=', t.id).execute()
      ).map((r) => r.token_hash),
    }));
    const { body } = await exportJson(s);
    expect(body).not.toMatch(/password|passwordHash|password_hash|token_hash|secret|\$argon2/i);
    expect(body).not.toContain(secrets.hash);
    expect(body).not.toContain(admin.totpSecret!);
    for (const h of secrets.tokenHashes) expect(body).not.toContain(h);
    expect(body).not.toContain(tok.json<{ token: string }>().token);
    expect(body).not.toContain(s.csrf);
    // a read-only API token of the administrator exports the same, for a nightly job
    const viaToken = await p.portal.inject({
      url: '/api/v1/export',
      headers: { authorization: `Bearer ${tok.json<{ token: string }>().token}` },
    });
    expect(viaToken.statusCode).toBe(200);
    expect(countObjects(JSON.parse(viaToken.body) as ExportDoc)).toBe(
      Number(viaToken.headers['x-pva-export-objects']),
    );
    expect(viaToken.body).not.toContain(tok.json<{ token: string }>().token);
  });

  it('limits a scoped user to their services and what hangs off them, without users or security settings', async () => {
    const { t, admin } = await populated();
    const other = await createChangeRequest(p.db.database, t.id, t.serviceIds[2]!, { requestedBy: admin.id });
    const scoped = await createUser(p.db.database, t.id, {
      role: 'operator',
      serviceScope: [t.serviceIds[1]!],
    });
    const s = await login(p.portal, p.db.database, scoped);
    const { doc, headers } = await exportJson(s);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.services.map((x) => x.id)).toEqual([t.serviceIds[1]]);
    expect(doc.connections.map((x) => x.id)).toEqual([t.connectionIds[1]]);
    expect(doc.contracts.map((x) => x.id)).toEqual([t.contractId]);
    expect(doc.changeRequests!.every((c) => c.serviceId === t.serviceIds[1])).toBe(true);
    expect(doc.changeRequests).toHaveLength(1);
    expect(doc.changeRequestEvents!.some((e) => e.changeRequestId === other)).toBe(false);
    expect(doc.users).toBeUndefined();
    expect(doc.securitySettings).toBeUndefined();
    expect(doc.scope.role).toBe('operator');
    expect(doc.scope.serviceScope).toHaveLength(1);
    expect(Number(headers['x-pva-export-objects'])).toBe(countObjects(doc));
    // the administrator-only sections are refused as CSV too
    const r = await p.portal.inject({ url: '/api/v1/export?format=csv&section=users', headers: s.headers });
    expect(r.statusCode).toBe(403);
    // a user limited to no service exports no service data at all
    const none = await createUser(p.db.database, t.id, { role: 'operator', serviceScope: [] });
    const empty = (await exportJson(await login(p.portal, p.db.database, none))).doc;
    expect([empty.contracts, empty.services, empty.connections, empty.changeRequests]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  it("never puts tenant B's data into tenant A's export", async () => {
    const a = await populated({ marker: 'ALPHA-MARKER' });
    const b = await populated({ marker: 'BRAVO-MARKER' });
    const scopedB = await createUser(p.db.database, b.t.id, { role: 'operator', serviceScope: null });
    const { body } = await exportJson(a.s);
    expect(body).toContain('ALPHA-MARKER');
    expect(body).not.toContain('BRAVO-MARKER');
    for (const id of [
      b.t.id,
      b.t.contractId,
      ...b.t.serviceIds,
      ...b.t.connectionIds,
      b.admin.id,
      scopedB.id,
    ])
      expect(body).not.toContain(id);
    expect(body).not.toContain(b.admin.login);
    for (const section of ['services', 'users', 'changeRequests']) {
      const csv = await p.portal.inject({
        url: `/api/v1/export?format=csv&section=${section}`,
        headers: a.s.headers,
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain('BRAVO-MARKER');
      expect(csv.body).not.toContain(b.admin.login);
    }
  });

  it('writes one CSV per section: RFC 4180 quoting, a BOM, CRLF, JST times, no formulas', async () => {
    const t = await createTenant(p.db.database, { services: 5 });
    const labels = [
      'a, b',
      'say "hi"',
      'line1\nline2\r\nline3',
      '=HYPERLINK("http://x.example","y")',
      `<img src=x onerror=alert(1)> '; DROP TABLE`,
    ];
    for (const [i, label] of labels.entries()) await setLabel(t.serviceIds[i]!, label);
    const s = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, t.id, { role: 'operator' }),
    );
    const r = await p.portal.inject({
      url: '/api/v1/export?format=csv&section=services',
      headers: s.headers,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(r.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="pva-export-${t.code}-services-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect(r.headers['x-pva-export-objects']).toBe('5');
    const raw = r.rawPayload.toString('utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true);
    expect(raw).toContain('"a, b"');
    expect(raw).toContain('"say ""hi"""');
    const rows = parseCsv(raw.slice(1));
    const [header, ...data] = rows;
    expect(header).toEqual([
      'owner',
      'id',
      'code',
      'label',
      'labelUpdatedAt',
      'type',
      'bandwidthMbps',
      'options',
      'contractId',
      'contractNumber',
      'createdAt',
    ]);
    expect(data).toHaveLength(5);
    const byId = new Map(data.map((row) => [row[1], row]));
    expect(byId.get(t.serviceIds[0])![3]).toBe('a, b');
    expect(byId.get(t.serviceIds[1])![3]).toBe('say "hi"');
    expect(byId.get(t.serviceIds[2])![3]).toBe('line1\nline2\r\nline3');
    // a spreadsheet must not run a label as a formula; the JSON export keeps the exact text
    expect(byId.get(t.serviceIds[3])![3]).toBe(`'${labels[3]}`);
    expect(byId.get(t.serviceIds[4])![3]).toBe(labels[4]);
    for (const row of data) {
      expect(row[0]).toBe('provider');
      expect(row[10]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+09:00$/);
    }
    const json = (await exportJson(s)).doc;
    for (const [i, label] of labels.entries())
      expect(json.services.find((x) => x.id === t.serviceIds[i])!.label).toBe(label);
    // every section this user has is available as CSV, with one row per object
    const info = (await p.portal.inject({ url: '/api/v1/export/sections', headers: s.headers })).json<{
      objects: number;
      sections: { name: string; count: number }[];
    }>();
    expect(info.objects).toBe(countObjects(json));
    for (const sec of info.sections) {
      const c = await p.portal.inject({
        url: `/api/v1/export?format=csv&section=${sec.name}`,
        headers: s.headers,
      });
      expect(c.statusCode, `${sec.name}: ${c.body}`).toBe(200);
      expect(parseCsv(c.rawPayload.toString('utf8').slice(1))).toHaveLength(sec.count + 1);
    }
  });

  it('answers bad input with problem+json and refuses users without the permission', async () => {
    const { t, s } = await populated();
    for (const url of [
      '/api/v1/export?format=xml',
      '/api/v1/export?format=csv',
      '/api/v1/export?format=csv&section=passwords',
      '/api/v1/export?format=json&extra=1',
    ]) {
      const r = await p.portal.inject({ url, headers: { ...s.headers, 'accept-language': 'en' } });
      expect(r.statusCode, url).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const viewer = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, t.id, { role: 'viewer' }),
    );
    expect((await p.portal.inject({ url: '/api/v1/export', headers: viewer.headers })).statusCode).toBe(403);
    expect((await p.portal.inject({ url: '/api/v1/export' })).statusCode).toBe(401);
    // the management listener has no export route
    expect((await p.mgmt.inject({ url: '/api/v1/export' })).statusCode).toBe(404);
    // but a viewer may read the published schema, byte for byte the file in docs/
    const schema = await p.portal.inject({ url: '/api/v1/export/schema', headers: viewer.headers });
    expect(schema.statusCode).toBe(200);
    expect(schema.headers['content-type']).toMatch(/^application\/schema\+json/);
    expect(schema.body).toBe(readFileSync(EXPORT_SCHEMA_PATH, 'utf8'));
    const parsed = schema.json<{ $id: string; $schema: string }>();
    expect(parsed.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(parsed.$id).toMatch(/v1$/);
  });

  it("lets the portal count objects as bytes arrive, whatever the chunking and the labels' text", async () => {
    const t = await createTenant(p.db.database, { services: 3 });
    await setLabel(t.serviceIds[0]!, '"owner": "customer", {"owner":"provider"}');
    await setLabel(t.serviceIds[1]!, '東京本社 🏢 \\"owner":');
    const s = await login(p.portal, p.db.database, await createUser(p.db.database, t.id, { role: 'admin' }));
    const r = await p.portal.inject({ url: '/api/v1/export', headers: s.headers });
    const bytes = r.rawPayload;
    const expected = Number(r.headers['x-pva-export-objects']);
    expect(countObjects(JSON.parse(r.body) as ExportDoc)).toBe(expected);
    for (const size of [1, 2, 3, 7, 64, 1000, bytes.length]) {
      const c = new ObjectCounter();
      for (let at = 0; at < bytes.length; at += size) c.push(new Uint8Array(bytes.subarray(at, at + size)));
      expect(c.objects, `chunks of ${size}`).toBe(expected);
      expect(c.bytes).toBe(bytes.length);
    }
  });
});
