import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

type Doc = { paths: Record<string, Record<string, unknown>> };
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');

describe('two listeners, two audiences', () => {
  it("answers 404 on the portal for every path of the management API that the portal doesn't serve itself", async () => {
    const mgmt = p.mgmt.swagger() as unknown as Doc;
    const portal = p.portal.swagger() as unknown as Doc;
    const mgmtOnly = Object.entries(mgmt.paths).filter(([path]) => !(path in portal.paths));
    expect(mgmtOnly.length).toBeGreaterThan(0);
    for (const [path, methods] of mgmtOnly) {
      for (const method of Object.keys(methods)) {
        const res = await p.portal.inject({
          method: method.toUpperCase() as 'GET',
          url: concrete(path),
          payload: method === 'get' ? undefined : {},
        });
        expect(res.statusCode, `${method.toUpperCase()} ${path} on the portal`).toBe(404);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
  });

  it('serves health checks and the OpenAPI document on both listeners', async () => {
    for (const app of [p.portal, p.mgmt]) {
      for (const url of ['/livez', '/readyz']) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.json()).toMatchObject({ status: 'ok' });
      }
      const doc = await app.inject({ url: '/api/openapi.json' });
      expect(doc.statusCode).toBe(200);
      expect(doc.json()).toMatchObject({ openapi: '3.1.0' });
      const docs = await app.inject({ url: '/api/docs/' });
      expect([200, 302]).toContain(docs.statusCode);
    }
    expect((p.portal.swagger() as { info: { title: string } }).info.title).toMatch(/customer/);
    expect((p.mgmt.swagger() as { info: { title: string } }).info.title).toMatch(/management/);
  });

  it('sends the browser protections on every response', async () => {
    const res = await p.portal.inject({ url: '/api/v1/service-info' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('publishes the provider, inquiry desk and data location (6.1.3, 18.1.1) with JST times', async () => {
    const res = await p.portal.inject({ url: '/api/v1/service-info' });
    const body = res.json<{ dataLocation: { en: string }; serverTime: string; timezone: string }>();
    expect(body.dataLocation.en).toBe('Japan');
    expect(body.timezone).toBe('Asia/Tokyo');
    expect(body.serverTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+09:00$/);
  });
});
