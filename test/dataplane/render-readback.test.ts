import { describe, expect, it } from 'vitest';
import { parsePretty } from '../../src/modules/dataplane/drivers/linux/charon.ts';
import { ipsecChange } from '../../src/modules/dataplane/drivers/linux/ipsec.ts';
import {
  classLines,
  filterLines,
  listeningLines,
  qdiscLines,
  rateMbit,
  routeLine,
  ruleLine,
} from '../../src/modules/dataplane/drivers/linux/parse.ts';
import { describe as describeStep, planNamespaces } from '../../src/modules/dataplane/drivers/linux/plan.ts';
import { emptySections, type NsState } from '../../src/modules/dataplane/render/state.ts';

/**
 * The read-back side of the linux driver without a device: what ip, tc, ss and swanctl print
 * becomes the renderer's lines, and the plan between two states is exactly their difference.
 */

describe('reading a Linux PE back', () => {
  it('turns u32 filters back into prefixes, IPv4 and IPv6', () => {
    const text = `filter parent 1: protocol ip pref 16 u32 chain 0
filter parent 1: protocol ip pref 16 u32 chain 0 fh 800: ht divisor 1
filter parent 1: protocol ip pref 16 u32 chain 0 fh 800::800 order 2048 key ht 800 bkt 0 *flowid 1:10 not_in_hw
  match 0a010100/ffffff00 at 12
filter parent 1: protocol ip pref 16 u32 chain 0 fh 800::801 order 2049 key ht 800 bkt 0 *flowid 1:10 not_in_hw
  match 0a090002/ffffffff at 16
filter parent 1: protocol ipv6 pref 32784 u32 chain 0
filter parent 1: protocol ipv6 pref 32784 u32 chain 0 fh 801: ht divisor 1
filter parent 1: protocol ipv6 pref 32784 u32 chain 0 fh 801::800 order 2048 key ht 801 bkt 0 *flowid 1:10 not_in_hw
  match 20010db8/ffffffff at 8
  match 00020000/ffff0000 at 12
`;
    expect(filterLines('t10001', text)).toEqual([
      't10001 filter 16 ip src 10.1.1.0/24 1:0010',
      't10001 filter 16 ip dst 10.9.0.2/32 1:0010',
      't10001 filter 32784 ipv6 src 2001:db8:2::/48 1:0010',
    ]);
  });

  it('reads qdiscs, classes and rates in the renderer’s units', () => {
    const q = `qdisc noqueue 0: dev lo root refcnt 2
qdisc htb 1: dev ipsec0 root refcnt 2 r2q 10 default 0 direct_packets_stat 0 direct_qlen 500
qdisc htb 1: dev vx3001 root refcnt 2 r2q 10 default 0x6d23 direct_packets_stat 0 direct_qlen 1000
qdisc netem 8001: dev t10001 root refcnt 3 limit 1000 delay 100ms
qdisc pfifo_fast 0: dev u0 root refcnt 2 bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1`;
    expect(qdiscLines(q)).toEqual([
      'ipsec0 qdisc htb default 0000',
      'vx3001 qdisc htb default 6d23',
      't10001 qdisc netem',
    ]);
    expect(
      classLines(
        'ipsec0',
        'class htb 1:7bb1 root prio 0 rate 10Mbit ceil 10Mbit burst 15Kb cburst 15Kb\nclass htb 1:10 root prio 0 rate 1Gbit ceil 2Gbit burst 1600b cburst 1600b',
      ),
    ).toEqual(['ipsec0 class 1:7bb1 rate 10mbit', 'ipsec0 class 1:0010 rate 1000mbit ceil 2000mbit']);
    expect(rateMbit('500Kbit')).toBe('0.500mbit');
  });

  it('keeps only our routes, written like the renderer writes them', () => {
    expect(
      routeLine(
        { type: 'unreachable', dst: 'default', dev: 'lo', table: '10001', protocol: 'static' },
        6,
        220,
      ),
    ).toBe('10001 unreachable ::/0');
    expect(routeLine({ dst: '10.9.0.2', dev: 'ipsec0', table: '10001', protocol: 'static' }, 4, 220)).toBe(
      '10001 unicast 10.9.0.2/32 dev ipsec0',
    );
    expect(
      routeLine(
        { dst: '10.1.1.0/24', gateway: '169.254.0.1', dev: 'core0', prefsrc: '10.9.0.1', protocol: 'static' },
        4,
        220,
      ),
    ).toBe('main unicast 10.1.1.0/24 via 169.254.0.1 dev core0 src 10.9.0.1');
    expect(
      routeLine({ dst: '10.1.1.0/24', dev: 'ipsec0', table: '220', protocol: 'static' }, 4, 220),
    ).toBeNull();
    expect(routeLine({ dst: '169.254.0.0/30', dev: 't10001', protocol: 'kernel' }, 4, 220)).toBeNull();
  });

  it('writes rules with their selectors and actions', () => {
    expect(ruleLine({ priority: 32050, not: null, src: 'all', iif: 'lo', action: 'prohibit' }, 4)).toBe(
      'ipv4 32050 not iif lo prohibit',
    );
    expect(
      ruleLine({ priority: 1000, src: '10.1.1.0', srclen: 24, iif: 'ipsec0', table: '16787217' }, 4),
    ).toBe('ipv4 01000 from 10.1.1.0/24 iif ipsec0 lookup 16787217');
    expect(ruleLine({ priority: 0, src: 'all', table: 'local' }, 6)).toBe('ipv6 00000 lookup local');
  });

  it('lists listening sockets and the connections charon holds', () => {
    expect(
      listeningLines('udp UNCONN 0 0 0.0.0.0:4500 0.0.0.0:*\ntcp LISTEN 0 128 [::]:22 [::]:*\n'),
    ).toEqual(['udp 0.0.0.0:4500', 'tcp [::]:22']);
    const events = parsePretty(`list-conn event {
  c-1 {
    local_addrs = [
      198.51.100.1
    ]
    local-1 {
      id = C=JP, O=Minato, CN=pe
    }
    children {
      c-1 {
        remote-ts = [
          10.1.1.0/24
          10.9.0.2/32
        ]
      }
    }
  }
}`);
    expect(events).toEqual([
      {
        'c-1': {
          local_addrs: ['198.51.100.1'],
          'local-1': { id: 'C=JP, O=Minato, CN=pe' },
          children: { 'c-1': { 'remote-ts': ['10.1.1.0/24', '10.9.0.2/32'] } },
        },
      },
    ]);
  });

  it('tells which IPsec connections were added, changed and removed', () => {
    const conf = (blocks: Record<string, string>) =>
      `connections {\n${Object.entries(blocks)
        .map(([n, b]) => `  ${n} {\n    ${b}\n  }`)
        .join('\n')}\n}\n`;
    const ch = ipsecChange(
      conf({ 'c-a': 'version = 2', 'c-b': 'remote_addrs = 192.0.2.2', 'c-d': 'new' }),
      conf({ 'c-a': 'version = 2', 'c-b': 'remote_addrs = 192.0.2.1', 'c-c': 'gone' }),
      '',
      '',
    );
    expect(ch).toEqual({ added: ['c-d'], changed: ['c-b'], removed: ['c-c'] });
  });
});

describe('planning', () => {
  const ns = (key: string, name: string, s: Partial<NsState['sections']>): NsState => ({
    key,
    name,
    sections: { ...emptySections(), ...s },
  });

  it('plans nothing for equal states and only the difference otherwise, routes away before their source', () => {
    const full = ns('vn10001', 'pe-vn10001', {
      links: ['core0 veth peer=core/t10001 up', 'lo loopback up'],
      addresses: ['core0 169.254.0.2/30', 'lo 10.9.0.1/32', 'lo 10.9.0.5/32'],
      routes: [
        'main unicast 10.9.0.0/30 via 169.254.0.1 dev core0 src 10.9.0.1',
        'main unicast 10.9.0.4/30 via 169.254.0.1 dev core0 src 10.9.0.5',
      ],
    });
    const ctx = () => ({ names: new Map([['vn10001', 'pe-vn10001']]), notes: [] });
    expect(planNamespaces(new Map([['vn10001', full]]), new Map([['vn10001', full]]), ctx())).toEqual([]);
    const less = ns('vn10001', 'pe-vn10001', {
      ...full.sections,
      addresses: ['core0 169.254.0.2/30', 'lo 10.9.0.1/32'],
      routes: ['main unicast 10.9.0.0/30 via 169.254.0.1 dev core0 src 10.9.0.1'],
    });
    expect(
      planNamespaces(new Map([['vn10001', less]]), new Map([['vn10001', full]]), ctx()).map(describeStep),
    ).toEqual([
      'pe-vn10001: ip -4 route del 10.9.0.4/30 via 169.254.0.1 dev core0 src 10.9.0.5 table main proto static',
      'pe-vn10001: ip -4 addr del 10.9.0.5/32 dev lo',
    ]);
  });
});
