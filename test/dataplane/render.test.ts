import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  customerSwanctl,
  parameterSheet,
  type CustomerIpsecFacts,
} from '../../src/modules/dataplane/customer-config.ts';
import { getDriver } from '../../src/modules/dataplane/drivers/index.ts';
import { connectionBlocks } from '../../src/modules/dataplane/drivers/linux/ipsec.ts';
import type { ConnectionModel, PeModel } from '../../src/modules/dataplane/model.ts';
import { diffFileSets } from '../../src/modules/dataplane/render/diff.ts';
import { renderLinux } from '../../src/modules/dataplane/render/linux.ts';
import { namespacesOf, serialiseNs } from '../../src/modules/dataplane/render/state.ts';

/**
 * Rendering is pure: the same model gives byte-identical files, checked against golden files
 * (UPDATE_GOLDEN=1 rewrites them after a deliberate change; review the diff before committing).
 */

const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const ipsecConn = (over: Partial<ConnectionModel> & { id: string; name: string }): ConnectionModel => ({
  kind: 'ipsec',
  status: 'active',
  bandwidthMbps: 100,
  portName: 'xe-0/0/0',
  createdAt: '2026-04-01T00:00:00.000000Z',
  ipv4Prefix: null,
  ipv6Prefix: null,
  customerSubnets: [],
  ipsec: {
    peerAddress: '203.0.113.10',
    ikeProposals: ['aes256gcm16-prfsha256-ecp256'],
    espProposals: ['aes256gcm16-ecp256'],
    auth: 'psk',
    localId: '198.51.100.1',
    remoteId: 'hq.minato.example',
  },
  psk: 'Kx7-golden-psk-0123456789',
  pskProblem: null,
  handoffId: null,
  ...over,
});

/** Two tenants on one PE: IPsec (IPv4, dual stack, certificate), a direct handoff, an unfinished connection. */
function fixture(): PeModel {
  return {
    device: {
      id: '5e0c3c2e-0000-4000-8000-000000000001',
      hostname: 'pe1.tky1',
      role: 'pe',
      status: 'active',
      driver: 'linux',
      target: {
        namespace: 'pe1tky1',
        stateDir: '/var/lib/pva/pe1tky1',
        interfaces: { 'xe-0/0/0': 'eth1', 'xe-0/0/1': 'eth2', mgmt0: 'eth0' },
        underlayPrefixLength: 29,
        underlayGateway: '198.51.100.6',
        vxlanRemote: { 'xe-0/0/1': '192.0.2.201' },
        mgmtListen: ['tcp 10.255.0.11:22'],
      },
      mgmtAddress: '10.255.0.11',
      mgmtPrefix: '10.255.0.0/24',
      underlayAddress: '198.51.100.1',
    },
    ports: [
      { id: 'p0', name: 'mgmt0', purpose: 'management', status: 'active' },
      { id: 'p1', name: 'xe-0/0/0', purpose: 'access', status: 'active' },
      { id: 'p2', name: 'xe-0/0/1', purpose: 'access', status: 'active' },
      { id: 'p3', name: 'xe-0/0/9', purpose: 'backbone', status: 'disabled' },
    ],
    networks: [
      {
        id: 'aaaaaaaa-0000-4000-8000-000000000001',
        tenantId: 't-a',
        tenantCode: 'C0001001',
        name: '本社網',
        vni: 10001,
        namespace: 'vn10001',
        connections: [
          ipsecConn({
            id: 'c0000000-0000-4000-8000-00000000000a',
            name: 'tokyo-hq',
            bandwidthMbps: 10,
            ipv4Prefix: '10.100.0.0/30',
            customerSubnets: ['10.1.0.0/16'],
          }),
          ipsecConn({
            id: 'c0000000-0000-4000-8000-00000000000b',
            name: 'nagoya',
            createdAt: '2026-04-02T00:00:00.000000Z',
            ipv4Prefix: '10.100.0.4/30',
            ipv6Prefix: '2001:db8:100::/126',
            customerSubnets: ['10.2.0.0/16', '2001:db8:2::/48'],
            ipsec: {
              peerAddress: '203.0.113.20',
              ikeProposals: ['aes256gcm16-prfsha384-ecp384', 'aes256-sha256-modp3072'],
              espProposals: ['aes256gcm16-ecp384'],
              auth: 'psk',
              localId: 'pe1.tky1.pva.example',
              remoteId: 'C=JP, O=Minato, CN=nagoya',
            },
            psk: 'has "quotes" and \\ backslash',
          }),
          {
            ...ipsecConn({ id: 'c0000000-0000-4000-8000-00000000000c', name: 'osaka-rack', kind: 'direct' }),
            portName: 'xe-0/0/1',
            ipsec: null,
            psk: null,
            handoffId: 3001,
            bandwidthMbps: 200,
            ipv4Prefix: '10.100.0.8/30',
            customerSubnets: ['10.3.0.0/24'],
          },
          ipsecConn({ id: 'c0000000-0000-4000-8000-00000000000d', name: 'unfinished', status: 'planned' }),
        ],
      },
      {
        id: 'bbbbbbbb-0000-4000-8000-000000000002',
        tenantId: 't-b',
        tenantCode: 'C0001002',
        name: 'logistics',
        vni: 10002,
        namespace: 'vn10002',
        connections: [
          ipsecConn({
            id: 'c0000000-0000-4000-8000-0000000000b1',
            name: 'sapporo',
            bandwidthMbps: 50,
            ipv4Prefix: '10.200.0.0/30',
            customerSubnets: ['172.16.0.0/20'],
            ipsec: {
              peerAddress: '203.0.113.30',
              ikeProposals: ['aes256gcm16-prfsha256-ecp256'],
              espProposals: ['aes256gcm16-ecp256'],
              auth: 'cert',
              localId: 'pe1.tky1.pva.example',
              remoteId: 'sapporo.hokuto.example',
              remoteCaPem: '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----',
            },
            psk: null,
          }),
        ],
      },
    ],
  };
}

const goldenName = (file: string) => file.replace(/\//g, '__');

function checkGolden(prefix: string, files: Record<string, string>): void {
  mkdirSync(GOLDEN, { recursive: true });
  const names = Object.keys(files).map((f) => `${prefix}${goldenName(f)}`);
  if (update) {
    for (const f of readdirSync(GOLDEN))
      if (f.startsWith(prefix) && !names.includes(f)) throw new Error(`stale golden file ${f}`);
    for (const [f, text] of Object.entries(files))
      writeFileSync(join(GOLDEN, `${prefix}${goldenName(f)}`), text);
  }
  expect(
    readdirSync(GOLDEN)
      .filter((f) => f.startsWith(prefix))
      .sort(),
  ).toEqual(names.sort());
  for (const [f, text] of Object.entries(files)) {
    const path = join(GOLDEN, `${prefix}${goldenName(f)}`);
    expect(existsSync(path), path).toBe(true);
    expect(text, f).toBe(readFileSync(path, 'utf8'));
  }
}

describe('rendering a Linux PE', () => {
  it('matches the golden files byte for byte, and reports what it left out', () => {
    const r = renderLinux(fixture());
    checkGolden('linux__', r.files);
    expect(r.warnings).toEqual([
      'connection c0000000-0000-4000-8000-00000000000d (unfinished): not rendered: no transfer prefix assigned yet',
    ]);
  });

  it('is deterministic: the same model in any order renders the same bytes', () => {
    const a = renderLinux(fixture());
    const shuffled = fixture();
    shuffled.networks.reverse();
    for (const vn of shuffled.networks) vn.connections.reverse();
    shuffled.ports.reverse();
    expect(renderLinux(shuffled).files).toEqual(a.files);
    expect(renderLinux(fixture()).files).toEqual(a.files);
  });

  it('keeps the PSK only in the secrets of swanctl.conf, in base64', () => {
    const r = renderLinux(fixture());
    const psk = 'Kx7-golden-psk-0123456789';
    const b64 = Buffer.from(psk).toString('base64');
    for (const [name, text] of Object.entries(r.files)) {
      expect(text.includes(psk), name).toBe(false);
      expect(text.includes(b64), name).toBe(name === 'swanctl/swanctl.conf');
    }
    expect(r.files['swanctl/swanctl.conf']).toContain(`secret = 0s${b64}`);
  });

  it('parses its own namespace files back to the same text', () => {
    const r = renderLinux(fixture());
    const parsed = namespacesOf(r.files);
    expect([...parsed.keys()].sort()).toEqual(['core', 'mgmt', 'vn10001', 'vn10002']);
    for (const ns of parsed.values()) expect(serialiseNs(ns)).toBe(r.files[`ns/${ns.key}.conf`]);
  });

  it('removing one connection changes only that connection’s lines', () => {
    const before = renderLinux(fixture());
    const m = fixture();
    m.networks[0]!.connections = m.networks[0]!.connections.filter((c) => c.name !== 'nagoya');
    const after = renderLinux(m);
    const d = diffFileSets(before.files, after.files, 0);
    const changed = d.text.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    expect(changed.every((l) => l.startsWith('-'))).toBe(true);
    const markers = [
      '00000000000b',
      '10.100.0.4/30',
      '10.100.0.5',
      '10.100.0.6',
      '10.2.0.0/16',
      '2001:db8:',
      'nagoya',
    ];
    const nsLines = diffFileSets(
      Object.fromEntries(Object.entries(before.files).filter(([n]) => n.startsWith('ns/'))),
      Object.fromEntries(Object.entries(after.files).filter(([n]) => n.startsWith('ns/'))),
      0,
    )
      .text.split('\n')
      .filter((l) => /^-[^-]/.test(l));
    const klass = /class=1:([0-9a-f]{4})/.exec(
      before.files['inventory.txt']!.split('\n').find((l) => l.includes('00000000000b'))!,
    )![1]!;
    const prio = String(parseInt(klass, 16));
    for (const l of nsLines)
      expect(
        [...markers, `1:${klass}`, ` ${prio} `, ` ${parseInt(klass, 16) + 0x8000} `].some((x) =>
          l.includes(x),
        ),
        l,
      ).toBe(true);
    // the other connections' swanctl blocks are untouched
    const blocksBefore = connectionBlocks(before.files['swanctl/swanctl.conf']!);
    const blocksAfter = connectionBlocks(after.files['swanctl/swanctl.conf']!);
    blocksBefore.delete('c-c0000000-0000-4000-8000-00000000000b');
    expect(blocksAfter).toEqual(blocksBefore);
  });

  it('keeps a connection’s traffic class when others come and go', () => {
    const classes = (m: PeModel): Record<string, string> =>
      Object.fromEntries<string>(
        renderLinux(m)
          .files['inventory.txt']!.split('\n')
          .filter((l) => l.startsWith('connection'))
          .map((l): [string, string] => [l.split(' ')[1]!, /class=(\S+)/.exec(l)![1]!]),
      );
    const base = classes(fixture());
    const m = fixture();
    m.networks[1]!.connections.push(
      ipsecConn({
        id: 'c0000000-0000-4000-8000-0000000000b2',
        name: 'new',
        ipv4Prefix: '10.200.0.4/30',
        createdAt: '2026-05-01T00:00:00.000000Z',
      }),
    );
    const more = classes(m);
    for (const [id, c] of Object.entries(base)) expect(more[id]).toBe(c);
  });

  it('refuses IPsec sites of two tenants with the same source prefix on one PE', () => {
    const m = fixture();
    m.networks[1]!.connections[0]!.customerSubnets = ['10.1.0.0/16'];
    expect(() => renderLinux(m)).toThrow(/10\.1\.0\.0\/16.*also used by connection/);
  });

  it('names a bad driver target', () => {
    const m = fixture();
    m.device.target = { namespace: 'Bad Name' };
    expect(() => renderLinux(m)).toThrow(/driver_target: namespace/);
  });

  it('render-only renders the same layout with a namespace named after the host', () => {
    const m = fixture();
    m.device.driver = 'render-only';
    m.device.target = { directory: '/srv/pva-configs' };
    const r = getDriver('render-only')!.render(m);
    expect(r.files['ns/core.conf']!.split('\n')[0]).toBe('namespace pe1-tky1');
    expect(r.files['ns/core.conf']).toContain('xe-0-0-0 port up');
    expect(Object.keys(r.files).sort()).toEqual(Object.keys(renderLinux(fixture()).files).sort());
  });
});

describe("the customer's side", () => {
  const facts = (psk: string | null): CustomerIpsecFacts => ({
    connectionId: 'c0000000-0000-4000-8000-00000000000b',
    connectionName: 'nagoya',
    virtualNetwork: '本社網',
    pop: { ja: '東京第1', en: 'Tokyo 1' },
    bandwidthMbps: 100,
    peUnderlay: '198.51.100.1',
    transfers: ['10.100.0.4/30', '2001:db8:100::/126'],
    customerSubnets: ['10.2.0.0/16', '2001:db8:2::/48'],
    otherPrefixes: ['10.1.0.0/16', '10.100.0.0/30'],
    settings: fixture().networks[0]!.connections[1]!.ipsec!,
    psk,
  });

  it('renders swanctl.conf and the parameter sheet in both languages, with and without the PSK', () => {
    checkGolden('customer__', {
      'swanctl-admin-ja.conf': customerSwanctl(facts('Kx7-golden-psk-0123456789'), 'ja'),
      'swanctl-viewer-en.conf': customerSwanctl(facts(null), 'en'),
      'sheet-admin-en.txt': parameterSheet(facts('Kx7-golden-psk-0123456789'), 'en'),
      'sheet-viewer-ja.txt': parameterSheet(facts(null), 'ja'),
    });
  });

  it('mirrors the PE: its local selector is what the PE accepts from it', () => {
    const pe = renderLinux(fixture()).files['swanctl/swanctl.conf']!;
    const block = connectionBlocks(pe).get('c-c0000000-0000-4000-8000-00000000000b')!;
    const remoteTs = /remote_ts = (\S+)/.exec(block)![1]!;
    const mine = /local_ts = (\S+)/.exec(customerSwanctl(facts(null), 'en'))![1]!;
    expect(mine).toBe(remoteTs);
    expect(customerSwanctl(facts(null), 'en')).not.toMatch(/^\s*secret = /m);
  });
});
