import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/modules/compliance/checks/index.ts';
import { buildAssessment } from '../../src/modules/compliance/assessment.ts';
import { scheduledRun } from '../../src/modules/compliance/runner.ts';
import type { Assessment } from '../../src/modules/compliance/types.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { db, sys } from './support.ts';

let p: TestPlatform;
let admin: LoggedIn;
let noc: LoggedIn;
let customer: LoggedIn;
let other: TenantFixture;

const audits = (action: string) =>
  sys(p.db.database, () =>
    db()
      .selectFrom('audit.log')
      .select(['summary', 'target_id'])
      .where('action', '=', action)
      .where('outcome', '=', 'success')
      .execute(),
  );

beforeAll(async () => {
  p = await createTestPlatform();
  admin = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'admin' }));
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  const mine = await createTenant(p.db.database, { services: 1 });
  customer = await login(
    p.portal,
    p.db.database,
    await createUser(p.db.database, mine.id, { role: 'viewer' }),
  );
  // another tenant whose administrator has no MFA yet: named in the staff drill-down only
  other = await createTenant(p.db.database, { services: 1 });
  await createUser(p.db.database, other.id, { role: 'admin', totp: false });
}, 180_000);
afterAll(async () => p.close());

describe('compliance API', () => {
  it('answers an assessment without results before the first run', async () => {
    const r = await p.mgmt.inject({
      method: 'GET',
      url: '/api/v1/compliance/assessment',
      headers: noc.headers,
    });
    expect(r.statusCode).toBe(200);
    const a = r.json<Assessment>();
    expect(a.run).toBeNull();
    expect(a.clauses).toHaveLength(50);
    expect(a.clauses.every((c) => c.status === 'none' && c.results.length === 0)).toBe(true);
    expect(a.policy.text.ja).toContain('情報セキュリティ基本方針');
    // the provider's details fill the statement of 6.1.3
    expect(a.clauses.find((c) => c.clause === '6.1.3')!.statement.en).toContain(p.config.provider.address.en);
  });

  it('runs the checks on demand for compliance.manage only, audited', async () => {
    const denied = await p.mgmt.inject({
      method: 'POST',
      url: '/api/v1/compliance/runs',
      headers: noc.headers,
    });
    expect(denied.statusCode).toBe(403);
    const r = await p.mgmt.inject({ method: 'POST', url: '/api/v1/compliance/runs', headers: admin.headers });
    expect(r.statusCode).toBe(201);
    const run = r.json<{
      id: string;
      trigger: string;
      statuses: Record<string, string>;
      totals: Record<string, number>;
    }>();
    expect(run.trigger).toBe('manual');
    expect(Object.keys(run.statuses)).toHaveLength(CHECKS.length);
    expect(run.statuses['identity.mfa']).toBe('warn');
    expect(run.statuses['time.ntp']).toBe('warn'); // no NTP server configured
    expect(run.statuses['tls.listeners']).toBe('error'); // no listener is listening in this test
    expect(Object.values(run.totals).reduce((a, b) => a + b, 0)).toBe(CHECKS.length);
    const rec = await audits('compliance.run');
    expect(rec.map((x) => x.target_id)).toEqual([run.id]);
  });

  it('gives staff the drill-down and customers the statement without objects or other tenants', async () => {
    const staff = (
      await p.mgmt.inject({ method: 'GET', url: '/api/v1/compliance/assessment', headers: noc.headers })
    ).json<Assessment>();
    expect(staff.run?.trigger).toBe('manual');
    const mfa = staff.clauses.find((c) => c.clause === '9.2.3')!;
    expect(mfa.status).toBe('warn');
    expect(mfa.results.find((x) => x.checkId === 'identity.mfa')!.objects[0]!.label).toContain(other.code);
    expect(JSON.stringify(staff)).toContain(other.code);

    const r = await p.portal.inject({
      method: 'GET',
      url: '/api/v1/compliance/assessment',
      headers: customer.headers,
    });
    expect(r.statusCode).toBe(200);
    const cust = r.json<Assessment>();
    expect(cust.clauses.find((c) => c.clause === '9.2.3')!.status).toBe('warn');
    expect(cust.clauses.flatMap((c) => c.results).every((x) => x.objects.length === 0)).toBe(true);
    expect(r.body).not.toContain(other.code);
    expect(r.body).not.toContain(other.id);
    expect(r.body).toMatch(/\+09:00/);

    expect((await p.portal.inject({ method: 'GET', url: '/api/v1/compliance/assessment' })).statusCode).toBe(
      401,
    );
    expect(
      (await p.portal.inject({ method: 'GET', url: '/api/v1/compliance/runs', headers: customer.headers }))
        .statusCode,
    ).toBe(404);
  });

  it('lists runs for the history chart and shows one check with its objects', async () => {
    const runs = await p.mgmt.inject({
      method: 'GET',
      url: '/api/v1/compliance/runs?days=7',
      headers: noc.headers,
    });
    expect(runs.statusCode).toBe(200);
    const body = runs.json<{ runs: { statuses: Record<string, string> }[]; checks: unknown[] }>();
    expect(body.runs).toHaveLength(1);
    expect(body.checks).toHaveLength(CHECKS.length);
    expect(
      (await p.mgmt.inject({ method: 'GET', url: '/api/v1/compliance/runs?days=0', headers: noc.headers }))
        .statusCode,
    ).toBe(400);

    const one = await p.mgmt.inject({
      method: 'GET',
      url: '/api/v1/compliance/checks/identity.mfa',
      headers: noc.headers,
    });
    expect(one.statusCode).toBe(200);
    const d = one.json<{
      result: { objects: { kind: string }[] };
      history: unknown[];
      check: { criteria: { ja: string } };
    }>();
    expect(d.result.objects[0]!.kind).toBe('user');
    expect(d.history).toHaveLength(1);
    expect(
      (
        await p.mgmt.inject({
          method: 'GET',
          url: '/api/v1/compliance/checks/no.such-check',
          headers: noc.headers,
        })
      ).statusCode,
    ).toBe(404);
    const bad = await p.mgmt.inject({
      method: 'GET',
      url: '/api/v1/compliance/checks/BAD%20ID',
      headers: noc.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('exports the whole assessment for GRC tools', async () => {
    const r = await p.mgmt.inject({ method: 'GET', url: '/api/v1/compliance/export', headers: noc.headers });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toMatch(
      /^attachment; filename="pva-compliance-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const e = r.json<{ format: string; version: number; standard: string; assessment: Assessment }>();
    expect(e).toMatchObject({
      format: 'pva-compliance-assessment',
      version: 1,
      standard: 'ISO/IEC 27017:2015',
    });
    expect(e.assessment.checks).toHaveLength(CHECKS.length);
  });

  it('edits and resets a clause statement, audited, with 4xx for bad input', async () => {
    const url = '/api/v1/compliance/clauses/CLD.8.1.5/statement';
    const body = { ja: '解約後 60 日以内に消去します。', en: 'We erase within 60 days of termination.' };
    expect(
      (await p.mgmt.inject({ method: 'PUT', url, headers: noc.headers, payload: body })).statusCode,
    ).toBe(403);
    const r = await p.mgmt.inject({ method: 'PUT', url, headers: admin.headers, payload: body });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ clause: 'CLD.8.1.5', edited: true, statement: body });
    const a = await buildAssessment(p.db.database, { audience: 'customer' });
    expect(a.clauses.find((c) => c.clause === 'CLD.8.1.5')!.statement).toEqual(body);
    const [rec] = await audits('compliance.statement_edit');
    expect(rec!.target_id).toBe('CLD.8.1.5');
    expect(rec!.summary).toMatchObject({ from: 'default', to: body });

    const reset = await p.mgmt.inject({ method: 'DELETE', url, headers: admin.headers });
    expect(reset.statusCode).toBe(200);
    expect(reset.json<{ edited: boolean; statement: { ja: string } }>().edited).toBe(false);
    expect(reset.json<{ statement: { ja: string } }>().statement.ja).toContain('90 日以内');
    expect((await audits('compliance.statement_reset'))[0]!.summary).toMatchObject({
      removed: true,
      from: body,
    });

    const unknown = await p.mgmt.inject({
      method: 'PUT',
      url: '/api/v1/compliance/clauses/99.9.9/statement',
      headers: admin.headers,
      payload: body,
    });
    expect(unknown.statusCode).toBe(404);
    for (const payload of [
      { ja: 'x' },
      { ja: '   ', en: 'x' },
      { ...body, extra: 1 },
      { ja: 'x', en: 'y'.repeat(8001) },
    ]) {
      const bad = await p.mgmt.inject({
        method: 'PUT',
        url,
        headers: { ...admin.headers, 'accept-language': 'en' },
        payload,
      });
      expect(bad.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    const ja = await p.mgmt.inject({ method: 'PUT', url, headers: admin.headers, payload: { ja: 'x' } });
    expect(ja.json<{ title: string }>().title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('sets and resets the security policy page, audited', async () => {
    const url = '/api/v1/compliance/policy';
    const body = { text: { ja: '当社の方針', en: 'Our policy' }, url: 'https://provider.example/security' };
    expect(
      (await p.mgmt.inject({ method: 'PUT', url, headers: noc.headers, payload: body })).statusCode,
    ).toBe(403);
    const r = await p.mgmt.inject({ method: 'PUT', url, headers: admin.headers, payload: body });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ...body, edited: true });
    const cust = (
      await p.portal.inject({
        method: 'GET',
        url: '/api/v1/compliance/assessment',
        headers: customer.headers,
      })
    ).json<Assessment>();
    expect(cust.policy).toEqual(body);
    expect((await audits('compliance.policy_edit'))[0]!.summary).toMatchObject({ from: 'default' });
    const bad = await p.mgmt.inject({
      method: 'PUT',
      url,
      headers: admin.headers,
      payload: { ...body, url: 'javascript:alert(1)' },
    });
    expect(bad.statusCode).toBe(400);
    const reset = await p.mgmt.inject({ method: 'DELETE', url, headers: admin.headers });
    expect(reset.json()).toMatchObject({ edited: false, updatedAt: null });
    expect(await audits('compliance.policy_reset')).toHaveLength(1);
    const got = await p.mgmt.inject({ method: 'GET', url, headers: noc.headers });
    expect(got.json<{ text: { en: string } }>().text.en).toContain('ten design principles');
  });

  it('runs on schedule once per period and prunes runs past the retention', async () => {
    const config = {
      ...p.config,
      compliance: { ...p.config.compliance, everyMinutes: 60, retentionDays: 30 },
    };
    await sys(p.db.database, () =>
      db()
        .insertInto('ops.compliance_run')
        .values({
          trigger: 'schedule',
          started_at: new Date(Date.now() - 40 * 86_400_000),
          finished_at: new Date(),
        })
        .execute(),
    );
    expect(await scheduledRun(config, p.db.database)).toBe(true);
    expect(await scheduledRun(config, p.db.database)).toBe(false);
    const runs = await sys(p.db.database, () =>
      db().selectFrom('ops.compliance_run').select(['trigger', 'started_at']).execute(),
    );
    expect(runs.map((r) => r.trigger).sort()).toEqual(['manual', 'schedule']);
    const a = await buildAssessment(p.db.database, { audience: 'staff' });
    expect(a.run?.trigger).toBe('schedule');
  });
});
