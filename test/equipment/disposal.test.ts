import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { createNet, type NetFixture } from '../capacity/support.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { b64, caller, type Detail, type Disposal, type Problem } from './support.ts';

let p: TestPlatform;
let aliceP: TestPrincipal;
let bobP: TestPrincipal;
let alice: LoggedIn;
let bob: LoggedIn;
let api: ReturnType<typeof caller>;

beforeAll(async () => {
  p = await createTestPlatform();
  api = caller(p);
  aliceP = await createStaffMember(p.db.database, { role: 'noc' });
  bobP = await createStaffMember(p.db.database, { role: 'noc' });
  alice = await login(p.mgmt, p.db.database, aliceP);
  bob = await login(p.mgmt, p.db.database, bobP);
});
afterAll(async () => p?.close());

const today = () => zonedDate(new Date());
const WIPE_LOG = 'nwipe 0.34: /dev/sda PM893 S5X1 pass 1/1 verified OK\n';

/** A decommissioning device with one storage-bearing component and one PSU. */
async function decommissioned(): Promise<{ net: NetFixture; ssd: string; psu: string }> {
  const net = await createNet(p.db.database);
  const comp = (kind: string, storesData: boolean) =>
    api
      .ok<Detail>(alice, 'POST', '/api/v1/equipment/components', {
        deviceId: net.deviceId,
        kind,
        storesData,
        vendor: 'Vendor',
        model: kind.toUpperCase(),
        serial: `SN-${randomUUID().slice(0, 8)}`,
      })
      .then((d) => d.item.id);
  const ssd = await comp('storage', true);
  const psu = await comp('psu', false);
  await api.ok(alice, 'POST', `/api/v1/equipment/devices/${net.deviceId}/transitions`, {
    to: 'decommissioning',
    reason: 'end of life',
  });
  return { net, ssd, psu };
}

const evidence = (
  s: LoggedIn,
  id: string,
  kind = 'wipe_log',
  content = WIPE_LOG,
  contentType = 'text/plain',
) =>
  api.call(s, 'POST', `/api/v1/equipment/disposals/${id}/evidence`, {
    kind,
    filename: kind === 'certificate' ? '破壊証明書.pdf' : 'wipe.log',
    contentType,
    contentBase64: b64(content),
  });

describe(`secure disposal (${engineName})`, () => {
  it('cannot be completed by one person alone, nor without evidence; a second person completes it', async () => {
    const { net, ssd, psu } = await decommissioned();
    const created = await api.call(alice, 'POST', '/api/v1/equipment/disposals', {
      deviceId: net.deviceId,
      outcome: 'dispose',
      method: 'overwrite',
      performerStaffId: aliceP.id,
      performedOn: today(),
    });
    expect(created.statusCode, created.body).toBe(201);
    const d = created.json<Disposal>();
    expect(d.components.map((c) => c.id)).toEqual([ssd]); // storage-bearing only, not the PSU

    // no evidence yet: refused, even for a different verifier
    const noEvidence = await api.call(bob, 'POST', `/api/v1/equipment/disposals/${d.id}/complete`);
    expect(noEvidence.statusCode).toBe(409);
    expect(noEvidence.json<Problem>().code).toBe('evidence_required');

    expect((await evidence(alice, d.id)).statusCode).toBe(201);
    // the performer cannot verify their own work
    const alone = await api.call(
      alice,
      'POST',
      `/api/v1/equipment/disposals/${d.id}/complete`,
      undefined,
      'ja',
    );
    expect(alone.statusCode).toBe(409);
    expect(alone.json<Problem>()).toMatchObject({ code: 'disposal_same_person' });
    expect(alone.json<Problem>().detail).toContain('別の担当者');
    // the database holds the rule too
    await expect(
      inTransaction(p.db.database, systemScope(), () =>
        db()
          .updateTable('ops.disposal')
          .set({ verifier_staff_id: aliceP.id, status: 'completed', completed_at: new Date() })
          .where('id', '=', d.id)
          .execute(),
      ),
    ).rejects.toThrow(/disposal_two_people/);

    const done = await api.call(bob, 'POST', `/api/v1/equipment/disposals/${d.id}/complete`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Disposal>()).toMatchObject({
      status: 'completed',
      performer: { id: aliceP.id },
      verifier: { id: bobP.id },
      performedOn: today(),
    });
    expect(done.json<Disposal>().completedAt).toMatch(/\+09:00$/);

    const dev = await api.ok<Detail>(bob, 'GET', `/api/v1/equipment/devices/${net.deviceId}`);
    expect(dev.item.status).toBe('disposed');
    expect(dev.history[0]).toMatchObject({ from: 'decommissioning', to: 'disposed', actor: { id: bobP.id } });
    const status = (id: string) => dev.components.find((c) => c.id === id)!.status;
    expect(status(ssd)).toBe('disposed');
    expect(status(psu)).toBe('planned'); // not covered: may be reused separately
    // a completed record is final
    expect((await evidence(alice, d.id)).statusCode).toBe(409);
    const audit = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'actor_id'])
        .where('target_id', '=', d.id)
        .orderBy('seq')
        .execute(),
    );
    expect(audit.map((a) => a.action)).toEqual([
      'equipment.disposal_create',
      'equipment.disposal_evidence',
      'equipment.disposal_complete',
    ]);
    expect(audit[2]!.actor_id).toBe(bobP.id);
  });

  it('needs the performer recorded, and every storage component of the device covered', async () => {
    const { net, ssd } = await decommissioned();
    const d = await api.ok<Disposal>(alice, 'POST', '/api/v1/equipment/disposals', {
      deviceId: net.deviceId,
      outcome: 'reuse',
      method: 'crypto_erase',
      componentIds: [],
    });
    expect((await evidence(alice, d.id)).statusCode).toBe(201);
    const noPerformer = await api.call(bob, 'POST', `/api/v1/equipment/disposals/${d.id}/complete`);
    expect(noPerformer.json<Problem>().code).toBe('conflict');
    await api.ok(alice, 'PATCH', `/api/v1/equipment/disposals/${d.id}`, {
      performerStaffId: aliceP.id,
      performedOn: today(),
    });
    const uncovered = await api.call(bob, 'POST', `/api/v1/equipment/disposals/${d.id}/complete`);
    expect(uncovered.statusCode).toBe(409);
    const body = uncovered.json<Problem & { uncovered: { id: string }[] }>();
    expect(body.code).toBe('disposal_required');
    expect(body.uncovered.map((u) => u.id)).toEqual([ssd]);
    // the device stays where it was
    expect((await api.ok<Detail>(bob, 'GET', `/api/v1/equipment/devices/${net.deviceId}`)).item.status).toBe(
      'decommissioning',
    );
  });

  it('physical destruction needs a contractor and its certificate; evidence is limited, downloadable and audited', async () => {
    const { net } = await decommissioned();
    const noContractor = await api.call(alice, 'POST', '/api/v1/equipment/disposals', {
      deviceId: net.deviceId,
      outcome: 'dispose',
      method: 'physical_destruction',
    });
    expect(noContractor.statusCode).toBe(400);
    expect(noContractor.json<Problem>().errors?.[0]?.code).toBe('contractor_required');
    const supplier = await api.ok<{ supplier: { id: string } }>(
      alice,
      'POST',
      '/api/v1/equipment/suppliers',
      {
        name: `Shred ${randomUUID().slice(0, 6)}`,
        category: 'service',
        supplies: 'Certified media destruction',
      },
    );
    const d = await api.ok<Disposal>(alice, 'POST', '/api/v1/equipment/disposals', {
      deviceId: net.deviceId,
      outcome: 'dispose',
      method: 'physical_destruction',
      supplierId: supplier.supplier.id,
      performerStaffId: aliceP.id,
      performedOn: today(),
    });
    // a second open record for the same device is refused
    const twice = await api.call(alice, 'POST', '/api/v1/equipment/disposals', {
      deviceId: net.deviceId,
      outcome: 'dispose',
      method: 'overwrite',
    });
    expect(twice.statusCode).toBe(409);

    const exe = await evidence(alice, d.id, 'certificate', 'MZ...', 'application/x-msdownload');
    expect(exe.statusCode).toBe(415);
    expect(exe.json<Problem>().code).toBe('unsupported_media_type');
    const big = await api.call(alice, 'POST', `/api/v1/equipment/disposals/${d.id}/evidence`, {
      kind: 'certificate',
      filename: 'big.pdf',
      contentType: 'application/pdf',
      contentBase64: Buffer.alloc(2 * 1024 * 1024 + 1, 1).toString('base64'),
    });
    expect(big.statusCode).toBe(413);
    // a wipe log alone does not prove a contractor's destruction
    expect((await evidence(alice, d.id)).statusCode).toBe(201);
    const noCert = await api.call(bob, 'POST', `/api/v1/equipment/disposals/${d.id}/complete`);
    expect(noCert.json<Problem>().code).toBe('evidence_required');
    const pdf = '%PDF-1.4 certificate of destruction';
    const withCert = (await evidence(alice, d.id, 'certificate', pdf, 'application/pdf')).json<Disposal>();
    const cert = withCert.evidence.find((e) => e.kind === 'certificate')!;
    expect(cert.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));

    const dl = await api.call(bob, 'GET', `/api/v1/equipment/disposals/${d.id}/evidence/${cert.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(dl.body).toBe(pdf);
    // a foreign pairing of record and evidence is not found
    const other = (await decommissioned()).net;
    const od = await api.ok<Disposal>(alice, 'POST', '/api/v1/equipment/disposals', {
      deviceId: other.deviceId,
      outcome: 'reuse',
      method: 'crypto_erase',
    });
    expect(
      (await api.call(bob, 'GET', `/api/v1/equipment/disposals/${od.id}/evidence/${cert.id}`)).statusCode,
    ).toBe(404);
    expect((await api.call(bob, 'GET', `/api/v1/equipment/disposals/${randomUUID()}`)).statusCode).toBe(404);
    expect(
      (await api.call(bob, 'POST', `/api/v1/equipment/disposals/${randomUUID()}/complete`)).statusCode,
    ).toBe(404);

    expect((await api.call(bob, 'POST', `/api/v1/equipment/disposals/${d.id}/complete`)).statusCode).toBe(
      200,
    );
    const downloads = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('audit.log')
        .select('actor_id')
        .where('target_id', '=', d.id)
        .where('action', '=', 'equipment.disposal_evidence_download')
        .execute(),
    );
    expect(downloads.map((a) => a.actor_id)).toEqual([bobP.id]);
  });

  it('is opened only for an item being decommissioned', async () => {
    const net = await createNet(p.db.database);
    const r = await api.call(alice, 'POST', '/api/v1/equipment/disposals', {
      deviceId: net.deviceId,
      outcome: 'dispose',
      method: 'overwrite',
    });
    expect(r.statusCode).toBe(409);
    const unknown = await api.call(alice, 'POST', '/api/v1/equipment/disposals', {
      componentId: randomUUID(),
      outcome: 'dispose',
      method: 'overwrite',
    });
    expect(unknown.statusCode).toBe(400);
  });
});
