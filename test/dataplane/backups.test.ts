import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { allSchedules, jobHandler } from '../../src/jobs/registry.ts';
import '../../src/modules/dataplane/jobs.ts';
import { runBackup } from '../../src/modules/dataplane/backup-service.ts';
import { engineName } from '../support/db.ts';
import { dataplaneKit, type ChangeJson, type Pe } from './changes-support.ts';
import { readTree } from './files-driver.ts';

const k = dataplaneKit();
const { staff, mgmt } = k;
beforeAll(() => k.setup());
afterAll(() => k.teardown());

interface Version {
  id: string;
  version: number;
  sha256: string;
  source: string;
  fetchedAt: string;
  lastSeenAt: string;
}
interface DeviceRow {
  id: string;
  hostname: string;
  latestVersion: { id: string; version: number } | null;
  lastBackupAt: string | null;
  drift: { id: string } | null;
  pendingChange: { id: string; number: string } | null;
}

const backup = (pe: Pe) => runBackup(k.platform().db.database, pe.phys.deviceId);
const versions = async (pe: Pe) =>
  (await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/devices/${pe.phys.deviceId}/versions`)).json<
    Version[]
  >();
const deviceRow = async (pe: Pe) =>
  (await mgmt(staff.noc.s, 'GET', '/api/v1/config-backups/devices'))
    .json<DeviceRow[]>()
    .find((d) => d.id === pe.phys.deviceId)!;

/** Prepare, submit, approve (by someone else) and execute; returns the final record. */
async function carryOut(id: string): Promise<ChangeJson> {
  const detail = (await mgmt(staff.noc.s, 'GET', `/api/v1/config-changes/${id}`)).json<ChangeJson>();
  if (!detail.riskLevel)
    await mgmt(staff.noc.s, 'PATCH', `/api/v1/config-changes/${id}`, {
      riskLevel: 'low',
      riskAssessment: 'Back to a known state.',
    });
  expect((await mgmt(staff.noc.s, 'POST', `/api/v1/config-changes/${id}/submit`, {})).statusCode).toBe(200);
  expect((await mgmt(staff.security.s, 'POST', `/api/v1/config-changes/${id}/approve`, {})).statusCode).toBe(
    200,
  );
  const r = await mgmt(staff.noc.s, 'POST', `/api/v1/config-changes/${id}/execute`, {});
  expect(r.statusCode, r.body).toBe(200);
  return r.json<ChangeJson>();
}

/** Brings a fresh PE to its intended configuration through an approved change. */
async function inSync(pe: Pe): Promise<void> {
  const r = await mgmt(staff.noc.s, 'POST', '/api/v1/config-changes', {
    title: 'Initial configuration',
    deviceIds: [pe.phys.deviceId],
  });
  expect(r.statusCode, r.body).toBe(201);
  expect((await carryOut(r.json<ChangeJson>().id)).status).toBe('succeeded');
}

describe(`configuration backups (${engineName})`, () => {
  it('stores a version only when the running configuration changed, and flags a hand change as drift', async () => {
    const pe = await k.pe();
    const site = await k.site(pe);
    await inSync(pe);

    const one = await backup(pe);
    expect(one).toMatchObject({ ok: true, newVersion: true, drift: 'none' });
    const again = await backup(pe);
    expect(again).toMatchObject({ ok: true, newVersion: false, version: one.version, drift: 'none' });
    const list = await versions(pe);
    // versions count up from 1 (the snapshot taken before the initial change is version 1)
    expect(list.map((v) => v.version)).toEqual(
      Array.from({ length: one.version! }, (_, i) => one.version! - i),
    );
    expect(list[0]!.lastSeenAt >= list[0]!.fetchedAt).toBe(true);
    expect(list[0]!.fetchedAt).toMatch(/\+09:00$/);

    // the stored files hold no secret in clear
    const stored = await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/versions/${list[0]!.id}`);
    const text = JSON.stringify(stored.json<{ files: Record<string, string> }>().files);
    expect(text).not.toContain(site.psk);
    expect(text).not.toContain(Buffer.from(site.psk).toString('base64'));
    expect(text).toContain('<redacted:');

    // someone edits the device by hand
    const file = Object.keys(readTree(pe.dir)).sort()[0]!;
    appendFileSync(join(pe.dir, file), 'ip route add 198.51.100.0/24 via 192.0.2.254\n');
    const drifted = await backup(pe);
    expect(drifted).toMatchObject({
      ok: true,
      newVersion: true,
      version: one.version! + 1,
      drift: 'detected',
    });
    const row = await deviceRow(pe);
    expect(row.drift?.id).toBe(drifted.driftId);
    expect(row.latestVersion?.version).toBe(one.version! + 1);
    expect(row.lastBackupAt).toMatch(/\+09:00$/);
    const drift = await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/drifts/${drifted.driftId}`);
    expect(drift.json<{ diff: string }>().diff).toContain('+ip route add 198.51.100.0/24 via 192.0.2.254');
    const open = await mgmt(staff.noc.s, 'GET', '/api/v1/config-backups/drifts');
    expect(open.json<{ id: string }[]>().map((d) => d.id)).toContain(drifted.driftId);
    // the next run still sees it: same record, no new version
    expect(await backup(pe)).toMatchObject({ newVersion: false, drift: 'still', driftId: drifted.driftId });

    // the diff between the two versions shows the hand change
    const [newer, older] = await versions(pe);
    const d = await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/diff?from=${older!.id}&to=${newer!.id}`);
    expect(d.statusCode).toBe(200);
    expect(d.json<{ changed: boolean; diff: string }>()).toMatchObject({ changed: true });
    expect(d.json<{ diff: string }>().diff).toContain('+ip route add 198.51.100.0/24');

    // turn the drift into a change record; once executed, the drift is resolved
    const c = await mgmt(
      staff.noc.s,
      'POST',
      `/api/v1/config-backups/drifts/${drifted.driftId}/change`,
      {},
      'ja',
    );
    expect(c.statusCode, c.body).toBe(201);
    const change = c.json<ChangeJson>();
    expect(change.driftId).toBe(drifted.driftId);
    expect(change.title).toContain('ドリフト');
    expect(change.devices[0]!.diff).toContain('-ip route add 198.51.100.0/24');
    expect((await deviceRow(pe)).pendingChange?.id).toBe(change.id);
    expect((await carryOut(change.id)).status).toBe('succeeded');
    expect(readFileSync(join(pe.dir, file), 'utf8')).not.toContain('198.51.100.0/24');
    const resolved = await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/drifts/${drifted.driftId}`);
    expect(resolved.json<{ resolvedAt: string | null; resolvedBy: { id: string } | null }>()).toMatchObject({
      resolvedBy: { id: change.id },
    });
    expect(await backup(pe)).toMatchObject({ drift: 'none' });
    expect((await deviceRow(pe)).drift).toBeNull();
  });

  it('finds a hand edit of the render-only driver’s output files as drift', async () => {
    const pe = await k.pe({ driver: 'render-only', target: (dir) => ({ directory: dir }) });
    await k.site(pe);
    await inSync(pe);
    const out = join(pe.dir, pe.phys.hostname);
    const files = Object.keys(readTree(out)).sort();
    expect(files.length).toBeGreaterThan(0);
    expect(await backup(pe)).toMatchObject({ ok: true, drift: 'none' });
    // the external automation system's operator edits a rendered file by hand
    const swanctl = files.find((f) => f.includes('swanctl')) ?? files[0]!;
    appendFileSync(join(out, swanctl), '# tuned by hand\n');
    const r = await backup(pe);
    expect(r).toMatchObject({ ok: true, newVersion: true, drift: 'detected' });
    const drift = await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/drifts/${r.driftId}`);
    expect(drift.json<{ diff: string }>().diff).toContain('+# tuned by hand');
    expect(drift.json<{ diff: string }>().diff).toContain(swanctl);
  });

  it('restores a version through an approved change record, secrets filled back from the model', async () => {
    const pe = await k.pe();
    const site = await k.site(pe);
    await inSync(pe);
    const good = await backup(pe);
    const goodFiles = readTree(pe.dir);
    expect(Object.values(goodFiles).join('\n')).toContain(Buffer.from(site.psk).toString('base64'));
    // a bad hand change, backed up
    const file = Object.keys(goodFiles).sort()[0]!;
    writeFileSync(join(pe.dir, file), 'broken\n');
    const bad = await backup(pe);
    expect(bad.version).toBe(good.version! + 1);

    const v = (await versions(pe)).find((x) => x.version === good.version)!;
    const r = await mgmt(staff.noc.s, 'POST', `/api/v1/config-backups/versions/${v.id}/restore`, {
      riskLevel: 'medium',
      riskAssessment: 'Puts the last good configuration back.',
    });
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json<ChangeJson>();
    expect(c.kind).toBe('restore');
    expect(c.restore).toEqual({ backupId: v.id, version: good.version });
    expect(c.devices[0]!.diff).toContain('-broken');
    // the same four-eyes rule: the preparer cannot approve
    await mgmt(staff.noc.s, 'POST', `/api/v1/config-changes/${c.id}/submit`, {});
    expect((await mgmt(staff.noc.s, 'POST', `/api/v1/config-changes/${c.id}/approve`, {})).statusCode).toBe(
      403,
    );
    expect(
      (await mgmt(staff.adminA.s, 'POST', `/api/v1/config-changes/${c.id}/approve`, {})).statusCode,
    ).toBe(200);
    const done = await mgmt(staff.noc.s, 'POST', `/api/v1/config-changes/${c.id}/execute`, {});
    expect(done.json<ChangeJson>().status).toBe('succeeded');
    // the device holds the version again, with its real PSK (the stored version has only a marker)
    expect(readTree(pe.dir)).toEqual(goodFiles);
  });

  it('records a device that cannot be read, and answers 404 and 400 like everywhere else', async () => {
    const pe = await k.pe();
    rmSync(pe.dir, { recursive: true });
    const r = await mgmt(staff.noc.s, 'POST', `/api/v1/config-backups/devices/${pe.phys.deviceId}/run`, {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ ok: boolean; error: string }>()).toMatchObject({ ok: false });
    expect((await deviceRow(pe)).lastBackupAt).toBeNull();
    const rows = await mgmt(staff.noc.s, 'GET', '/api/v1/config-backups/devices');
    expect(
      rows.json<{ id: string; lastError: string | null }[]>().find((d) => d.id === pe.phys.deviceId)
        ?.lastError,
    ).toContain('does not exist');
    const failed = await k.sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'outcome'])
        .where('target_id', '=', pe.phys.deviceId)
        .where('action', '=', 'config_backup.failed')
        .execute(),
    );
    expect(failed).toHaveLength(1);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/versions/${missing}`)).statusCode).toBe(
      404,
    );
    expect(
      (await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/devices/${missing}/versions`)).statusCode,
    ).toBe(404);
    expect(
      (await mgmt(staff.noc.s, 'POST', `/api/v1/config-backups/devices/${missing}/run`, {})).statusCode,
    ).toBe(404);
    expect(
      (await mgmt(staff.noc.s, 'POST', `/api/v1/config-backups/versions/${missing}/restore`, {})).statusCode,
    ).toBe(404);
    expect(
      (await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/diff?from=${missing}&to=x`)).statusCode,
    ).toBe(400);
    // security may read backups but not run or restore them
    expect((await mgmt(staff.security.s, 'GET', '/api/v1/config-backups/devices')).statusCode).toBe(200);
    expect(
      (await mgmt(staff.security.s, 'POST', `/api/v1/config-backups/devices/${pe.phys.deviceId}/run`, {}))
        .statusCode,
    ).toBe(403);
  });

  it('runs every night at 02:30 local time as a job over all devices', async () => {
    const s = allSchedules().find((x) => x.job === 'dataplane.backup');
    expect(s).toMatchObject({ everyMs: 24 * 3_600_000, offsetMs: 2.5 * 3_600_000 });
    const pe = await k.pe();
    await k.site(pe);
    await jobHandler('dataplane.backup')!({
      database: k.platform().db.database,
      config: k.platform().config,
      payload: {},
      attempt: 1,
    });
    const row = await deviceRow(pe);
    expect(row.latestVersion?.version).toBe(1);
    // never applied: the device is empty, the model is not: drift
    expect(row.drift).not.toBeNull();
    const summary = await k.sys(() =>
      db().selectFrom('audit.log').select(['summary']).where('action', '=', 'config_backup.run').execute(),
    );
    expect(summary.length).toBeGreaterThan(0);
  });
});
