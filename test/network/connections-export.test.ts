import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { countObjects, exportValidator, type ExportDoc } from '../export/support.ts';
import { createPhysical, kit, type PhysicalFixture } from './virtual-fixtures.ts';

let p: TestPlatform;
let noc: LoggedIn;
let phys: PhysicalFixture;
beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  phys = await createPhysical(p, { ports: { 'xe-0/0/3': 10_000 } });
});
afterAll(async () => p?.close());
const { mgmt, portal, tenantWithNet } = kit(() => p);

type Doc = ExportDoc & {
  virtualNetworks: { id: string; name: string; owner: string }[];
  connections: (ExportDoc['connections'][number] & Record<string, unknown>)[];
};

describe(`virtual networks and connection settings in the settings export (${engineName})`, () => {
  it('exports them, valid against the schema, and never the pre-shared key', async () => {
    const { t, vnetId } = await tenantWithNet(noc, { pool4: '10.71.0.0/24', pool6: null });
    const psk = 'Export-test-pre-shared-key-77';
    const placed = await mgmt(noc, 'POST', `/api/v1/virtual-networks/${vnetId}/connections`, {
      serviceId: t.serviceIds[0],
      name: 'hq',
      portId: phys.ports['xe-0/0/3'],
      bandwidthMbps: 100,
      customerSubnets: ['192.168.71.0/24'],
      ipsec: { peerAddress: '203.0.113.71', auth: 'psk', psk },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const id = placed.json<{ id: string }>().id;
    const admin = await createUser(p.db.database, t.id, { role: 'admin' });
    const s = await login(p.portal, p.db.database, admin);
    const r = await portal(s, 'GET', '/api/v1/export?format=json');
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain(psk);
    const doc = r.json<Doc>();
    const validate = exportValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(Number(r.headers['x-pva-export-objects'])).toBe(countObjects(doc));
    expect(doc.scope.sections).toContain('virtualNetworks');
    expect(doc.virtualNetworks).toEqual([expect.objectContaining({ id: vnetId, owner: 'customer' })]);
    const c = doc.connections.find((x) => x.id === id)!;
    expect(c).toMatchObject({
      virtualNetworkId: vnetId,
      ipv4Prefix: '10.71.0.0/30',
      ipv6Prefix: null,
      customerSubnets: ['192.168.71.0/24'],
      ipsec: { peerAddress: '203.0.113.71', auth: 'psk', remoteId: '203.0.113.71' },
      handoffId: null,
    });
    expect(Object.keys((c as Record<string, unknown>).ipsec as object)).not.toContain('psk');
    // the unplaced connections of the fixture export too, with empty settings
    expect(doc.connections.find((x) => x.id === t.connectionIds[1])).toMatchObject({
      virtualNetworkId: null,
      ipsec: null,
    });
    const csv = await portal(s, 'GET', '/api/v1/export?format=csv&section=connections');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toContain(
      'virtualNetworkId,ipv4Prefix,ipv6Prefix,customerSubnets,ipsec,handoffId,updatedAt',
    );
    expect(csv.body).not.toContain(psk);
    const vcsv = await portal(s, 'GET', '/api/v1/export?format=csv&section=virtualNetworks');
    expect(vcsv.statusCode).toBe(200);
    expect(vcsv.body).toContain(vnetId);

    // a user limited to a service without a placed connection exports no virtual network
    const scoped = await createUser(p.db.database, t.id, {
      role: 'operator',
      serviceScope: [t.serviceIds[1]!],
    });
    const ss = await login(p.portal, p.db.database, scoped);
    const narrow = (await portal(ss, 'GET', '/api/v1/export?format=json')).json<Doc>();
    expect(narrow.virtualNetworks).toEqual([]);
    expect(narrow.connections.map((x) => x.id)).toEqual([t.connectionIds[1]]);
  });
});
