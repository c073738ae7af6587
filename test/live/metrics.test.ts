import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { engineName } from '../support/db.ts';

/** Prometheus metrics: on the management listener only, in the text exposition format. */
let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

/** The value of one sample, by metric name and its exact label text. */
const sample = (text: string, name: string, labels: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line ? Number(line.split(' ').at(-1)) : undefined;
};

describe(`metrics (${engineName})`, () => {
  it('the portal listener has no /metrics (404, not the app page)', async () => {
    const r = await p.portal.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body).not.toContain('pva_http_requests_total');
    expect(p.portal.pva.routes.some((x) => x.url === '/metrics')).toBe(false);
  });

  it('the management listener exposes request, job, outbox, live and process metrics', async () => {
    for (let i = 0; i < 3; i++) await p.portal.inject({ method: 'GET', url: '/api/v1/service-info' });
    await p.portal.inject({ method: 'GET', url: '/api/v1/services' }); // 401 without a session
    const r = await p.mgmt.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain; version=0.0.4');
    const t = r.body;
    expect(
      sample(
        t,
        'pva_http_requests_total',
        'plane="portal",route="/api/v1/service-info",method="GET",status="200"',
      ),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(
        t,
        'pva_http_requests_total',
        'plane="portal",route="/api/v1/services",method="GET",status="401"',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(t).toContain('# TYPE pva_http_request_duration_seconds histogram');
    expect(t).toMatch(
      /pva_http_request_duration_seconds_bucket\{plane="portal",route="\/api\/v1\/service-info",method="GET",le="\+Inf"\} \d+/,
    );
    for (const name of [
      'pva_job_queue_depth',
      'pva_job_running',
      'pva_job_runs',
      'pva_outbox_backlog',
      'pva_live_streams',
    ])
      expect(t).toContain(`# TYPE ${name} gauge`);
    expect(t).toContain('pva_outbox_backlog{status="pending"}');
    expect(t).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(t).toMatch(/^process_cpu_seconds_total [\d.]+$/m);
    if (engineName === 'postgres') {
      expect(t).toMatch(/^pva_db_pool_connections\{state="in_use"\} \d+$/m);
      expect(t).toMatch(/^pva_db_pool_waiting \d+$/m);
    }
    // every sample line parses: name{labels} value
    for (const line of t.split('\n').filter((l) => l && !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_:][a-z0-9_:]*(\{[^}]*\})? -?[\d.e+-]+(Inf)?$/i);
  });
});
