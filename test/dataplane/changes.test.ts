import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { INTERRUPTED_AFTER_MS, markInterruptedChanges } from '../../src/modules/dataplane/change-recovery.ts';
import { destroyTenantKey } from '../../src/modules/tenancy/keys.ts';
import { createUser, login } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { dataplaneKit, type ChangeJson, type Pe, type Site } from './changes-support.ts';
import { readTree } from './files-driver.ts';

const k = dataplaneKit();
const { staff, mgmt } = k;
beforeAll(() => k.setup());
afterAll(() => k.teardown());

const prepare = (s = staff.adminA.s, body: Record<string, unknown>, lang = 'en') =>
  mgmt(s, 'POST', '/api/v1/config-changes', body, lang);
const step = (
  s = staff.adminA.s,
  id: string,
  name: string,
  body: Record<string, unknown> = {},
  lang = 'en',
) => mgmt(s, 'POST', `/api/v1/config-changes/${id}/${name}`, body, lang);

/** A PE with one tenant's connection, and a submitted change bringing it to its intended configuration. */
async function submitted(pe: Pe, by = staff.adminA.s): Promise<ChangeJson> {
  const r = await prepare(by, {
    title: 'Configure the new site',
    deviceIds: [pe.phys.deviceId],
    riskLevel: 'low',
    riskAssessment: 'Adds one IPsec connection; nothing else changes.',
  });
  expect(r.statusCode, r.body).toBe(201);
  const s = await step(by, r.json<ChangeJson>().id, 'submit');
  expect(s.statusCode, s.body).toBe(200);
  return s.json<ChangeJson>();
}

describe(`provider change records (${engineName})`, () => {
  let pe: Pe;
  let site: Site;
  beforeAll(async () => {
    pe = await k.pe();
    site = await k.site(pe);
  });

  it('cannot be executed without a second person’s approval', async () => {
    const c = await submitted(pe);
    expect(c.status).toBe('submitted');
    expect(c.owner).toBe('provider');
    expect(c.number).toMatch(/^CHG-\d{4}-\d{6}$/);

    // executing a submitted change: refused, nothing reaches the device
    const early = await step(staff.adminA.s, c.id, 'execute');
    expect(early.statusCode, early.body).toBe(409);
    expect(readTree(pe.dir)).toEqual({});

    // the preparer approving (an administrator holds changes.approve): refused, in both languages
    const own = await step(staff.adminA.s, c.id, 'approve', { note: 'looks fine to me' });
    expect(own.statusCode).toBe(403);
    expect(own.headers['content-type']).toContain('application/problem+json');
    expect(own.json<{ code: string; detail: string }>().code).toBe('four_eyes');
    expect(own.json<{ detail: string }>().detail).toContain('You prepared change');
    const ownJa = await step(staff.adminA.s, c.id, 'approve', {}, 'ja');
    expect(ownJa.json<{ detail: string }>().detail).toContain('あなたが準備した');
    // … and rejecting their own is refused alike
    expect((await step(staff.adminA.s, c.id, 'reject', { reason: 'no' })).statusCode).toBe(403);
    // the refusals are in the audit trail as denied
    const denied = await k.sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'outcome', 'actor_id'])
        .where('actor_id', '=', staff.adminA.p.id)
        .where('action', '=', 'config_change.approve')
        .execute(),
    );
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect(denied.every((d) => d.outcome === 'denied')).toBe(true);
    // NOC staff may prepare but not approve at all
    expect((await step(staff.noc.s, c.id, 'approve')).statusCode).toBe(403);

    // a second person approves; still nothing on the device
    const ok = await step(staff.security.s, c.id, 'approve', { note: 'Checked diff and impact.' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<ChangeJson>().approvedBy?.id).toBe(staff.security.p.id);
    expect(readTree(pe.dir)).toEqual({});
    // the security officer cannot execute (no network.manage)
    expect((await step(staff.security.s, c.id, 'execute')).statusCode).toBe(403);

    const done = await step(staff.adminA.s, c.id, 'execute');
    expect(done.statusCode, done.body).toBe(200);
    const x = done.json<ChangeJson>();
    expect(x.status).toBe('succeeded');
    expect(x.executedBy?.id).toBe(staff.adminA.p.id);
    expect(x.devices[0]!.outcome).toBe('applied');
    expect(x.log.some((l) => l.message === 'applied' && l.device === pe.phys.hostname)).toBe(true);
    expect(x.log[0]!.at).toMatch(/\+09:00$/);
    expect(x.timeline.map((e) => e.toStatus)).toEqual([
      'draft',
      'submitted',
      'approved',
      'executing',
      'succeeded',
    ]);
    // the device now holds the rendered configuration, the PSK in clear only there
    const files = Object.values(readTree(pe.dir)).join('\n');
    expect(files).toContain(`c-${site.connectionId}`);
    // a second execution is refused: the record is done
    expect((await step(staff.adminA.s, c.id, 'execute')).statusCode).toBe(409);
    const actions = (await k.auditOf(c.id)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'config_change.prepare',
        'config_change.submit',
        'config_change.approve',
        'config_change.execute',
        'config_change.result',
      ]),
    );
  });

  it('shows the diff with secrets redacted and the impact from the model', async () => {
    const pe2 = await k.pe();
    const a = await k.site(pe2);
    const b = await k.site(pe2);
    const r = await prepare(staff.noc.s, { title: 'Two new sites', deviceIds: [pe2.phys.deviceId] });
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json<ChangeJson>();
    expect(c.status).toBe('draft');
    const d = c.devices[0]!;
    expect(d.changed).toBe(true);
    expect(d.error).toBeNull();
    expect(d.diff).toContain(`+`);
    expect(d.diff).toContain(`c-${a.connectionId}`);
    // the PSK is in the configuration the driver applies, never in what PVA stores or shows
    expect(d.diff).not.toContain(a.psk);
    expect(d.diff).not.toContain(Buffer.from(a.psk).toString('base64'));
    expect(d.diff).toMatch(/<redacted:[0-9a-f]{16}>/);
    expect(c.impact.tenants.map((t) => t.id).sort()).toEqual([a.tenantId, b.tenantId].sort());
    expect(c.impact.connections.find((x) => x.id === a.connectionId)?.direct).toBe(true);
    expect(c.impact.connections.every((x) => x.hostname === pe2.phys.hostname)).toBe(true);
    // a draft without a risk assessment cannot be submitted
    const early = await step(staff.noc.s, c.id, 'submit', {}, 'ja');
    expect(early.statusCode).toBe(409);
    expect(early.json<{ detail: string }>().detail).toContain('リスク評価');
    // only the preparer edits it
    const foreign = await mgmt(staff.adminB.s, 'PATCH', `/api/v1/config-changes/${c.id}`, {
      riskLevel: 'low',
    });
    expect(foreign.statusCode).toBe(403);
    const edit = await mgmt(staff.noc.s, 'PATCH', `/api/v1/config-changes/${c.id}`, {
      riskLevel: 'medium',
      riskAssessment: 'Two customers gain a connection; existing ones keep theirs.',
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await step(staff.noc.s, c.id, 'submit')).statusCode).toBe(200);
    // the list carries counts, the detail read is audited as a staff read of customer data
    const list = await mgmt(staff.security.s, 'GET', '/api/v1/config-changes?status=submitted');
    expect(list.json<{ id: string; tenantCount: number }[]>().find((x) => x.id === c.id)?.tenantCount).toBe(
      2,
    );
  });

  it('names what the renderer left out: a connection whose PSK cannot be opened', async () => {
    const pe7 = await k.pe();
    const kept = await k.site(pe7);
    const lost = await k.site(pe7);
    await k.sys(() => destroyTenantKey(lost.tenantId)); // as at the tenant's erasure
    const r = await prepare(staff.noc.s, { title: 'After an erasure', deviceIds: [pe7.phys.deviceId] });
    expect(r.statusCode, r.body).toBe(201);
    const d = r.json<ChangeJson>().devices[0]!;
    expect(d.warnings.some((w) => w.includes(lost.connectionId))).toBe(true);
    expect(d.diff).toContain(`c-${kept.connectionId}`);
    expect(d.diff).not.toContain(`c-${lost.connectionId}`);
  });

  it('rolls back to the snapshot when an apply fails', async () => {
    const pe3 = await k.pe();
    await k.site(pe3);
    // the device runs something PVA did not write: that is what must come back
    writeFileSync(join(pe3.dir, 'legacy.conf'), 'hostname old-config\n');
    const before = readTree(pe3.dir);
    const c = await submitted(pe3, staff.noc.s);
    expect((await step(staff.adminB.s, c.id, 'approve')).statusCode).toBe(200);
    writeFileSync(join(pe3.dir, '.fail-apply'), '');
    const r = await step(staff.noc.s, c.id, 'execute');
    expect(r.statusCode, r.body).toBe(200);
    const x = r.json<ChangeJson>();
    expect(x.status).toBe('rolled_back');
    expect(x.devices[0]!.outcome).toBe('rolled_back');
    expect(x.log.some((l) => l.level === 'error' && l.message === 'device refused the rest')).toBe(true);
    expect(x.result).toContain('rolled back');
    expect(existsSync(join(pe3.dir, '.fail-apply'))).toBe(false);
    // the device holds exactly what it held before
    expect(readTree(pe3.dir)).toEqual(before);
    // the snapshot is kept as a backup version and linked from the record
    const snap = x.devices[0]!.preBackupId!;
    const v = await mgmt(staff.noc.s, 'GET', `/api/v1/config-backups/versions/${snap}`);
    expect(v.json<{ source: string; files: Record<string, string> }>().files['legacy.conf']).toBe(
      'hostname old-config\n',
    );
  });

  it('ends failed, saying so, when the rollback fails too', async () => {
    const pe6 = await k.pe();
    await k.site(pe6);
    const c = await submitted(pe6, staff.noc.s);
    expect((await step(staff.security.s, c.id, 'approve')).statusCode).toBe(200);
    writeFileSync(join(pe6.dir, '.fail-always'), '');
    const x = (await step(staff.noc.s, c.id, 'execute')).json<ChangeJson>();
    expect(x.status).toBe('failed');
    expect(x.devices[0]!.outcome).toBe('rollback_failed');
    expect(x.log.some((l) => l.message.startsWith('ROLLBACK FAILED'))).toBe(true);
    expect(x.result).toContain('manual restore needed');
    const audit = (await k.auditOf(c.id)).find((a) => a.action === 'config_change.result');
    expect(audit?.summary).toMatchObject({ to: 'failed' });
  });

  it('refuses to execute what was not approved: a model change after approval is config_stale', async () => {
    const pe4 = await k.pe();
    const s = await k.site(pe4);
    const c = await submitted(pe4, staff.noc.s);
    expect((await step(staff.security.s, c.id, 'approve')).statusCode).toBe(200);
    const patch = await mgmt(staff.noc.s, 'PATCH', `/api/v1/connections/${s.connectionId}`, {
      bandwidthMbps: 20,
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const r = await step(staff.noc.s, c.id, 'execute');
    expect(r.statusCode).toBe(409);
    expect(r.json<{ code: string }>().code).toBe('config_stale');
    expect(readTree(pe4.dir)).toEqual({});
    // a refresh recomputes and sends it back to draft, with the refresher as preparer
    const f = await step(staff.security.s, c.id, 'refresh');
    expect(f.statusCode).toBe(403); // security cannot prepare
    const g = await step(staff.adminB.s, c.id, 'refresh');
    expect(g.statusCode, g.body).toBe(200);
    const y = g.json<ChangeJson>();
    expect(y.status).toBe('draft');
    expect(y.preparedBy?.id).toBe(staff.adminB.p.id);
    expect(y.approvedBy).toBeNull();
    expect((await step(staff.adminB.s, c.id, 'submit')).statusCode).toBe(200);
    // the refresher became the preparer: they cannot approve the approved-then-refreshed record
    expect((await step(staff.adminB.s, c.id, 'approve')).statusCode).toBe(403);
    expect((await step(staff.adminA.s, c.id, 'approve')).statusCode).toBe(200);
    expect((await step(staff.noc.s, c.id, 'execute')).json<ChangeJson>().status).toBe('succeeded');
  });

  it('answers bad input with 4xx in ja/en and foreign ids with 404', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const r = await prepare(staff.noc.s, { title: ' ', deviceIds: [missing] }, 'ja');
    expect(r.statusCode).toBe(400);
    const fields = r.json<{ errors: { field: string; message: string }[] }>().errors.map((e) => e.field);
    expect(fields).toContain('/body/title');
    const r2 = await prepare(staff.noc.s, { title: 'x', deviceIds: [missing] });
    expect(r2.statusCode).toBe(400);
    expect(r2.json<{ errors: { field: string; code: string }[] }>().errors[0]).toMatchObject({
      field: '/body/deviceIds/0',
      code: 'unknown_device',
    });
    expect((await prepare(staff.noc.s, { title: 'x', deviceIds: [] })).statusCode).toBe(400);
    expect((await mgmt(staff.noc.s, 'GET', `/api/v1/config-changes/${missing}`)).statusCode).toBe(404);
    expect((await step(staff.noc.s, missing, 'execute')).statusCode).toBe(404);
    expect((await step(staff.security.s, missing, 'approve')).statusCode).toBe(404);
    const pe5 = await k.pe();
    const c = await submitted(pe5, staff.noc.s);
    const noReason = await step(staff.security.s, c.id, 'reject', { reason: '   ' }, 'ja');
    expect(noReason.statusCode).toBe(400);
    const rej = await step(staff.security.s, c.id, 'reject', { reason: 'Not in the maintenance window.' });
    expect(rej.json<ChangeJson>().status).toBe('rejected');
    expect((await step(staff.noc.s, c.id, 'execute')).statusCode).toBe(409);
    // a device whose driver is not installed cannot be prepared
    await k.sys(() =>
      db()
        .updateTable('ops.device')
        .set({ driver: 'no-such-driver' })
        .where('id', '=', pe5.phys.deviceId)
        .execute(),
    );
    const nd = await prepare(staff.noc.s, { title: 'x', deviceIds: [pe5.phys.deviceId] });
    expect(nd.statusCode).toBe(409);
    expect(nd.json<{ code: string }>().code).toBe('driver_unavailable');
  });

  it('marks an execution cut off by a dying process as failed, so it stops blocking its devices', async () => {
    const c = await submitted(pe);
    expect((await step(staff.security.s, c.id, 'approve')).statusCode).toBe(200);
    // what a process that died right after setting `executing` leaves behind
    const started = new Date(Date.now() - INTERRUPTED_AFTER_MS - 60_000);
    await k.sys(() =>
      db()
        .updateTable('ops.config_change')
        .set({ status: 'executing', started_at: started, executed_by: staff.adminA.p.id })
        .where('id', '=', c.id)
        .execute(),
    );
    // a recent execution (still running somewhere) is left alone
    expect(await k.sys(() => markInterruptedChanges(new Date(started.getTime() + 60_000)))).toEqual([]);
    expect(await k.sys(() => markInterruptedChanges())).toEqual([c.number]);
    const r = await mgmt(staff.adminA.s, 'GET', `/api/v1/config-changes/${c.id}`);
    const x = r.json<ChangeJson>();
    expect(x.status).toBe('failed');
    expect(x.timeline.at(-1)).toMatchObject({ fromStatus: 'executing', toStatus: 'failed' });
    expect((await k.auditOf(c.id)).map((a) => a.action)).toContain('config_change.interrupted');
    // a second sweep finds nothing more
    expect(await k.sys(() => markInterruptedChanges())).toEqual([]);
  });

  it('is provider data: no portal route reaches change records or backups', async () => {
    const routes = k.platform().portal.pva.routes.map((r) => r.url);
    expect(routes.filter((u) => u.includes('config-'))).toEqual([]);
    const u = await createUser(k.platform().db.database, site.tenantId, { role: 'admin' });
    const s = await login(k.platform().portal, k.platform().db.database, u);
    for (const url of ['/api/v1/config-changes', '/api/v1/config-backups/devices'])
      expect((await k.portal(s, 'GET', url)).statusCode).toBe(404);
  });
});
