import { describe, expect, it } from 'vitest';
import {
  compare,
  parseVersion,
  versionPrefix,
  versionToken,
} from '../../src/modules/vulnerabilities/versions.ts';
import { evaluate, parseVers, type VersionSpec } from '../../src/modules/vulnerabilities/ranges.ts';
import { cvss3BaseScore, severityOf } from '../../src/modules/vulnerabilities/cvss.ts';

const sorted = (xs: string[]) => {
  for (let i = 0; i + 1 < xs.length; i++)
    expect(compare(xs[i]!, xs[i + 1]!), `${xs[i]} < ${xs[i + 1]}`).toBe(-1);
  for (let i = 0; i + 1 < xs.length; i++)
    expect(compare(xs[i + 1]!, xs[i]!), `${xs[i + 1]} > ${xs[i]}`).toBe(1);
};
const inSpec = (spec: VersionSpec, v: string) => evaluate(spec, parseVersion(v));

describe('version schemes', () => {
  it('orders semver and dotted numeric, pre-releases before the release', () => {
    sorted([
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2',
      '1.10',
    ]);
    expect(compare('1.2', '1.2.0')).toBe(0);
    expect(compare('v2.0.0', '2.0.0')).toBe(0);
    expect(compare('2.0.0+build.5', '2.0.0')).toBe(0);
  });
  it('orders Cisco IOS XE rebuild letters after their release', () => {
    sorted(['16.12.4', '17.3.1', '17.3.1a', '17.3.1b', '17.3.2', '17.3.10', '17.10.1']);
    expect(compare('17.03.01a', '17.3.1a')).toBe(0);
  });
  it('orders classic Cisco IOS trains and throttles', () => {
    sorted(['15.2(3)M', '15.2(4)M', '15.2(4)M1', '15.2(4)M7', '15.2(4)M10', '15.2(5)M1', '15.3(1)M']);
    expect(parseVersion('15.2(4)M7')).toMatchObject({ scheme: 'ios', release: [15, 2, 4] });
  });
  it('orders Junos releases, service releases and spins', () => {
    sorted([
      '21.2R3-S4',
      '21.4R1',
      '21.4R2',
      '21.4R3',
      '21.4R3-S1',
      '21.4R3-S4',
      '21.4R3-S5',
      '21.4R4',
      '22.1R1',
      '22.1R1-S1',
      '22.1R1-S1.2',
      '22.1R1-S2',
      '22.1R3',
    ]);
    expect(parseVersion('22.1R1-S1.2')).toMatchObject({ scheme: 'junos', release: [22, 1] });
    sorted(['15.1X49-D100', '15.1X49-D110']);
  });
  it('treats the Arista train letter as a name, not an order', () => {
    sorted(['4.27.9M', '4.28.0F', '4.28.3M', '4.28.3.1M', '4.31.2F']);
    expect(compare('4.28.3M', '4.28.3F')).toBe(0);
  });
  it('takes the version token from inventory text that names the OS', () => {
    expect(versionToken('Junos OS 22.4R3')).toBe('22.4R3');
    expect(versionPrefix('Junos OS 22.4R3')).toBe('Junos OS');
    expect(versionToken('IOS XE 17.9.4')).toBe('17.9.4');
    expect(versionPrefix('17.9.4')).toBe('');
  });
  it('cannot determine what it cannot parse or order', () => {
    expect(parseVersion('latest')).toBeNull();
    expect(parseVersion('')).toBeNull();
    expect(compare('banana', '1.0')).toBeNull();
    // same release numbers, different schemes: unknown rather than a guess
    expect(compare('22.1', '22.1R1')).toBeNull();
    // different release numbers order across schemes
    expect(compare('21.4R3', '22.1')).toBe(-1);
  });
});

describe('ranges', () => {
  it('parses vers: ranges and evaluates inclusive and exclusive bounds', () => {
    const spec: VersionSpec = { kind: 'vers', constraints: parseVers('vers:generic/>=17.3.0|<17.3.8') };
    expect(inSpec(spec, '17.2.9')).toBe('out');
    expect(inSpec(spec, '17.3.0')).toBe('in');
    expect(inSpec(spec, '17.3.1a')).toBe('in');
    expect(inSpec(spec, '17.3.7z')).toBe('in');
    expect(inSpec(spec, '17.3.8')).toBe('out');
    expect(inSpec(spec, '17.3.8a')).toBe('out');
    const incl: VersionSpec = { kind: 'vers', constraints: parseVers('vers:junos/>21.4R3|<=21.4R3-S5') };
    expect(inSpec(incl, '21.4R3')).toBe('out');
    expect(inSpec(incl, '21.4R3-S1')).toBe('in');
    expect(inSpec(incl, '21.4R3-S5')).toBe('in');
    expect(inSpec(incl, '21.4R4')).toBe('out');
  });
  it('handles equalities, exclusions, several intervals and the wildcard', () => {
    const spec: VersionSpec = {
      kind: 'vers',
      constraints: parseVers('vers:generic/<1.2|>=2.0|<2.5|!=2.1|=3.0.1'),
    };
    expect(inSpec(spec, '1.1')).toBe('in');
    expect(inSpec(spec, '1.5')).toBe('out');
    expect(inSpec(spec, '2.0')).toBe('in');
    expect(inSpec(spec, '2.1')).toBe('out');
    expect(inSpec(spec, '2.5')).toBe('out');
    expect(inSpec(spec, '3.0.1')).toBe('in');
    expect(inSpec({ kind: 'vers', constraints: parseVers('vers:generic/*') }, '9.9')).toBe('in');
    expect(() => parseVers('vers:generic/')).toThrow();
  });
  it('evaluates OSV events: introduced inclusive, fixed exclusive, last_affected inclusive, limit', () => {
    const spec: VersionSpec = {
      kind: 'events',
      events: [
        { introduced: '0' },
        { fixed: '21.4R3-S5' },
        { introduced: '22.1R1' },
        { last_affected: '22.1R1-S1.2' },
      ],
    };
    expect(inSpec(spec, '19.1R1')).toBe('in');
    expect(inSpec(spec, '21.4R3-S4')).toBe('in');
    expect(inSpec(spec, '21.4R3-S5')).toBe('out');
    expect(inSpec(spec, '21.4R4')).toBe('out');
    expect(inSpec(spec, '22.1R1')).toBe('in');
    expect(inSpec(spec, '22.1R1-S1.2')).toBe('in');
    expect(inSpec(spec, '22.1R1-S2')).toBe('out');
    const limited: VersionSpec = { kind: 'events', events: [{ introduced: '1.0.0' }, { limit: '1.5.0' }] };
    expect(inSpec(limited, '1.4.9')).toBe('in');
    expect(inSpec(limited, '1.5.0')).toBe('out');
    expect(inSpec(limited, '0.9.9')).toBe('out');
  });
  it('reports unknown for unparseable versions instead of "not affected"', () => {
    const spec: VersionSpec = { kind: 'vers', constraints: parseVers('>=17.3.0|<17.3.8') };
    expect(evaluate(spec, parseVersion('unknown build'))).toBe('unknown');
    expect(evaluate(spec, null)).toBe('unknown');
    expect(inSpec({ kind: 'exact', versions: ['22.1'] }, '22.1R1')).toBe('unknown');
    expect(inSpec({ kind: 'exact', versions: ['17.3.4a'] }, '17.3.4a')).toBe('in');
    expect(inSpec({ kind: 'exact', versions: ['17.3.4a'] }, '17.3.4')).toBe('out');
  });
});

describe('CVSS 3.x base score', () => {
  it('computes the specification examples', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(9.8);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')).toBe(10);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:H')).toBe(8.6);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H')).toBe(7.5);
    expect(cvss3BaseScore('CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N')).toBe(5.5);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:L/I:L/A:N')).toBe(4.4);
    expect(cvss3BaseScore('CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N')).toBe(0);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N/E:P')).toBe(5.3);
  });
  it('refuses malformed vectors', () => {
    expect(cvss3BaseScore('CVSS:2.0/AV:N')).toBeNull();
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).toBeNull();
    expect(cvss3BaseScore('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeNull();
  });
  it('rates severities', () => {
    expect([9.8, 7.0, 6.9, 4.0, 0.1, 0].map(severityOf)).toEqual([
      'critical',
      'high',
      'medium',
      'medium',
      'low',
      'none',
    ]);
  });
});
