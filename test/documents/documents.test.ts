import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import type { DocumentKind, DocumentServiceType } from '../../src/db/schema.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { insertDocument } from '../../src/modules/documents/repository.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

let p: TestPlatform;
let staff: LoggedIn;
beforeAll(async () => {
  p = await createTestPlatform();
  staff = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
});
afterAll(async () => p?.close());

const day = (offsetDays: number): string => zonedDate(new Date(Date.now() + offsetDays * 86_400_000));
let n = 0;
/** A fresh version number per call: versions are unique per (service type, kind). */
const nextVersion = (): string => `${++n}.0`;

interface Doc {
  id: string;
  owner: string;
  version: string;
  status: string;
  serviceType: string;
  kind: string;
  format: string;
  effectiveFrom: string;
  pdf: { filename: string; size: number; sha256: string } | null;
}
interface Group {
  serviceType: string;
  kind: string;
  current: Doc | null;
  earlier: Doc[];
  upcoming: Doc[];
}

function markdownDoc(over: Record<string, unknown> = {}) {
  return {
    serviceType: 'ipsec',
    kind: 'manual',
    version: nextVersion(),
    titleJa: '利用マニュアル',
    titleEn: 'User manual',
    bodyJa: '# 手順\n\n設定してください。',
    bodyEn: '# Steps\n\nConfigure it.',
    effectiveFrom: day(0),
    ...over,
  };
}

async function publish(payload: object, as: LoggedIn = staff) {
  return p.mgmt.inject({ method: 'POST', url: '/api/v1/documents', payload, headers: as.headers });
}
async function published(payload: object): Promise<Doc> {
  const r = await publish(payload);
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Doc>();
}

/** A version with a past effective date (the API refuses backdating; history is seeded directly). */
async function seedVersion(
  serviceType: DocumentServiceType,
  kind: DocumentKind,
  version: string,
  effectiveFrom: string,
): Promise<string> {
  return inTransaction(p.db.database, systemScope(), () =>
    insertDocument({
      serviceType,
      kind,
      version,
      titleJa: `版 ${version}`,
      titleEn: `Version ${version}`,
      effectiveFrom,
      createdBy: null,
      content: { format: 'markdown', bodyJa: `版 ${version}`, bodyEn: `Version ${version}` },
    }),
  );
}

async function addService(t: TenantFixture, type: 'direct' | 'option'): Promise<string> {
  return inTransaction(p.db.database, systemScope(), async () => {
    const r = await db()
      .insertInto('customer.service')
      .values({
        tenant_id: t.id,
        contract_id: t.contractId,
        code: `PVA${Math.random().toString().slice(2, 10)}`,
        type,
        bandwidth_mbps: 100,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
}

const groupsOf = async (s: LoggedIn): Promise<Group[]> => {
  const r = await p.portal.inject({ url: '/api/v1/documents', headers: s.headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<Group[]>();
};
const idsIn = (groups: Group[]): string[] =>
  groups.flatMap((g) => [...(g.current ? [g.current] : []), ...g.earlier, ...g.upcoming]).map((d) => d.id);

describe(`service documents: publishing (${engineName})`, () => {
  it('publishes a Markdown version, audited, owned by the provider', async () => {
    const d = await published(markdownDoc({ kind: 'specification' }));
    expect(d).toMatchObject({ owner: 'provider', format: 'markdown', status: 'in_force', pdf: null });
    const list = await p.mgmt.inject({ url: '/api/v1/documents', headers: staff.headers });
    expect(list.json<Doc[]>().map((x) => x.id)).toContain(d.id);
    const one = await p.mgmt.inject({ url: `/api/v1/documents/${d.id}`, headers: staff.headers });
    expect(one.json<{ bodyJa: string; publishedBy: { name: string } }>()).toMatchObject({
      bodyJa: '# 手順\n\n設定してください。',
      publishedBy: { name: expect.any(String) as string },
    });
    // staff preview the document as customers receive it
    const preview = await p.mgmt.inject({
      url: `/api/v1/documents/${d.id}/content?lang=en`,
      headers: staff.headers,
    });
    expect(preview.json<{ html: string }>().html).toBe('<h1>Steps</h1>\n<p>Configure it.</p>\n');
    const audit = await inTransaction(p.db.database, systemScope(), () =>
      db().selectFrom('audit.log').selectAll().where('target_id', '=', d.id).execute(),
    );
    expect(audit.map((a) => a.action)).toEqual(['document.publish']);
    expect(audit[0]!.summary).toMatchObject({ kind: 'specification', version: d.version });
  });

  it('refuses a duplicate version, a backdated one, bad input, and staff without compliance.manage', async () => {
    const body = markdownDoc();
    await published(body);
    const dup = await publish(body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json<{ code: string }>().code).toBe('document_version_exists');
    const back = await publish(markdownDoc({ effectiveFrom: day(-1) }));
    expect(back.statusCode).toBe(400);
    expect(back.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('/body/effectiveFrom');
    for (const bad of [
      markdownDoc({ kind: 'brochure' }),
      markdownDoc({ serviceType: 'satellite' }),
      markdownDoc({ version: 'v1' }),
      markdownDoc({ effectiveFrom: '2026-02-30' }),
      markdownDoc({ titleJa: '   ' }),
      markdownDoc({ bodyEn: '' }),
      { ...markdownDoc(), extra: 1 },
      { ...markdownDoc(), contentBase64: 'JVBERi0xLjQK' },
    ]) {
      const r = await publish(bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
    expect((await publish(markdownDoc(), noc)).statusCode).toBe(403);
    expect((await p.mgmt.inject({ url: '/api/v1/documents', headers: noc.headers })).statusCode).toBe(403);
  });

  it('withdraws a version not yet in force, and keeps one that is', async () => {
    const future = await published(markdownDoc({ effectiveFrom: day(10) }));
    expect(future.status).toBe('upcoming');
    const now = await published(markdownDoc());
    const refused = await p.mgmt.inject({
      method: 'DELETE',
      url: `/api/v1/documents/${now.id}`,
      headers: staff.headers,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ code: string }>().code).toBe('document_in_force');
    const del = await p.mgmt.inject({
      method: 'DELETE',
      url: `/api/v1/documents/${future.id}`,
      headers: staff.headers,
    });
    expect(del.statusCode).toBe(204);
    const gone = await p.mgmt.inject({ url: `/api/v1/documents/${future.id}`, headers: staff.headers });
    expect(gone.statusCode).toBe(404);
    const audit = await inTransaction(p.db.database, systemScope(), () =>
      db().selectFrom('audit.log').select('action').where('target_id', '=', future.id).execute(),
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['document.delete', 'document.publish']);
  });
});

describe(`service documents: PDF (${engineName})`, () => {
  const pdfBytes = Buffer.concat([
    Buffer.from('%PDF-1.7\n'),
    Buffer.from([0, 1, 2, 255, 254]),
    Buffer.from('\n%%EOF\n'),
  ]);

  it('stores a PDF and hands the same bytes back as an attachment', async () => {
    const t = await createTenant(p.db.database, { services: 1 });
    const u = await login(p.portal, p.db.database, await createUser(p.db.database, t.id, { role: 'viewer' }));
    const d = await published({
      serviceType: 'ipsec',
      kind: 'whitepaper',
      version: nextVersion(),
      titleJa: 'ホワイトペーパー',
      titleEn: 'Whitepaper',
      effectiveFrom: day(0),
      contentBase64: pdfBytes.toString('base64'),
      filename: 'ISO27017 対応表.pdf',
    });
    expect(d.pdf).toEqual({
      filename: 'ISO27017 対応表.pdf',
      size: pdfBytes.byteLength,
      sha256: createHash('sha256').update(pdfBytes).digest('hex'),
    });
    const r = await p.portal.inject({ url: `/api/v1/documents/${d.id}/content`, headers: u.headers });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="ISO27017____.pdf"; filename*=UTF-8''${encodeURIComponent('ISO27017 対応表.pdf')}`,
    );
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(r.rawPayload, pdfBytes)).toBe(0);
  });

  it('refuses a file that is not a PDF, and one over 10 MB', async () => {
    const base = {
      serviceType: 'ipsec',
      kind: 'whitepaper',
      titleJa: 'x',
      titleEn: 'x',
      effectiveFrom: day(0),
    };
    const html = await publish({
      ...base,
      version: nextVersion(),
      contentBase64: Buffer.from('<html><script>alert(1)</script></html>').toString('base64'),
    });
    expect(html.statusCode).toBe(400);
    expect(html.json<{ code: string }>().code).toBe('not_a_pdf');
    const notBase64 = await publish({ ...base, version: nextVersion(), contentBase64: '%PDF-1.7 plain' });
    expect(notBase64.statusCode).toBe(400);
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    big.write('%PDF-1.7\n');
    const tooBig = await publish({ ...base, version: nextVersion(), contentBase64: big.toString('base64') });
    // within the route's 15 MB body limit, over the 10 MB file limit
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json<{ code: string }>().code).toBe('body_too_large');
    const huge = await publish({
      ...base,
      version: nextVersion(),
      contentBase64: 'A'.repeat(16 * 1024 * 1024),
    });
    expect(huge.statusCode).toBe(413);
    // other routes keep the 1 MB default
    const other = await p.mgmt.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'x@example.com', password: 'p'.repeat(2 * 1024 * 1024) },
    });
    expect(other.statusCode).toBe(413);
  });
});

describe(`service documents: what customers see (${engineName})`, () => {
  it('shows the documents of the service types a user can see: by tenant and by service scope', async () => {
    const ipsecOnly = await createTenant(p.db.database, { services: 1 });
    const mixed = await createTenant(p.db.database, { services: 1 });
    const directId = await addService(mixed, 'direct');
    const forAll = await published(markdownDoc({ serviceType: 'all', kind: 'terms' }));
    const forIpsec = await published(markdownDoc({ serviceType: 'ipsec', kind: 'terms' }));
    const forDirect = await published(markdownDoc({ serviceType: 'direct', kind: 'terms' }));

    const a = await login(p.portal, p.db.database, await createUser(p.db.database, ipsecOnly.id));
    const m = await login(p.portal, p.db.database, await createUser(p.db.database, mixed.id));
    const scopedIpsec = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, mixed.id, { role: 'viewer', serviceScope: [mixed.serviceIds[0]!] }),
    );
    const scopedDirect = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, mixed.id, { role: 'viewer', serviceScope: [directId] }),
    );
    const seen = async (s: LoggedIn) => idsIn(await groupsOf(s));

    expect(await seen(a)).toEqual(expect.arrayContaining([forAll.id, forIpsec.id]));
    expect(await seen(a)).not.toContain(forDirect.id);
    expect(await seen(m)).toEqual(expect.arrayContaining([forAll.id, forIpsec.id, forDirect.id]));
    expect(await seen(scopedIpsec)).not.toContain(forDirect.id);
    expect(await seen(scopedDirect)).toEqual(expect.arrayContaining([forAll.id, forDirect.id]));
    expect(await seen(scopedDirect)).not.toContain(forIpsec.id);

    // a document the user may not see is missing, by id and by content
    for (const [s, id] of [
      [a, forDirect.id],
      [scopedIpsec, forDirect.id],
      [scopedDirect, forIpsec.id],
    ] as const) {
      for (const url of [`/api/v1/documents/${id}`, `/api/v1/documents/${id}/content`]) {
        const r = await p.portal.inject({ url, headers: s.headers });
        expect(r.statusCode, url).toBe(404);
        expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
    const ok = await p.portal.inject({ url: `/api/v1/documents/${forDirect.id}`, headers: m.headers });
    expect(ok.json<Doc>()).toMatchObject({ id: forDirect.id, owner: 'provider', serviceType: 'direct' });
    expect((await p.portal.inject({ url: '/api/v1/documents' })).statusCode).toBe(401);
  });

  it('tells the version in force from the earlier and upcoming ones', async () => {
    const t = await createTenant(p.db.database, { services: 1 });
    await addService(t, 'option');
    const s = await login(p.portal, p.db.database, await createUser(p.db.database, t.id, { role: 'viewer' }));
    const v10 = await seedVersion('option', 'specification', '1.0', '2024-04-01');
    const v11 = await seedVersion('option', 'specification', '1.1', '2025-04-01');
    const v20 = await published(
      markdownDoc({ serviceType: 'option', kind: 'specification', version: '2.0', effectiveFrom: day(30) }),
    );
    const g = (await groupsOf(s)).find((x) => x.serviceType === 'option' && x.kind === 'specification')!;
    expect(g.current).toMatchObject({
      id: v11,
      version: '1.1',
      status: 'in_force',
      effectiveFrom: '2025-04-01',
    });
    expect(g.earlier.map((d) => [d.version, d.status])).toEqual([['1.0', 'superseded']]);
    expect(g.upcoming.map((d) => [d.id, d.status])).toEqual([[v20.id, 'upcoming']]);
    const one = await p.portal.inject({ url: `/api/v1/documents/${v10}`, headers: s.headers });
    expect(one.json<Doc>().status).toBe('superseded');

    // a version effective today takes over; the one it replaces becomes earlier
    const v12 = await published(
      markdownDoc({ serviceType: 'option', kind: 'specification', version: '1.2' }),
    );
    const g2 = (await groupsOf(s)).find((x) => x.serviceType === 'option' && x.kind === 'specification')!;
    expect(g2.current?.id).toBe(v12.id);
    expect(g2.earlier.map((d) => d.version)).toEqual(['1.1', '1.0']);
  });
});

describe(`service documents: safe rendering (${engineName})`, () => {
  it('renders Markdown without scripts, images or javascript: links, in ja and en', async () => {
    const t = await createTenant(p.db.database, { services: 1 });
    const s = await login(p.portal, p.db.database, await createUser(p.db.database, t.id, { role: 'viewer' }));
    const evil = [
      '# Title',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '[y](JAVASCRIPT:alert(1)) [z](jav&#x61;script:alert(1)) <javascript:alert(1)>',
      '![pic](https://example.com/a.png)',
      '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[ok](https://example.com/spec)',
    ].join('\n\n');
    const d = await published(
      markdownDoc({ kind: 'responsibility', bodyJa: `${evil}\n\n日本語`, bodyEn: evil }),
    );
    for (const lang of ['ja', 'en'] as const) {
      const r = await p.portal.inject({
        url: `/api/v1/documents/${d.id}/content?lang=${lang}`,
        headers: s.headers,
      });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json<{ html: string; lang: string; owner: string; title: string }>();
      expect(body).toMatchObject({
        lang,
        owner: 'provider',
        title: lang === 'ja' ? '利用マニュアル' : 'User manual',
      });
      const html = body.html;
      expect(html).toContain('<h1>Title</h1>');
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
      expect(html).not.toMatch(/href="[^"]*javascript:/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain(
        '<a href="https://example.com/spec" target="_blank" rel="noopener noreferrer">ok</a>',
      );
      expect(html.includes('日本語')).toBe(lang === 'ja');
    }
    // without ?lang the Accept-Language decides
    const en = await p.portal.inject({
      url: `/api/v1/documents/${d.id}/content`,
      headers: { ...s.headers, 'accept-language': 'en' },
    });
    expect(en.json<{ lang: string }>().lang).toBe('en');
    const bad = await p.portal.inject({
      url: `/api/v1/documents/${d.id}/content?lang=fr`,
      headers: s.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});
