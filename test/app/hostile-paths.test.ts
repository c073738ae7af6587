import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';

/** Regressions found by the fuzzer (test/fuzz): each answered a 5xx or a non-problem error before. */
let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

describe('input the router or the database cannot take is a 400 problem', () => {
  it('a path segment that is not valid percent-encoded UTF-8', async () => {
    for (const seg of ['%ED%A0%80', '%C0%AE%C0%AE', '%FF']) {
      const r = await p.portal.inject({
        url: `/api/v1/services/${seg}`,
        headers: { 'accept-language': 'en' },
      });
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json()).toMatchObject({ code: 'validation_failed', title: 'The request is not valid.' });
    }
  });

  it('a path segment longer than any id', async () => {
    const r = await p.mgmt.inject({ url: `/api/v1/network/devices/${'a'.repeat(250)}` });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'validation_failed', title: '入力内容に誤りがあります。' });
  });

  it('U+0000 in a body string, a body key or a query value (PostgreSQL text cannot hold it)', async () => {
    const reset = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { login: '\u0000' },
      headers: { 'accept-language': 'en' },
    });
    expect(reset.statusCode).toBe(400);
    expect(reset.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: '/body/login' }] });
    const login = await p.mgmt.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'a\u0000b@example.com', password: 'x' },
    });
    expect(login.statusCode).toBe(400);
    const q = await p.portal.inject({ url: '/api/v1/services?q=%00' });
    expect([400, 401]).toContain(q.statusCode); // refused before or after authentication, never a 500
  });
});
