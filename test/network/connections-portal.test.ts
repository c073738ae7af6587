import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { createPhysical, kit, type PhysicalFixture } from './virtual-fixtures.ts';

let p: TestPlatform;
let noc: LoggedIn;
let phys: PhysicalFixture;
beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  phys = await createPhysical(p, { ports: { 'ge-0/0/7': 10_000 } });
});
afterAll(async () => p?.close());
const { sys, mgmt, portal, tenantWithNet, addService } = kit(() => p);

interface PortalConn {
  id: string;
  name: string;
  kind: string;
  bandwidthMbps: number;
  status: string;
  owner: string;
  service: { id: string; code: string; label: string };
  virtualNetwork: { id: string; name: string } | null;
  peLocation: {
    pop: { nameJa: string; nameEn: string };
    hostname: string;
    underlayAddress: string | null;
  } | null;
  addressing: {
    ipv4: { prefix: string; peAddress: string; customerAddress: string } | null;
    ipv6: { prefix: string; peAddress: string; customerAddress: string } | null;
    customerSubnets: string[];
  };
  ipsec: Record<string, unknown> | null;
  handoffId: number | null;
}
interface PortalVnet {
  id: string;
  name: string;
  owner: string;
  connections: PortalConn[];
}

async function scenario() {
  const { t, vnetId } = await tenantWithNet(noc, {
    services: 0,
    pool4: '10.88.0.0/24',
    pool6: '2001:db8:88::/120',
  });
  const hq = await addService(t, 'ipsec', 100);
  const rack = await addService(t, 'direct', 200);
  await sys(() =>
    db().updateTable('customer.service').set({ label: '大阪ラック' }).where('id', '=', rack).execute(),
  );
  const port = phys.ports['ge-0/0/7']!;
  const c1 = await mgmt(noc, 'POST', `/api/v1/virtual-networks/${vnetId}/connections`, {
    serviceId: hq,
    name: 'tokyo-hq',
    portId: port,
    bandwidthMbps: 100,
    status: 'active',
    customerSubnets: ['192.168.10.0/24'],
    ipsec: { peerAddress: '203.0.113.40', auth: 'psk', psk: 'Tokyo-HQ-secret-key-2026!' },
  });
  const c2 = await mgmt(noc, 'POST', `/api/v1/virtual-networks/${vnetId}/connections`, {
    serviceId: rack,
    name: 'osaka-rack',
    portId: port,
    bandwidthMbps: 200,
  });
  expect(c1.statusCode, c1.body).toBe(201);
  expect(c2.statusCode, c2.body).toBe(201);
  return {
    t,
    vnetId,
    hq,
    rack,
    ipsecId: c1.json<{ id: string }>().id,
    directId: c2.json<{ id: string }>().id,
  };
}

describe(`the customer's view of virtual networks and connections (${engineName})`, () => {
  it("shows the tenant's networks and connection details with the PE location, never the PSK or the topology", async () => {
    const s = await scenario();
    const admin = await login(p.portal, p.db.database, await createUser(p.db.database, s.t.id));
    const list = await portal(admin, 'GET', '/api/v1/virtual-networks');
    expect(list.statusCode).toBe(200);
    const vnets = list.json<PortalVnet[]>();
    expect(vnets).toHaveLength(1);
    expect(vnets[0]).toMatchObject({ id: s.vnetId, owner: 'customer' });
    expect(vnets[0]!.connections.map((c) => c.name)).toEqual(['tokyo-hq', 'osaka-rack']);

    const detail = await portal(admin, 'GET', `/api/v1/connections/${s.ipsecId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json<PortalConn>()).toMatchObject({
      name: 'tokyo-hq',
      kind: 'ipsec',
      bandwidthMbps: 100,
      status: 'active',
      owner: 'customer',
      service: { id: s.hq },
      virtualNetwork: { id: s.vnetId },
      peLocation: {
        pop: { nameJa: phys.popNameJa, nameEn: phys.popNameEn },
        hostname: phys.hostname,
        underlayAddress: phys.underlay,
      },
      addressing: {
        ipv4: { prefix: '10.88.0.0/30', peAddress: '10.88.0.1', customerAddress: '10.88.0.2' },
        ipv6: { prefix: '2001:db8:88::/126', peAddress: '2001:db8:88::1', customerAddress: '2001:db8:88::2' },
        customerSubnets: ['192.168.10.0/24'],
      },
      ipsec: {
        peerAddress: '203.0.113.40',
        auth: 'psk',
        ikeProposals: ['aes256gcm16-prfsha256-ecp256'],
        espProposals: ['aes256gcm16-ecp256'],
        localId: phys.underlay,
        remoteId: '203.0.113.40',
      },
      handoffId: null,
    });
    const direct = (await portal(admin, 'GET', `/api/v1/connections/${s.directId}`)).json<PortalConn>();
    expect(direct).toMatchObject({
      kind: 'direct',
      handoffId: 1001,
      ipsec: null,
      service: { label: '大阪ラック' },
    });

    // nothing of the provider's topology beyond the attachment point, and never the PSK
    for (const body of [list.body, detail.body]) {
      expect(body).not.toContain('Tokyo-HQ-secret-key-2026!');
      expect(body).not.toContain(phys.ports['ge-0/0/7']);
      expect(body).not.toContain(phys.deviceId);
      expect(body).not.toContain('ge-0/0/7');
      expect(body).not.toContain(phys.mgmtPrefix.replace(/\.0\/24$/, ''));
      expect(body).not.toMatch(
        /"(vni|routeDistinguisher|routeTarget|namespace|capacityMbps|placement|pskSet|psk)":/,
      );
    }
  });

  it("limits a scoped viewer to their services' connections", async () => {
    const s = await scenario();
    const viewer = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, s.t.id, { role: 'viewer', serviceScope: [s.rack] }),
    );
    const vnets = (await portal(viewer, 'GET', '/api/v1/virtual-networks')).json<PortalVnet[]>();
    expect(vnets.flatMap((v) => v.connections.map((c) => c.name))).toEqual(['osaka-rack']);
    expect((await portal(viewer, 'GET', `/api/v1/connections/${s.directId}`)).statusCode).toBe(200);
    const hidden = await portal(viewer, 'GET', `/api/v1/connections/${s.ipsecId}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.headers['content-type']).toMatch(/problem\+json/);
    // a viewer with none of the network's services sees no network at all
    const none = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, s.t.id, { role: 'viewer', serviceScope: [] }),
    );
    expect((await portal(none, 'GET', '/api/v1/virtual-networks')).json()).toEqual([]);
  });

  it("answers 404 for another tenant's connection and lists none of its networks", async () => {
    const s = await scenario();
    const b = await createTenant(p.db.database);
    const other = await login(p.portal, p.db.database, await createUser(p.db.database, b.id));
    const r = await portal(other, 'GET', `/api/v1/connections/${s.ipsecId}`);
    expect(r.statusCode).toBe(404);
    const missing = await portal(other, 'GET', '/api/v1/connections/00000000-0000-4000-8000-000000000000');
    const { instance: _a, ...foreign } = r.json<Record<string, unknown>>();
    const { instance: _b, ...absent } = missing.json<Record<string, unknown>>();
    expect(foreign).toEqual(absent);
    expect((await portal(other, 'GET', '/api/v1/virtual-networks')).json()).toEqual([]);
  });

  it('offers customers no route to devices, ports, links, PoPs or placement', async () => {
    const s = await scenario();
    const admin = await login(p.portal, p.db.database, await createUser(p.db.database, s.t.id));
    const urls = p.portal.pva.routes.map((r) => r.url);
    expect(
      urls.filter((u) => /\/(devices?|ports?|pops?|placement|mgmt-networks?|capacity|network)(\/|$)/.test(u)),
    ).toEqual([]);
    for (const url of [
      '/api/v1/network/devices',
      '/api/v1/network/ports',
      '/api/v1/network/pops',
      '/api/v1/placement/ports',
      `/api/v1/tenants/${s.t.id}/virtual-networks`,
      `/api/v1/tenants/${s.t.id}/connections`,
    ]) {
      const r = await portal(admin, 'GET', url);
      expect(r.statusCode, url).toBe(404);
    }
  });
});
