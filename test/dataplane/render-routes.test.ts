import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { newPsk, placeIpsec, seedPe, seedVnet, type SeededPe } from '../netns/model.ts';

/**
 * The routes around rendering: the intended configuration of a device (management, secrets
 * redacted) and the customer's own IPsec configuration and PSK (portal; administrators only see
 * the key; every view audited; foreign ids 404). No network namespaces needed.
 */

let p: TestPlatform;
let pe: SeededPe;
let tenant: TenantFixture;
let other: TenantFixture;
let staff: LoggedIn;
const users: Record<'admin' | 'operator' | 'viewer' | 'foreign', LoggedIn | null> = {
  admin: null,
  operator: null,
  viewer: null,
  foreign: null,
};
const psks: string[] = [];
const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const target = { namespace: 'pe9test', stateDir: '/var/lib/pva/pe9test', underlayPrefixLength: 24 };

beforeAll(async () => {
  p = await createTestPlatform();
  pe = await seedPe(p.db.database, target);
  tenant = await createTenant(p.db.database, { services: 3 });
  other = await createTenant(p.db.database, { services: 1 });
  const vn = await seedVnet(p.db.database, tenant.id, '本社網');
  for (const [i, [transfer, subnet]] of [
    ['10.9.0.0/30', '10.1.1.0/24'],
    ['10.9.0.4/30', '10.1.2.0/24'],
  ].entries()) {
    psks.push(newPsk());
    await placeIpsec(p.db.database, p.config, {
      connectionId: tenant.connectionIds[i]!,
      tenantId: tenant.id,
      vnId: vn.id,
      portId: pe.accessPortId,
      transfer: transfer!,
      subnets: [subnet!],
      peer: `198.51.100.${11 + i}`,
      remoteId: `site${i}.customer.example`,
      mbps: 10,
      psk: psks[i]!,
    });
  }
  // the third connection is a direct one, placed but without its handoff id yet
  await sys(() =>
    db()
      .updateTable('customer.connection')
      .set({
        kind: 'direct',
        virtual_network_id: vn.id,
        port_id: pe.accessPortId,
        ipv4_prefix: '10.9.0.8/30',
      })
      .where('id', '=', tenant.connectionIds[2]!)
      .execute(),
  );
  for (const role of ['admin', 'operator', 'viewer'] as const)
    users[role] = await login(p.portal, p.db.database, await createUser(p.db.database, tenant.id, { role }));
  users.foreign = await login(
    p.portal,
    p.db.database,
    await createUser(p.db.database, other.id, { role: 'admin' }),
  );
  staff = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
});
afterAll(async () => p?.close());

const audits = (action: string, targetId: string) =>
  sys(() =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'actor_kind', 'tenant_id', 'summary'])
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .execute(),
  );

describe(`intended configuration (management, ${engineName})`, () => {
  it('renders a device from the model with every secret redacted, and records the staff read', async () => {
    const r = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/devices/${pe.deviceId}/intended-config`,
      headers: staff.headers,
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{
      owner: string;
      hostname: string;
      files: { name: string; text: string }[];
      warnings: string[];
    }>();
    expect(body.owner).toBe('provider');
    expect(body.hostname).toBe(pe.hostname);
    expect(body.files.map((f) => f.name)).toEqual([
      'inventory.txt',
      'ipsec/loaded.txt',
      'ns/core.conf',
      'ns/mgmt.conf',
      `ns/${/namespace=pe9test-(vn\d+)/.exec(body.files[0]!.text)![1]}.conf`,
      'strongswan.conf',
      'swanctl/swanctl.conf',
    ]);
    const swanctl = body.files.find((f) => f.name === 'swanctl/swanctl.conf')!.text;
    expect(swanctl.match(/secret = <redacted:[0-9a-f]{16}>/g)).toHaveLength(2);
    for (const f of body.files)
      for (const psk of psks) {
        expect(f.text).not.toContain(psk);
        expect(f.text).not.toContain(Buffer.from(psk).toString('base64'));
      }
    // the direct connection has no handoff id yet: left out, and said so
    expect(body.warnings).toEqual([expect.stringContaining(`${tenant.connectionIds[2]}`)]);
    expect(
      await sys(() =>
        db()
          .selectFrom('audit.log')
          .select('action')
          .where('action', '=', 'staff.read.getIntendedConfig')
          .execute(),
      ),
    ).toHaveLength(1);
  });

  it('answers 404 for an unknown device and 409 with a reason when the model cannot be rendered', async () => {
    const missing = await p.mgmt.inject({
      method: 'GET',
      url: '/api/v1/devices/00000000-0000-4000-8000-000000000000/intended-config',
      headers: staff.headers,
    });
    expect(missing.statusCode).toBe(404);
    await sys(() =>
      db()
        .updateTable('ops.device')
        .set({ driver_target: JSON.stringify({ namespace: 'Bad Name!' }) })
        .where('id', '=', pe.deviceId)
        .execute(),
    );
    const bad = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/devices/${pe.deviceId}/intended-config`,
      headers: { ...staff.headers, 'accept-language': 'en' },
    });
    expect(bad.statusCode).toBe(409);
    expect(bad.json<{ code: string; detail: string }>().code).toBe('render_failed');
    expect(bad.json<{ code: string; detail: string }>().detail).toContain('namespace');
    await sys(() =>
      db()
        .updateTable('ops.device')
        .set({ driver: 'acme-os', driver_target: JSON.stringify(target) })
        .where('id', '=', pe.deviceId)
        .execute(),
    );
    const noDriver = await p.mgmt.inject({
      method: 'GET',
      url: `/api/v1/devices/${pe.deviceId}/intended-config`,
      headers: staff.headers,
    });
    expect(noDriver.statusCode).toBe(409);
    expect(noDriver.json()).toMatchObject({ code: 'driver_unavailable' });
    await sys(() =>
      db().updateTable('ops.device').set({ driver: 'linux' }).where('id', '=', pe.deviceId).execute(),
    );
  });
});

describe(`the customer's IPsec configuration (portal, ${engineName})`, () => {
  const download = (who: LoggedIn, id: string, query = 'format=swanctl&lang=en') =>
    p.portal.inject({
      method: 'GET',
      url: `/api/v1/connections/${id}/ipsec-config?${query}`,
      headers: who.headers,
    });

  it('gives administrators a ready swanctl.conf with the PSK, everyone else the same without it', async () => {
    const id = tenant.connectionIds[0]!;
    const admin = await download(users.admin!, id);
    expect(admin.statusCode, admin.body).toBe(200);
    expect(admin.headers['content-type']).toContain('text/plain');
    expect(admin.headers['content-disposition']).toMatch(
      /^attachment; filename="pva-[0-9a-f]{8}-swanctl\.conf"$/,
    );
    expect(admin.body).toContain(`secret = "${psks[0]}"`);
    expect(admin.body).toContain('remote_addrs = 198.51.100.1');
    expect(admin.body).toContain('local_ts = 10.1.1.0/24,10.9.0.2/32');
    // the other site of the same virtual network is named as a destination
    expect(admin.body).toContain('10.1.2.0/24');
    for (const role of ['operator', 'viewer'] as const) {
      const r = await download(users[role]!, id);
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain(psks[0]);
      expect(r.body).toContain('# secret = (the pre-shared key is shown to administrators only)');
    }
    const records = await audits('connection.ipsec_config_download', id);
    expect(records.map((x) => (x.summary as { includesPsk: boolean }).includesPsk).sort()).toEqual([
      false,
      false,
      true,
    ]);
    expect(records.every((x) => x.tenant_id === tenant.id && x.actor_kind === 'customer')).toBe(true);
  });

  it('writes the parameter sheet in Japanese and English', async () => {
    const ja = await download(users.viewer!, tenant.connectionIds[1]!, 'format=sheet&lang=ja');
    expect(ja.statusCode).toBe(200);
    expect(ja.body).toContain('PVA IPsec 接続パラメータシート');
    expect(ja.body).toContain('事前共有鍵 (PSK): （管理者にのみ表示されます）');
    expect(ja.headers['content-disposition']).toMatch(/parameters-ja\.txt"$/);
    const en = await download(users.admin!, tenant.connectionIds[1]!, 'format=sheet&lang=en');
    expect(en.body).toContain(`Pre-shared key (PSK): ${psks[1]}`);
    expect(en.body).toContain('Transfer prefix: 10.9.0.4/30 (PE 10.9.0.5, you 10.9.0.6)');
  });

  it('answers 404 for another tenant’s connection, 409 for a direct or unfinished one, 400 for bad input', async () => {
    expect((await download(users.foreign!, tenant.connectionIds[0]!)).statusCode).toBe(404);
    expect((await download(users.admin!, other.connectionIds[0]!)).statusCode).toBe(404);
    const direct = await download(users.admin!, tenant.connectionIds[2]!);
    expect(direct.statusCode).toBe(409);
    expect(direct.json()).toMatchObject({ code: 'not_ipsec' });
    const unfinished = await download(users.foreign!, other.connectionIds[0]!);
    expect(unfinished.statusCode).toBe(409);
    expect(unfinished.json()).toMatchObject({ code: 'not_provisioned' });
    expect((await download(users.admin!, 'not-a-uuid')).statusCode).toBe(400);
    expect((await download(users.admin!, tenant.connectionIds[0]!, 'format=pdf')).statusCode).toBe(400);
  });

  it('reveals the PSK to administrators only, and records every reveal', async () => {
    const id = tenant.connectionIds[1]!;
    const reveal = (who: LoggedIn, conn = id) =>
      p.portal.inject({
        method: 'POST',
        url: `/api/v1/connections/${conn}/reveal-psk`,
        headers: who.headers,
      });
    const ok = await reveal(users.admin!);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ owner: 'customer', connectionId: id, psk: psks[1] });
    expect(ok.headers['cache-control']).toBe('no-store');
    expect((await reveal(users.operator!)).statusCode).toBe(403);
    expect((await reveal(users.viewer!)).statusCode).toBe(403);
    expect((await reveal(users.foreign!)).statusCode).toBe(404);
    expect((await reveal(users.admin!, tenant.connectionIds[2])).statusCode).toBe(409);
    const records = await audits('connection.psk_reveal', id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ tenant_id: tenant.id, actor_kind: 'customer' });
    expect(JSON.stringify(records[0]!.summary)).not.toContain(psks[1]!);
  });
});
