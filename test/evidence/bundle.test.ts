import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { jobHandler } from '../../src/jobs/registry.ts';
import '../../src/modules/evidence/jobs.ts';
import { readTar, writeTar } from '../../src/modules/evidence/tar.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { runPva } from '../support/cli.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { seedRecords } from './support.ts';

let p: TestPlatform;
let a: TenantFixture;
let b: TenantFixture;
let adminA: LoggedIn;
let adminAEmail: string;
let security: LoggedIn;
let monitorsB: string[];
let requestId: string;
let bundle: Buffer;
const dir = mkdtempSync(join(tmpdir(), 'pva-evidence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const verify = (bytes: Buffer, name: string, extra: string[] = []) => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return runPva(['evidence', 'verify', file, ...extra]);
};

beforeAll(async () => {
  p = await createTestPlatform();
  a = await createTenant(p.db.database, { services: 2 });
  b = await createTenant(p.db.database, { services: 1 });
  const userA = await createUser(p.db.database, a.id, { role: 'admin' });
  adminAEmail = userA.login.toLowerCase();
  adminA = await login(p.portal, p.db.database, userA);
  security = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
  await seedRecords(p.db.database, a, `AAA${a.code}`, { other: b });
  monitorsB = (await seedRecords(p.db.database, b, `BBB${b.code}`)).monitorIds;

  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date().toISOString();
  const r = await p.portal.inject({
    method: 'POST',
    url: '/api/v1/evidence-requests',
    payload: {
      from,
      to,
      kinds: ['audit', 'monitoring', 'traffic', 'changes', 'notices'],
      purpose: '監査対応',
    },
    headers: adminA.headers,
  });
  expect(r.statusCode, r.body).toBe(201);
  requestId = r.json<{ id: string }>().id;
  const ok = await p.mgmt.inject({
    method: 'POST',
    url: `/api/v1/evidence-requests/${requestId}/approve`,
    payload: { reason: '契約に基づく提供' },
    headers: security.headers,
  });
  expect(ok.statusCode, ok.body).toBe(200);
  // the worker's job, run here: the one queued by the approval
  const job = await sys(() =>
    db()
      .selectFrom('ops.job')
      .select(['name', 'payload'])
      .where('name', '=', 'evidence.build')
      .executeTakeFirstOrThrow(),
  );
  const payload = (typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload) as Record<
    string,
    unknown
  >;
  expect(payload).toEqual({ requestId });
  await jobHandler('evidence.build')!({ database: p.db.database, config: p.config, payload, attempt: 1 });
  const d = await p.portal.inject({
    url: `/api/v1/evidence-requests/${requestId}/bundle`,
    headers: adminA.headers,
  });
  expect(d.statusCode, d.body).toBe(200);
  expect(d.headers['content-type']).toBe('application/x-tar');
  bundle = d.rawPayload;
}, 120_000);
afterAll(async () => {
  await p?.close();
});

describe(`evidence bundle (${engineName})`, () => {
  it('is ready at 100 % with counts per kind, and verifies with the real CLI (also with the pinned published key)', async () => {
    const r = await p.portal.inject({
      url: `/api/v1/evidence-requests/${requestId}`,
      headers: adminA.headers,
    });
    const body = r.json<{
      status: string;
      progress: number;
      counts: Record<string, number>;
      bundle: { sha256: string };
    }>();
    expect(body).toMatchObject({ status: 'ready', progress: 100 });
    expect(body.counts).toMatchObject({
      monitoring: 8,
      traffic: 4,
      changes: 3,
      notices: 1,
    });
    expect(body.counts.audit).toBeGreaterThanOrEqual(3);
    const ok = await verify(bundle, 'intact.tar');
    expect(ok.code, ok.stderr).toBe(0);
    const key = await p.portal.inject({ url: '/api/v1/signing-key' });
    const { keyId, publicKey } = key.json<{ keyId: string; publicKey: string }>();
    expect(ok.stdout).toContain(`signed by key ${keyId}`);
    expect(ok.stdout).toMatch(/records\/audit\.jsonl: \d+ records/);
    const info = await p.portal.inject({ url: '/api/v1/service-info' });
    expect(info.json<{ signingKey: { keyId: string } }>().signingKey.keyId).toBe(keyId);
    const pinned = await verify(bundle, 'intact.tar', ['--public-key', publicKey]);
    expect(pinned.code, pinned.stderr).toBe(0);
    const other = await verify(bundle, 'intact.tar', [
      '--public-key',
      'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=',
    ]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/not by the pinned public key/);
  }, 300_000);

  it('tells the requester by email when the request is approved and when the bundle is ready', async () => {
    const number = (
      await p.portal.inject({ url: `/api/v1/evidence-requests/${requestId}`, headers: adminA.headers })
    ).json<{ number: string }>().number;
    const mails = await sys(() =>
      db()
        .selectFrom('ops.outbox')
        .select(['recipient', 'subject', 'body', 'tenant_id'])
        .where('subject', 'like', `%Evidence request ${number}%`)
        .orderBy('id')
        .execute(),
    );
    expect(mails.map((m) => [m.recipient, m.subject])).toEqual([
      [adminAEmail, `[PVA] ログ提供 ${number}: 承認 / Evidence request ${number}: approved`],
      [adminAEmail, `[PVA] ログ提供 ${number}: ダウンロード可能 / Evidence request ${number}: ready`],
    ]);
    expect(mails.every((m) => m.tenant_id === a.id)).toBe(true);
    expect(mails[0]!.body).toContain('契約に基づく提供');
    expect(mails[1]!.body).toMatch(/ダウンロード期限: \d{4}-\d\d-\d\d \d\d:\d\d \(JST\)/);
    expect(mails[1]!.body).toContain(`/evidence?id=${requestId}`);
  });

  it('fails naming the file when one byte of any file changes', async () => {
    const entries = readTar(bundle);
    expect(entries.map((e) => e.name).sort()).toEqual(
      [
        'manifest.json',
        'manifest.sig.json',
        'proof.json',
        'records/audit.jsonl',
        'records/changes.jsonl',
        'records/monitoring.jsonl',
        'records/notices.jsonl',
        'records/traffic.jsonl',
        'summary.en.html',
        'summary.ja.html',
      ].sort(),
    );
    for (const [i, e] of entries.entries()) {
      if (e.content.length === 0) continue; // the empty notices file has no byte to change
      const changed = entries.map((x, j) => {
        if (j !== i) return x;
        const c = Buffer.from(x.content);
        const at = Math.floor(c.length / 2);
        c[at] = c[at] === 0x31 ? 0x32 : 0x31;
        return { name: x.name, content: c };
      });
      const r = await verify(writeTar(changed, new Date()), `byte-${i}.tar`);
      expect(r.code, `${e.name}: ${r.stdout}`).toBe(1);
      expect(r.stderr, e.name).toContain(e.name);
    }
  }, 300_000);

  it('fails naming the record when one record is removed', async () => {
    const entries = readTar(bundle);
    for (const file of ['records/audit.jsonl', 'records/monitoring.jsonl', 'records/traffic.jsonl']) {
      const e = entries.find((x) => x.name === file)!;
      const lines = e.content.toString('utf8').split('\n');
      const removed = lines.splice(1, 1)[0]!;
      const changed = entries.map((x) =>
        x.name === file ? { name: x.name, content: Buffer.from(lines.join('\n'), 'utf8') } : x,
      );
      const r = await verify(writeTar(changed, new Date()), `removed.tar`);
      expect(r.code).toBe(1);
      const rec = JSON.parse(removed) as { seq?: number; monitor_id?: string; connection_id?: string };
      expect(r.stderr).toMatch(
        new RegExp(`${file.replace('.', '\\.')}: record \\S+ is missing \\(removed\\)`),
      );
      if (file === 'records/audit.jsonl') expect(r.stderr).toContain(`record seq:${rec.seq} is missing`);
    }
  }, 300_000);

  it("holds no record of another tenant (searching the bundle's bytes for tenant B's ids)", async () => {
    const text = bundle.toString('utf8');
    // sanity: A's own records are there
    expect(text).toContain(a.id);
    expect(text).toContain(a.connectionIds[0]!);
    expect(text).toContain(`AAA${a.code}`);
    for (const id of [
      b.id,
      b.code,
      `BBB${b.code}`,
      b.contractId,
      ...b.serviceIds,
      ...b.connectionIds,
      ...monitorsB,
    ])
      expect(text, id).not.toContain(id);
  }, 300_000);
});

describe(`evidence requests API (${engineName})`, () => {
  it('refuses a bad window, operators, and other tenants; rejects with a reason; audits staff reads and downloads', async () => {
    const now = Date.now();
    const bad = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/evidence-requests',
      payload: {
        from: new Date(now - 400 * 86_400_000).toISOString(),
        to: new Date(now).toISOString(),
        kinds: ['audit'],
      },
      headers: { ...adminA.headers, 'accept-language': 'ja' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'evidence_window' });
    const operator = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, a.id, { role: 'operator' }),
    );
    const forbidden = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/evidence-requests',
      payload: {
        from: new Date(now - 3_600_000).toISOString(),
        to: new Date(now).toISOString(),
        kinds: ['audit'],
      },
      headers: operator.headers,
    });
    expect(forbidden.statusCode).toBe(403);
    const adminB = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, b.id, { role: 'admin' }),
    );
    for (const url of [
      `/api/v1/evidence-requests/${requestId}`,
      `/api/v1/evidence-requests/${requestId}/bundle`,
    ]) {
      const r = await p.portal.inject({ url, headers: adminB.headers });
      expect(r.statusCode, url).toBe(404);
    }
    const listB = await p.portal.inject({ url: '/api/v1/evidence-requests', headers: adminB.headers });
    expect(listB.json()).toEqual([]);

    const created = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/evidence-requests',
      payload: {
        from: new Date(now - 3_600_000).toISOString(),
        to: new Date(now).toISOString(),
        kinds: ['monitoring'],
      },
      headers: adminB.headers,
    });
    const id = created.json<{ id: string }>().id;
    const early = await p.portal.inject({
      url: `/api/v1/evidence-requests/${id}/bundle`,
      headers: adminB.headers,
    });
    expect(early.statusCode).toBe(409);
    const noReason = await p.mgmt.inject({
      method: 'POST',
      url: `/api/v1/evidence-requests/${id}/reject`,
      payload: {},
      headers: security.headers,
    });
    expect(noReason.statusCode).toBe(400);
    const rej = await p.mgmt.inject({
      method: 'POST',
      url: `/api/v1/evidence-requests/${id}/reject`,
      payload: { reason: '対象期間を確認してください' },
      headers: security.headers,
    });
    expect(rej.json()).toMatchObject({ status: 'rejected', decisionReason: '対象期間を確認してください' });
    const declined = await sys(() =>
      db()
        .selectFrom('ops.outbox')
        .select(['subject', 'body'])
        .where('subject', 'like', '%declined%')
        .where('tenant_id', '=', b.id)
        .execute(),
    );
    expect(declined).toHaveLength(1);
    expect(declined[0]!.body).toContain('対象期間を確認してください');
    const again = await p.mgmt.inject({
      method: 'POST',
      url: `/api/v1/evidence-requests/${id}/approve`,
      payload: { reason: 'x' },
      headers: security.headers,
    });
    expect(again.statusCode).toBe(409);
    const noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
    expect((await p.mgmt.inject({ url: '/api/v1/evidence-requests', headers: noc.headers })).statusCode).toBe(
      403,
    );

    await p.mgmt.inject({ url: '/api/v1/evidence-requests', headers: security.headers });
    const actions = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'tenant_id', 'target_id'])
        .where('action', 'in', [
          'evidence.downloaded',
          'staff.read.listEvidenceRequests',
          'evidence.rejected',
          'evidence.built',
        ])
        .execute(),
    );
    expect(
      actions.filter((x) => x.action === 'evidence.downloaded' && x.target_id === requestId),
    ).toHaveLength(1);
    expect(actions.some((x) => x.action === 'staff.read.listEvidenceRequests')).toBe(true);
    expect(actions.some((x) => x.action === 'evidence.rejected' && x.target_id === id)).toBe(true);
    expect(actions.some((x) => x.action === 'evidence.built' && x.tenant_id === a.id)).toBe(true);
  }, 300_000);
});
