import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/types.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

type Doc = { paths: Record<string, Record<string, unknown>> };
interface Route {
  method: string;
  url: string;
}
const FOREIGN = '00000000-0000-4000-8000-000000000000';

function routes(app: App): Route[] {
  const doc = app.swagger() as unknown as Doc;
  const out: Route[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods))
      out.push({ method: method.toUpperCase(), url: path.replace(/\{[^}]+\}/g, FOREIGN) });
  }
  return out;
}

const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
const HOSTILE_BODIES: { name: string; payload: string | Buffer; type?: string }[] = [
  { name: 'wrong types', payload: JSON.stringify({ token: 1, email: [], name: {}, password: true }) },
  { name: 'array instead of object', payload: '[1,2,3]' },
  { name: 'scalar', payload: '42' },
  { name: 'null', payload: 'null' },
  {
    name: 'huge string',
    payload: JSON.stringify({
      token: 'x'.repeat(900_000),
      email: 'a@b.example',
      name: 'n',
      password: 'p'.repeat(20),
    }),
  },
  {
    name: 'invalid UTF-8',
    payload: Buffer.concat([
      Buffer.from('{"name":"'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('"}'),
    ]),
  },
  { name: 'deep nesting', payload: deep(100_000) },
  { name: 'deep object nesting', payload: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) },
  { name: 'malformed JSON', payload: '{"token": "abc",' },
  { name: 'prototype pollution', payload: '{"__proto__": {"admin": true}, "token": "t"}' },
  { name: '10 MB body', payload: Buffer.alloc(10 * 1024 * 1024, 0x61) },
  { name: 'wrong content type', payload: '<xml/>', type: 'application/xml' },
  {
    name: 'SQL payload',
    payload: JSON.stringify({
      token: "'; DROP TABLE audit.log; --",
      email: "a'--@x.example",
      name: "' OR 1=1 --",
      password: "x' OR '1'='1",
    }),
  },
  {
    name: 'script payload',
    payload: JSON.stringify({
      token: '<script>alert(1)</script>',
      email: 'a@b.example',
      name: '<img src=x onerror=alert(1)>',
      password: 'p'.repeat(12),
    }),
  },
];

async function expectProblem(
  app: App,
  r: Route,
  payload: string | Buffer,
  type = 'application/json',
  label = '',
) {
  const res = await app.inject({
    method: r.method as 'POST',
    url: r.url,
    payload,
    headers: { 'content-type': type, 'accept-language': 'en' },
  });
  expect(
    res.statusCode,
    `${r.method} ${r.url} ${label} -> ${res.statusCode} ${res.body.slice(0, 200)}`,
  ).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type'], `${r.method} ${r.url} ${label}`).toMatch(
      /application\/problem\+json/,
    );
    const body = res.json<{ code: string; title: string; status: number }>();
    expect(body.status).toBe(res.statusCode);
    expect(typeof body.code).toBe('string');
  }
  return res;
}

describe('hostile input gets a 4xx problem, never a 5xx', () => {
  for (const plane of ['portal', 'mgmt'] as const) {
    it(`on every ${plane} route, for each hostile body`, async () => {
      const app = p[plane];
      const all = routes(app);
      expect(all.length).toBeGreaterThan(0);
      for (const r of all) {
        for (const b of HOSTILE_BODIES) await expectProblem(app, r, b.payload, b.type, b.name);
      }
    });

    it(`on every ${plane} route, for generated JSON values (fixed seed)`, async () => {
      const app = p[plane];
      const all = routes(app);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...all), fc.jsonValue({ maxDepth: 4 }), async (r, value) => {
          await expectProblem(app, r, JSON.stringify(value), 'application/json', 'generated');
        }),
        { seed: 20261126, numRuns: 150 },
      );
    });
  }

  it('answers unknown routes with a 404 problem in the language asked for', async () => {
    const en = await p.portal.inject({
      url: '/api/v1/nope',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.statusCode).toBe(404);
    expect(en.json()).toMatchObject({ code: 'not_found', title: 'Not found.' });
    const ja = await p.portal.inject({ url: '/api/v1/nope' });
    expect(ja.json()).toMatchObject({ code: 'not_found', title: '対象が見つかりません。' });
  });

  it('names the offending field in validation errors', async () => {
    const res = await p.mgmt.inject({
      method: 'POST',
      url: '/api/v1/bootstrap',
      payload: { token: 't', email: 'not-an-email', name: 'n', password: 'long enough password' },
      headers: { 'accept-language': 'ja' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '/body/email', code: 'format' }],
    });
  });
});
