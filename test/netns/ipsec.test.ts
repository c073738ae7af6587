import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import type { ApplyResult, RenderedConfig } from '../../src/modules/dataplane/driver.ts';
import { runBackup } from '../../src/modules/dataplane/backup-service.ts';
import { swanctl } from '../../src/modules/dataplane/drivers/linux/charon.ts';
import { linuxDriver } from '../../src/modules/dataplane/drivers/linux/index.ts';
import { connectionBlocks } from '../../src/modules/dataplane/drivers/linux/ipsec.ts';
import { intendedConfig } from '../../src/modules/dataplane/intended.ts';
import { diffFileSets } from '../../src/modules/dataplane/render/diff.ts';
import { linuxTarget } from '../../src/modules/dataplane/render/target.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { inNs, isRoot, Lab, MGMT, type Site } from './lab.ts';
import { newPsk, placeIpsec, seedPe, seedVnet, type SeededPe } from './model.ts';

/**
 * The acceptance test of the data plane (issue 6): one PE and three customer sites in network
 * namespaces, configured by PVA through the linux driver, the customers' routers configured from
 * what the portal hands them. Needs root (CI runs as root).
 */

const ROOT = isRoot();

interface SiteRow {
  name: string;
  tenant: 'A' | 'B';
  connectionId: string;
  transfer: string;
  lan: string;
  subnet: string;
  underlay: string;
  mbps: number;
  site?: Site;
}

let p: TestPlatform;
let lab: Lab;
let pe: SeededPe;
let tenantA: TenantFixture;
let tenantB: TenantFixture;
const admins: Record<'A' | 'B', LoggedIn | null> = { A: null, B: null };
const sites: Record<string, SiteRow> = {};

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const render = (): Promise<RenderedConfig> => sys(() => intendedConfig(pe.deviceId, { config: p.config }));
const running = async () => (await linuxDriver.fetchRunning(lab.peTarget, pe.hostname)).files;
const peTarget = () => linuxTarget(lab.peTarget);
const fping = (ns: string, src: string, targets: string[]) =>
  inNs(ns, 'fping', ['-c', '3', '-p', '100', '-t', '300', '-q', '-S', src, ...targets]);
/** fping -q -c summary: `addr : xmt/rcv/%loss = 3/3/0%` per target */
const received = (out: string, target: string): number => {
  const m = new RegExp(`^${target.replace(/\./g, '\\.')}\\s*:.*= \\d+/(\\d+)/`, 'm').exec(out);
  return m ? Number(m[1]) : -1;
};

async function sas(): Promise<Map<string, { uniqueid: string; bytesIn: number; installed: boolean }>> {
  const r = await swanctl(peTarget(), ['--list-sas', '--raw']);
  const out = new Map<string, { uniqueid: string; bytesIn: number; installed: boolean }>();
  for (const line of r.stdout.split('\n')) {
    const m = /^list-sa event \{(c-[0-9a-f-]+) \{uniqueid=(\d+) .*?state=ESTABLISHED/.exec(line);
    if (!m) continue;
    const bytes = /bytes-in=(\d+)/.exec(line);
    out.set(m[1]!, {
      uniqueid: m[2]!,
      bytesIn: bytes ? Number(bytes[1]) : 0,
      installed: line.includes('state=INSTALLED'),
    });
  }
  return out;
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function apply(): Promise<ApplyResult> {
  const r = await linuxDriver.apply(await render(), lab.peTarget);
  expect(r.ok, r.log.join('\n')).toBe(true);
  return r;
}

describe.skipIf(!ROOT)(`IPsec through a Linux PE in network namespaces (${engineName})`, () => {
  beforeAll(async () => {
    p = await createTestPlatform();
    lab = new Lab();
    await lab.create();
    pe = await seedPe(p.db.database, lab.peTarget);
    tenantA = await createTenant(p.db.database, { services: 2 });
    tenantB = await createTenant(p.db.database, { services: 1 });
    const vnA = await seedVnet(p.db.database, tenantA.id, 'A 本社網');
    const vnB = await seedVnet(p.db.database, tenantB.id, 'B network');
    const rows: SiteRow[] = [
      {
        name: 'a1',
        tenant: 'A',
        connectionId: tenantA.connectionIds[0]!,
        transfer: '10.9.0.0/30',
        lan: '10.1.1.1',
        subnet: '10.1.1.0/24',
        underlay: '198.51.100.11',
        mbps: 10,
      },
      {
        name: 'a2',
        tenant: 'A',
        connectionId: tenantA.connectionIds[1]!,
        transfer: '10.9.0.4/30',
        lan: '10.1.2.1',
        subnet: '10.1.2.0/24',
        underlay: '198.51.100.12',
        mbps: 100,
      },
      {
        name: 'b1',
        tenant: 'B',
        connectionId: tenantB.connectionIds[0]!,
        transfer: '10.19.0.0/30',
        lan: '10.2.1.1',
        subnet: '10.2.1.0/24',
        underlay: '198.51.100.13',
        mbps: 50,
      },
    ];
    for (const s of rows) {
      sites[s.name] = s;
      const t = s.tenant === 'A' ? tenantA : tenantB;
      await placeIpsec(p.db.database, p.config, {
        connectionId: s.connectionId,
        tenantId: t.id,
        vnId: s.tenant === 'A' ? vnA.id : vnB.id,
        portId: pe.accessPortId,
        transfer: s.transfer,
        subnets: [s.subnet],
        peer: s.underlay,
        remoteId: `${s.name}.customer.example`,
        mbps: s.mbps,
        psk: newPsk(),
      });
    }
    for (const k of ['A', 'B'] as const) {
      const user = await createUser(p.db.database, (k === 'A' ? tenantA : tenantB).id, { role: 'admin' });
      admins[k] = await login(p.portal, p.db.database, user);
    }
  });

  afterAll(async () => {
    await lab?.close();
    await p?.close();
  });

  it('applies the intended configuration; applying it again changes nothing', async () => {
    const first = await apply();
    expect(first.actions!.length).toBeGreaterThan(10);
    const before = await running();
    const second = await apply();
    expect(second.actions).toEqual([]);
    expect(await running()).toEqual(before);
    // the device reads back exactly as rendered
    expect(linuxDriver.diff({ files: before, fetchedAt: new Date() }, await render()).text).toBe('');
  });

  it("brings up every customer's router with the configuration downloaded from the portal", async () => {
    for (const s of Object.values(sites)) {
      const r = await p.portal.inject({
        method: 'GET',
        url: `/api/v1/connections/${s.connectionId}/ipsec-config?format=swanctl&lang=en`,
        headers: admins[s.tenant]!.headers,
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.body).toMatch(/^\s+secret = "/m);
      const transferCustomer = s.transfer.replace(/\.\d+\/30$/, (x) => `.${Number(x.slice(1, -3)) + 2}/32`);
      s.site = await lab.site(s.name, s.underlay, [transferCustomer, `${s.lan}/32`]);
      await lab.startSite(s.site, r.body);
    }
    const up = await waitFor('three established tunnels', async () => {
      const m = await sas();
      return [...m.values()].filter((x) => x.installed).length === 3 ? m : null;
    });
    for (const s of Object.values(sites)) expect(up.get(`c-${s.connectionId}`)?.installed, s.name).toBe(true);
  });

  it("carries tenant A's sites to each other over IPsec, with nothing in clear text on the underlay", async () => {
    const a1 = sites.a1!;
    const a2 = sites.a2!;
    const before = await sas();
    const capture = join(lab.dir, 'underlay.pcap');
    // on the PE's underlay port: a bridge device would not show the traffic it forwards between ports
    const dump = spawn(
      'ip',
      ['netns', 'exec', lab.pe, 'tcpdump', '-i', 'u0', '-n', '-U', '--immediate-mode', '-w', capture],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    await new Promise<void>((resolve) =>
      dump.stderr.on('data', (b: Buffer) => b.toString().includes('listening') && resolve()),
    );
    const ping = await fping(a1.site!.ns, a1.lan, [a2.lan, '10.9.0.6', '10.9.0.1']);
    await new Promise((r) => setTimeout(r, 300));
    dump.kill('SIGINT');
    await new Promise((r) => dump.on('close', r));
    for (const target of [a2.lan, '10.9.0.6', '10.9.0.1'])
      expect(received(ping.stderr, target), ping.stderr).toBe(3);
    const after = await sas();
    for (const s of [a1, a2]) {
      const id = `c-${s.connectionId}`;
      expect(after.get(id)!.bytesIn, `ESP bytes in on ${s.name}`).toBeGreaterThan(before.get(id)!.bytesIn);
    }
    const seen = (await inNs(lab.pe, 'tcpdump', ['-r', capture, '-n'])).stdout.split('\n').filter(Boolean);
    expect(seen.length).toBeGreaterThan(0);
    for (const line of seen) {
      // IPv6 neighbour discovery of the underlay link itself is fine; tunnel payload is not
      expect(line).not.toMatch(/ICMP(?!6)/);
      expect(line).not.toMatch(/\b10\.\d+\.\d+\.\d+/);
      expect(line, line).toMatch(/\.4500 > |\.4500: |\.500 > |\.500: |ARP|ICMP6|ip6/);
    }
    expect(seen.some((l) => /UDP-encap|\.4500: UDP|NONESP|ESP/.test(l))).toBe(true);
  });

  it('keeps tenant B out of every address of tenant A', async () => {
    const b1 = sites.b1!;
    const a = ['10.1.1.1', '10.1.2.1', '10.9.0.1', '10.9.0.2', '10.9.0.5', '10.9.0.6'];
    const r = await fping(b1.site!.ns, b1.lan, [...a, '10.19.0.1']);
    for (const target of a) expect(received(r.stderr, target), `${target}\n${r.stderr}`).toBe(0);
    // B's own tunnel works: its PE side answers
    expect(received(r.stderr, '10.19.0.1'), r.stderr).toBe(3);
  });

  it('answers on the management address only inside the management network; nothing else listens', async () => {
    const fromMgmt = await fping(lab.mgmt, MGMT.station, [MGMT.pe]);
    expect(received(fromMgmt.stderr, MGMT.pe), fromMgmt.stderr).toBe(3);
    await inNs(lab.internet, 'ip', ['addr', 'add', '198.51.100.200/24', 'dev', 'br0'], false);
    await inNs(lab.internet, 'ip', ['route', 'add', MGMT.prefix, 'via', '198.51.100.1'], false);
    const fromInternet = await fping(lab.internet, '198.51.100.200', [MGMT.pe]);
    expect(received(fromInternet.stderr, MGMT.pe), fromInternet.stderr).toBe(0);
    const fromSite = await fping(sites.a1!.site!.ns, sites.a1!.lan, [MGMT.pe]);
    expect(received(fromSite.stderr, MGMT.pe), fromSite.stderr).toBe(0);
    const vn = (await render()).files['inventory.txt']!.match(/namespace=(\S+-vn\d+)/)![1]!;
    const fromTenant = await fping(vn, '10.9.0.1', [MGMT.pe]);
    expect(received(fromTenant.stderr, MGMT.pe), fromTenant.stderr).toBe(0);
    const files = await running();
    const listening = (ns: string) => files[ns]!.split('[listening]')[1]!.trim().split('\n').filter(Boolean);
    expect(listening('ns/core.conf').sort()).toEqual([
      'udp 0.0.0.0:4500',
      'udp 0.0.0.0:500',
      'udp [::]:4500',
      'udp [::]:500',
    ]);
    for (const name of Object.keys(files).filter((n) => n.startsWith('ns/') && n !== 'ns/core.conf'))
      expect(listening(name), name).toEqual([]);
  });

  it('shapes a 10 Mbit/s connection to its contract in both directions', async () => {
    const a1 = sites.a1!;
    const a2 = sites.a2!;
    const server = spawn('ip', ['netns', 'exec', a2.site!.ns, 'iperf3', '-s', '-B', a2.lan], {
      stdio: 'ignore',
    });
    try {
      await waitFor('iperf3 server', async () =>
        (await inNs(a2.site!.ns, 'ss', ['-H', '-lnt'])).stdout.includes(':5201'),
      );
      for (const reverse of [false, true]) {
        const args = ['-c', a2.lan, '-B', a1.lan, '-t', '4', '-O', '1', '-J', ...(reverse ? ['-R'] : [])];
        const r = await inNs(a1.site!.ns, 'iperf3', args, false);
        const bps = (JSON.parse(r.stdout) as { end: { sum_received: { bits_per_second: number } } }).end
          .sum_received.bits_per_second;
        const what = `${reverse ? 'towards' : 'from'} the site: ${(bps / 1e6).toFixed(2)} Mbit/s`;
        expect(bps, what).toBeGreaterThan(8.5e6);
        expect(bps, what).toBeLessThan(11.5e6);
      }
    } finally {
      server.kill();
    }
  });

  it('reports a change made by hand on the PE as drift at the next backup run; the next apply undoes it', async () => {
    const clean = await runBackup(p.db.database, pe.deviceId, { source: 'manual' });
    expect(clean).toMatchObject({ ok: true, drift: 'none' });
    const vn = /network vni=(\d+)/.exec((await render()).files['inventory.txt']!)![1]!;
    await inNs(
      lab.pe,
      'ip',
      ['route', 'add', '10.77.0.0/16', 'dev', 'ipsec0', 'table', vn, 'proto', 'static'],
      false,
    );
    const d = linuxDriver.diff(await render(), { files: await running(), fetchedAt: new Date() });
    expect(d.text).toContain(`+${vn} unicast 10.77.0.0/16 dev ipsec0`);
    const drifted = await runBackup(p.db.database, pe.deviceId, { source: 'manual' });
    expect(drifted).toMatchObject({ ok: true, drift: 'detected', newVersion: true });
    const r = await apply();
    expect(r.actions!.some((a) => a.includes('route del 10.77.0.0/16'))).toBe(true);
    expect(linuxDriver.diff(await render(), { files: await running(), fetchedAt: new Date() }).changed).toBe(
      false,
    );
    expect(await runBackup(p.db.database, pe.deviceId, { source: 'manual' })).toMatchObject({
      drift: 'resolved',
    });
  });

  it('deleting a connection in PVA and applying removes it and nothing else', async () => {
    const a2 = sites.a2!;
    const before = await running();
    const saBefore = await sas();
    const inventory = before['inventory.txt']!.split('\n').find((l) => l.includes(a2.connectionId))!;
    const klass = /class=1:([0-9a-f]{4})/.exec(inventory)![1]!;
    await sys(() => sql`DELETE FROM customer.connection WHERE id = ${a2.connectionId}`.execute(db()));
    const planned = await linuxDriver.plan!(await render(), lab.peTarget);
    const r = await apply();
    expect(r.actions).toEqual(planned);
    const markers = [
      a2.connectionId,
      '10.9.0.4/30',
      '10.9.0.5',
      '10.9.0.6',
      a2.subnet,
      `1:${klass}`,
      `prio ${parseInt(klass, 16)}`,
      'inventory.txt',
    ];
    for (const a of r.actions!)
      expect(
        markers.some((m) => a.includes(m)),
        a,
      ).toBe(true);
    expect(r.actions!.some((a) => a.includes(`swanctl: unload c-${a2.connectionId}`))).toBe(true);

    const after = await running();
    expect(linuxDriver.diff({ files: after, fetchedAt: new Date() }, await render()).text).toBe('');
    const ns = (files: Record<string, string>) =>
      Object.fromEntries(Object.entries(files).filter(([n]) => n.startsWith('ns/')));
    const lines = diffFileSets(ns(before), ns(after), 0)
      .text.split('\n')
      .filter((l) => /^[-+][^-+]/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l.startsWith('-'), l).toBe(true);
      expect(
        [...markers, ` ${parseInt(klass, 16)} `].some((m) => l.includes(m)),
        l,
      ).toBe(true);
    }
    const blocks = connectionBlocks(before['swanctl/swanctl.conf']!);
    blocks.delete(`c-${a2.connectionId}`);
    expect(connectionBlocks(after['swanctl/swanctl.conf']!)).toEqual(blocks);
    expect(after['ipsec/loaded.txt']).toBe(
      before['ipsec/loaded.txt']!.split('\n')
        .filter((l) => !l.includes(a2.connectionId))
        .join('\n'),
    );
    // the other tunnels were not touched: the same IKE_SAs are still up
    const saAfter = await sas();
    expect(saAfter.has(`c-${a2.connectionId}`)).toBe(false);
    for (const s of [sites.a1!, sites.b1!])
      expect(saAfter.get(`c-${s.connectionId}`)?.uniqueid).toBe(
        saBefore.get(`c-${s.connectionId}`)?.uniqueid,
      );
    const ping = await fping(sites.a1!.site!.ns, sites.a1!.lan, ['10.9.0.1']);
    expect(received(ping.stderr, '10.9.0.1'), ping.stderr).toBe(3);
  });
});

describe.skipIf(ROOT)('IPsec through a Linux PE in network namespaces', () => {
  it.skip('needs root (network namespaces, veth, tc and charon): run as root, as CI does', () => undefined);
});
