import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plane } from '../../src/app/types.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { problemWith } from './check.ts';
import { planFor, SKIPPED, unplannedRoutes, type Operation } from './plan.ts';
import { fuzzPlan, type Failure } from './run.ts';
import { buildWorld, type World } from './world.ts';

/**
 * The hostile-input fuzzer (issue 12): every route of both listeners, as every role, with
 * generated hostile requests. CI runs a fixed seed and a bounded count; `npm run fuzz` runs
 * longer (FUZZ_RUNS requests per route and role, FUZZ_SEED for another sequence).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const LONG = 60_000 + RUNS * 60_000;

let p: TestPlatform;
let world: World;
const plans = {} as Record<Plane, Operation[]>;

beforeAll(async () => {
  p = await createTestPlatform();
  plans.portal = planFor(p.portal);
  plans.mgmt = planFor(p.mgmt);
  world = await buildWorld(p, plans);
}, 120_000);
afterAll(async () => p?.close());

/** FUZZ_REPORT=<file>: also write every failure there as JSON lines (long runs). */
const report = (f: Failure): void => {
  if (process.env.FUZZ_REPORT) appendFileSync(process.env.FUZZ_REPORT, `${JSON.stringify(f)}\n`);
};

const describeFailures = (fs: Failure[]): string =>
  fs.map((f) => `${f.role} ${f.route}: ${f.problem}\n    ${f.request}`).join('\n');

describe('hostile-input fuzzer', () => {
  it('plans every route of both listeners (skips only those listed with a reason)', () => {
    for (const plane of ['portal', 'mgmt'] as const) {
      expect(unplannedRoutes(p[plane], plans[plane]), `${plane} routes missing from the plan`).toEqual([]);
      expect(plans[plane].length).toBeGreaterThan(50);
    }
    for (const reason of Object.values(SKIPPED)) expect(reason.length).toBeGreaterThan(10);
  });

  it('the checks see a leak, an echo, a 5xx and an error in the wrong language', () => {
    const id = world.bIds[1]!;
    const ok = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"items":[]}' };
    const leak = { ...ok, body: JSON.stringify({ items: [{ id }] }) };
    const sent = { method: 'GET', url: '/api/v1/x', body: undefined };
    expect(problemWith(sent, ok, 'ja', world.bSecrets)).toBeNull();
    expect(problemWith(sent, leak, 'ja', world.bSecrets)).toMatch(/tenant B/);
    expect(problemWith({ ...sent, url: `/api/v1/x/${id}` }, leak, 'ja', world.bSecrets)).toBeNull();
    expect(problemWith(sent, { ...ok, statusCode: 500 }, 'ja', null)).toMatch(/status 500/);
    const en = { code: 'not_found', status: 404, title: 'Not found.' };
    const problem = {
      statusCode: 404,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify(en),
    };
    expect(problemWith(sent, problem, 'en', null)).toBeNull();
    expect(problemWith(sent, problem, 'ja', null)).toMatch(/not in ja/);
    expect(
      problemWith(sent, { ...problem, headers: { 'content-type': 'application/json' } }, 'en', null),
    ).toMatch(/as application\/json/);
  });

  it('seeded tenant B with objects whose ids tenant A must never see', () => {
    expect(world.bIds.length).toBeGreaterThan(10);
    expect(world.aIds).not.toContain(world.b.id);
  });

  it(
    'portal: no 5xx, errors are problem+json in ja/en, nothing of tenant B reaches tenant A',
    async () => {
      const { failures, requests, ...stats } = await fuzzPlan(p.portal, plans.portal, world.portal, {
        seed: SEED,
        runs: RUNS,
        ids: { foreign: world.bIds, own: world.aIds },
        secrets: world.bSecrets,
        onFailure: report,
      });
      if (process.env.FUZZ_VERBOSE) console.log('portal', requests, JSON.stringify(stats));
      expect(requests).toBeGreaterThan(plans.portal.length * RUNS);
      expect(failures, describeFailures(failures)).toEqual([]);
    },
    LONG,
  );

  it(
    'management: no 5xx, errors are problem+json in ja/en, for every staff role',
    async () => {
      const { failures, requests, ...stats } = await fuzzPlan(p.mgmt, plans.mgmt, world.mgmt, {
        seed: SEED,
        runs: RUNS,
        ids: { foreign: world.bIds, own: world.aIds },
        secrets: null, // provider staff see every tenant by design
        onFailure: report,
      });
      if (process.env.FUZZ_VERBOSE) console.log('mgmt', requests, JSON.stringify(stats));
      expect(requests).toBeGreaterThan(plans.mgmt.length * RUNS);
      expect(failures, describeFailures(failures)).toEqual([]);
    },
    LONG,
  );
});
