import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';

let p: TestPlatform;
let viewer: LoggedIn;
let viewerId: string;
let security: LoggedIn;
let noc: LoggedIn;
beforeAll(async () => {
  p = await createTestPlatform();
  const t = await createTenant(p.db.database);
  const v = await createUser(p.db.database, t.id, { role: 'viewer' });
  viewerId = v.id;
  viewer = await login(p.portal, p.db.database, v);
  security = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
});
afterAll(async () => p?.close());

const downloads = (actorId: string) =>
  inTransaction(p.db.database, systemScope(), () =>
    db()
      .selectFrom('audit.log')
      .select(['summary', 'tenant_id'])
      .where('actor_id', '=', actorId)
      .where('action', '=', 'compliance.statement_download')
      .execute(),
  );

describe('statement downloads', () => {
  it('portal: any customer user gets the PDF and the HTML in ja and en, every download audited', async () => {
    const pdf = await p.portal.inject({
      method: 'GET',
      url: '/api/v1/compliance/statement/pdf?lang=ja',
      headers: viewer.headers,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(
      /^attachment; filename="iso27017-statement-\d{4}-\d{2}-\d{2}-ja\.pdf"$/,
    );
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const html = await p.portal.inject({
      method: 'GET',
      url: '/api/v1/compliance/statement/html?lang=en',
      headers: viewer.headers,
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain('<html lang="en">');
    // every clause of the catalogue is in the document, in the whitepaper's order
    const a = await p.portal.inject({
      method: 'GET',
      url: '/api/v1/compliance/assessment',
      headers: viewer.headers,
    });
    const clauses = a
      .json<{ clauses: { clause: string }[] }>()
      .clauses.map((c) => c.clause)
      .filter((c) => !c.startsWith('principle-'));
    expect(clauses.length).toBeGreaterThanOrEqual(40);
    const shown = [...html.body.matchAll(/data-clause="([^"]+)"/g)].map((m) => m[1]);
    expect([...shown].sort()).toEqual([...clauses].sort());
    expect(shown.slice(0, 3)).toEqual(['5.1.1', '6.1.1', '6.1.3']);
    expect(shown.at(-1)).toBe('18.2.1');
    expect(html.body).toContain('Responsibility split');

    const audits = await downloads(viewerId);
    expect(audits.map((a) => (a.summary as { format: string }).format).sort()).toEqual(['html', 'pdf']);
    expect(audits.every((a) => a.tenant_id !== null)).toBe(true);
  });

  it('rejects a bad language with a 400 problem, and anonymous callers with a 401', async () => {
    const bad = await p.portal.inject({
      method: 'GET',
      url: '/api/v1/compliance/statement/pdf?lang=fr',
      headers: { ...viewer.headers, 'accept-language': 'en' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const anon = await p.portal.inject({ method: 'GET', url: '/api/v1/compliance/statement/html' });
    expect(anon.statusCode).toBe(401);
  });

  it('console: staff with compliance.read get it', async () => {
    const ok = await p.mgmt.inject({
      method: 'GET',
      url: '/api/v1/compliance/statement/html?lang=ja',
      headers: security.headers,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('責任分界点');
    const pdf = await p.mgmt.inject({
      method: 'GET',
      url: '/api/v1/compliance/statement/pdf',
      headers: noc.headers,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('a missing font answers 503 not_ready naming PVA_PDF_FONT, in the caller language', async () => {
    const before = process.env.PVA_PDF_FONT;
    process.env.PVA_PDF_FONT = '/nonexistent/font.ttf';
    try {
      const r = await p.portal.inject({
        method: 'GET',
        url: '/api/v1/compliance/statement/pdf',
        headers: { ...viewer.headers, 'accept-language': 'ja' },
      });
      expect(r.statusCode).toBe(503);
      expect(r.json<{ code: string; detail: string }>()).toMatchObject({ code: 'not_ready' });
      expect(r.body).toContain('PVA_PDF_FONT');
    } finally {
      if (before === undefined) delete process.env.PVA_PDF_FONT;
      else process.env.PVA_PDF_FONT = before;
    }
  });
});

describe('security policy page (5.1.1)', () => {
  it('is public on both listeners: the policy text, link and the ten principles', async () => {
    for (const app of [p.portal, p.mgmt]) {
      const r = await app.inject({ method: 'GET', url: '/api/v1/compliance/security-policy' });
      expect(r.statusCode).toBe(200);
      const body = r.json<{ text: { ja: string; en: string }; principles: { number: number }[] }>();
      expect(body.text.ja.length).toBeGreaterThan(0);
      expect(body.principles.map((x) => x.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
  });

  it("follows the staff's edits: policy text and link, and a principle's statement", async () => {
    const text = { ja: '当社の方針（テスト）です。', en: 'Our policy (test).' };
    const put = await p.mgmt.inject({
      method: 'PUT',
      url: '/api/v1/compliance/policy',
      headers: security.headers,
      payload: { text, url: 'https://example.com/policy' },
    });
    expect(put.statusCode).toBe(200);
    const edit = await p.mgmt.inject({
      method: 'PUT',
      url: '/api/v1/compliance/clauses/principle-3/statement',
      headers: security.headers,
      payload: { ja: 'テナントを分離する（編集）。', en: 'Tenants are isolated (edited).' },
    });
    expect(edit.statusCode).toBe(200);
    const r = await p.portal.inject({ method: 'GET', url: '/api/v1/compliance/security-policy' });
    expect(r.json()).toMatchObject({ text, url: 'https://example.com/policy' });
    expect(r.json<{ principles: { number: number; text: { en: string } }[] }>().principles[2]).toEqual({
      number: 3,
      text: { ja: 'テナントを分離する（編集）。', en: 'Tenants are isolated (edited).' },
    });
    const html = await p.portal.inject({
      method: 'GET',
      url: '/api/v1/compliance/statement/html?lang=ja',
      headers: viewer.headers,
    });
    expect(html.body).toContain('当社の方針（テスト）です。');
    expect(html.body).toContain('テナントを分離する（編集）。');
    expect(html.body).toContain('href="https://example.com/policy"');
  });
});
