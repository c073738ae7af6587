import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { helpers } from './physical-support.ts';

let p: TestPlatform;
let noc: LoggedIn;
beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
});
afterAll(async () => p?.close());

const { call, ok, auditOf, fixture, u, place } = helpers(() => p);

interface Port {
  id: string;
  name: string;
  capacityMbps: number;
  limitMbps: number;
  contractedMbps: number;
  connectionCount: number;
  link: { id: string; peer: { hostname: string; portName: string } } | null;
}
interface Device {
  id: string;
  hostname: string;
  mgmtAddress: string;
  ports: Port[];
}

describe(`devices (${engineName})`, () => {
  it('registers a device whose management address lies inside its management network', async () => {
    const f = await fixture(noc);
    const body = {
      popId: f.pop.id,
      hostname: `pe-${u()}.tky`,
      role: 'pe',
      vendor: 'Linux',
      model: 'x86',
      serial: 'SN1',
      osVersion: 'Debian 12',
      mgmtNetworkId: f.mgmt.id,
      mgmtAddress: `${f.base}20`,
      underlayAddress: '198.51.100.20',
      driver: 'linux',
      driverTarget: { netns: 'pva-pe-test' },
    };
    const d = await ok<Device>(noc, 'POST', '/api/v1/network/devices', body);
    expect(d).toMatchObject({
      owner: 'provider',
      hostname: body.hostname,
      mgmtAddress: `${f.base}20`,
      underlayAddress: '198.51.100.20',
      pop: { id: f.pop.id, code: f.pop.code },
      mgmtNetwork: { id: f.mgmt.id, prefix: f.mgmt.prefix },
      driverTarget: { netns: 'pva-pe-test' },
      status: 'active',
      ports: [],
    });
    const fail = async (patch: Record<string, unknown>, status: number, code: string, field?: string) => {
      const r = await call(noc, 'POST', '/api/v1/network/devices', {
        ...body,
        hostname: `pe-${u()}`,
        ...patch,
      });
      expect(r.statusCode, `${JSON.stringify(patch)}: ${r.body}`).toBe(status);
      expect(r.json()).toMatchObject({ code });
      if (field) expect(r.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe(field);
      return r.json<Record<string, unknown>>();
    };
    // outside the management network, its network and broadcast address, not an address at all
    await fail({ mgmtAddress: '10.1.2.3' }, 400, 'validation_failed', '/body/mgmtAddress');
    await fail({ mgmtAddress: `${f.base}0` }, 400, 'validation_failed', '/body/mgmtAddress');
    await fail({ mgmtAddress: `${f.base}255` }, 400, 'validation_failed', '/body/mgmtAddress');
    await fail({ mgmtAddress: 'pe1' }, 400, 'validation_failed', '/body/mgmtAddress');
    // taken: address, host name, underlay
    await fail({ mgmtAddress: `${f.base}20`, underlayAddress: null }, 409, 'conflict', '/body/mgmtAddress');
    await fail({ hostname: body.hostname, mgmtAddress: `${f.base}21` }, 409, 'conflict', '/body/hostname');
    await fail({ mgmtAddress: `${f.base}22` }, 409, 'conflict', '/body/underlayAddress');
    // unknown references, bad host names and roles
    await fail(
      { popId: crypto.randomUUID(), mgmtAddress: `${f.base}23` },
      400,
      'validation_failed',
      '/body/popId',
    );
    await fail({ mgmtNetworkId: crypto.randomUUID() }, 400, 'validation_failed', '/body/mgmtNetworkId');
    await fail({ hostname: 'PE_1' }, 400, 'validation_failed');
    await fail({ role: 'router' }, 400, 'validation_failed');
    // customers never reach the management network: an underlay address inside it is refused
    const inMgmt = await fail(
      { mgmtAddress: `${f.base}24`, underlayAddress: `${f.base}25` },
      409,
      'mgmt_network_overlap',
      '/body/underlayAddress',
    );
    expect(inMgmt).toMatchObject({ prefix: f.mgmt.prefix, overlapKind: 'underlay' });
    const ja = await call(
      noc,
      'POST',
      '/api/v1/network/devices',
      { ...body, hostname: `pe-${u()}`, mgmtAddress: '10.1.2.3' },
      'ja',
    );
    expect(ja.json<{ errors: { message: string }[] }>().errors[0]!.message).toContain(
      `（${f.mgmt.prefix}）内のホストアドレスにしてください。`,
    );
    expect((await auditOf(d.id))[0]).toMatchObject({
      action: 'network.device.create',
      summary: { hostname: body.hostname, mgmtAddress: `${f.base}20`, driver: 'linux' },
    });
  });

  it('lists devices with filters, changes them (audited) and keeps a narrowed management network consistent', async () => {
    const f = await fixture(noc);
    const pe = await f.device(`pe-${u()}.osa`, 11);
    const agg = await ok<Device>(noc, 'POST', '/api/v1/network/devices', {
      popId: f.pop.id,
      hostname: `agg-${u()}.osa`,
      role: 'aggregation',
      vendor: 'Acme',
      model: 'AG-9000',
      serial: 'AGSERIAL',
      osVersion: '7.1',
      mgmtNetworkId: f.mgmt.id,
      mgmtAddress: `${f.base}200`,
    });
    const list = (q: string) => ok<Device[]>(noc, 'GET', `/api/v1/network/devices?popId=${f.pop.id}${q}`);
    expect((await list('')).map((d) => d.id)).toEqual([agg.id, pe.id]);
    expect((await list('&role=aggregation')).map((d) => d.id)).toEqual([agg.id]);
    expect((await list('&q=ag-9000')).map((d) => d.id)).toEqual([agg.id]);
    expect(await list('&status=disposed')).toEqual([]);
    expect((await call(noc, 'GET', '/api/v1/network/devices?role=x')).statusCode).toBe(400);

    const moved = await ok<Device>(noc, 'PATCH', `/api/v1/network/devices/${agg.id}`, {
      osVersion: '7.2',
      status: 'maintenance',
      mgmtAddress: `${f.base}100`,
    });
    expect(moved).toMatchObject({ osVersion: '7.2', status: 'maintenance', mgmtAddress: `${f.base}100` });
    expect((await auditOf(agg.id)).at(-1)).toMatchObject({
      action: 'network.device.update',
      summary: {
        changes: {
          os_version: { before: '7.1', after: '7.2' },
          status: { before: 'active', after: 'maintenance' },
          mgmt_address: { before: `${f.base}200`, after: `${f.base}100` },
        },
      },
    });
    const outside = await call(noc, 'PATCH', `/api/v1/network/devices/${agg.id}`, {
      mgmtAddress: '192.0.2.1',
    });
    expect(outside.statusCode).toBe(400);
    // narrowing to a /25 would leave no device outside; to the upper /25 would strand both
    const narrowed = f.mgmt.prefix.replace('/24', '/25');
    expect(
      await ok(noc, 'PATCH', `/api/v1/network/mgmt-networks/${f.mgmt.id}`, { prefix: narrowed }),
    ).toMatchObject({
      prefix: narrowed,
      deviceCount: 2,
    });
    const strand = await call(noc, 'PATCH', `/api/v1/network/mgmt-networks/${f.mgmt.id}`, {
      prefix: `${f.base}128/25`,
    });
    expect(strand.statusCode).toBe(409);
    expect(strand.json()).toMatchObject({ code: 'conflict', devices: 2 });
    const inUse = await call(noc, 'DELETE', `/api/v1/network/mgmt-networks/${f.mgmt.id}`);
    expect(inUse.json()).toMatchObject({ code: 'in_use', devices: 2 });
    const popInUse = await call(noc, 'DELETE', `/api/v1/network/pops/${f.pop.id}`);
    expect(popInUse.statusCode).toBe(409);
    expect(popInUse.json()).toMatchObject({ code: 'in_use', devices: 2 });
  });
});

describe(`ports and links (${engineName})`, () => {
  it('adds ports, links two devices, shows them in the device and the topology, and protects what is linked', async () => {
    const f = await fixture(noc);
    const a = await f.device(`pe-${u()}.a`, 31);
    const b = await f.device(`agg-${u()}.b`, 32);
    const pa = await f.port(a.id, 'xe-0/0/1', 10_000);
    const pa2 = await f.port(a.id, 'xe-0/0/2', 10_000);
    const pb = await f.port(b.id, 'et-0/0/0', 100_000);
    const dup = await call(noc, 'POST', `/api/v1/network/devices/${a.id}/ports`, {
      name: 'xe-0/0/1',
      capacityMbps: 1000,
      classCode: f.klass.code,
    });
    expect(dup.statusCode).toBe(409);
    const noClass = await call(noc, 'POST', `/api/v1/network/devices/${a.id}/ports`, {
      name: 'xe-0/0/9',
      capacityMbps: 1000,
      classCode: 'no-such-class',
    });
    expect(noClass.statusCode).toBe(400);
    expect(noClass.json()).toMatchObject({ errors: [{ field: '/body/classCode', code: 'unknown' }] });

    const same = await call(noc, 'POST', '/api/v1/network/links', { aPortId: pa.id, bPortId: pa2.id });
    expect(same.statusCode).toBe(400);
    expect(same.json()).toMatchObject({ errors: [{ field: '/body/bPortId', code: 'same_device' }] });
    const link = await ok<{ id: string }>(noc, 'POST', '/api/v1/network/links', {
      aPortId: pa.id,
      bPortId: pb.id,
      description: 'TKY backbone',
    });
    expect(link).toMatchObject({
      owner: 'provider',
      a: { portId: pa.id, hostname: a.hostname, portName: 'xe-0/0/1', capacityMbps: 10_000 },
      b: { portId: pb.id, hostname: b.hostname, portName: 'et-0/0/0' },
    });
    const again = await call(noc, 'POST', '/api/v1/network/links', { aPortId: pb.id, bPortId: pa2.id });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'conflict',
      errors: [{ field: '/body/aPortId', code: 'linked' }],
    });

    const detail = await ok<Device>(noc, 'GET', `/api/v1/network/devices/${a.id}`);
    expect(detail.ports.map((x) => x.name)).toEqual(['xe-0/0/1', 'xe-0/0/2']);
    expect(detail.ports[0]!.link).toMatchObject({
      id: link.id,
      peer: { hostname: b.hostname, portName: 'et-0/0/0' },
    });
    expect(detail.ports[1]!.link).toBeNull();

    const topo = await ok<{
      pops: { id: string; devices: { id: string; ports: { id: string; linkId: string | null }[] }[] }[];
      links: { id: string; a: { portId: string }; b: { portId: string }; capacityMbps: number }[];
    }>(noc, 'GET', '/api/v1/network/topology');
    const pop = topo.pops.find((x) => x.id === f.pop.id)!;
    expect(pop.devices.map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
    expect(topo.links.find((l) => l.id === link.id)).toMatchObject({
      a: { portId: pa.id },
      b: { portId: pb.id },
      capacityMbps: 10_000,
    });

    const delPort = await call(noc, 'DELETE', `/api/v1/network/ports/${pb.id}`);
    expect(delPort.json()).toMatchObject({ code: 'in_use', links: 1 });
    const delDevice = await call(noc, 'DELETE', `/api/v1/network/devices/${b.id}`);
    expect(delDevice.json()).toMatchObject({ code: 'in_use', links: 1 });
    await ok(noc, 'PATCH', `/api/v1/network/links/${link.id}`, { description: 'TKY backbone 2' });
    await ok(noc, 'DELETE', `/api/v1/network/links/${link.id}`, undefined, 204);
    await ok(noc, 'DELETE', `/api/v1/network/devices/${b.id}`, undefined, 204);
    expect((await call(noc, 'GET', `/api/v1/network/ports/${pb.id}`)).statusCode).toBe(404);
    expect((await auditOf(b.id)).at(-1)).toMatchObject({
      action: 'network.device.delete',
      summary: { hostname: b.hostname, ports: 1 },
    });
    expect((await auditOf(link.id)).map((x) => x.action)).toEqual([
      'network.link.create',
      'network.link.update',
      'network.link.delete',
    ]);
  });

  it('answers in_use, not 500, when records of other modules still refer to a device or port', async () => {
    const f = await fixture(noc);
    const d = await f.device();
    const port = await f.port(d.id, 'eth1');
    // stands for a backup, a change record or a traffic sample that refers to the device
    await p.db.database.runScript(`
      CREATE TABLE IF NOT EXISTS public.physical_test_ref (device_id uuid REFERENCES ops.device(id),
                                                         port_id uuid REFERENCES ops.port(id));
      INSERT INTO public.physical_test_ref VALUES ('${d.id}', '${port.id}');`);
    for (const url of [`/api/v1/network/devices/${d.id}`, `/api/v1/network/ports/${port.id}`]) {
      const r = await call(noc, 'DELETE', url, undefined, 'ja');
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json()).toMatchObject({ code: 'in_use', referencedBy: 'public.physical_test_ref' });
      expect(r.json<{ detail: string }>().detail).toContain('撤去中');
    }
    expect((await call(noc, 'GET', `/api/v1/network/devices/${d.id}`)).json()).toMatchObject({
      ports: [{ id: port.id }],
    });
  });

  it('counts contracted bandwidth per port (planned and active) and refuses to delete a port that carries connections', async () => {
    const f = await fixture(noc);
    const d = await f.device();
    const port = await f.port(d.id, 'eth1', 1000);
    await place(port.id, [{ mbps: 300 }, { mbps: 200, status: 'active' }, { mbps: 900, status: 'disabled' }]);
    const detail = await ok<Device>(noc, 'GET', `/api/v1/network/devices/${d.id}`);
    expect(detail.ports[0]).toMatchObject({ contractedMbps: 500, connectionCount: 2, limitMbps: 2000 });
    const del = await call(noc, 'DELETE', `/api/v1/network/ports/${port.id}`, undefined, 'ja');
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({
      code: 'in_use',
      connections: 3,
      title: '使用中のため削除できません。',
    });
    const delDevice = await call(noc, 'DELETE', `/api/v1/network/devices/${d.id}`);
    expect(delDevice.json()).toMatchObject({ code: 'in_use', connections: 3 });
  });
});
