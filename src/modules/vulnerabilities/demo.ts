import { db } from '../../db/context.ts';
import { assessMatch } from './assess.ts';
import { storeAdvisory } from './importer.ts';
import { runMatching } from './matcher.ts';
import type { ParsedAdvisory } from './model.ts';
import { vulnSettings } from './settings.ts';

/**
 * Demo advisories that match the demo network (network/demo-physical.ts): a Junos advisory covering
 * the MX204 PEs on 22.4R3 and an IOS XE advisory covering the management switch on 17.9.4. One PE's
 * match is assessed as mitigated by the security officer. Idempotent: same ids and revisions.
 */
const DEMO: ParsedAdvisory[] = [
  {
    source: 'csaf',
    externalId: 'JSA-DEMO-2026-0117',
    revision: '1',
    title: 'Junos OS: MX Series: a crafted BGP UPDATE causes an rpd crash',
    summary:
      'An improper input validation in the routing protocol daemon (rpd) of Junos OS allows an unauthenticated network-based attacker to crash rpd with a crafted BGP UPDATE, causing a denial of service.',
    publisher: 'Juniper Networks (demo)',
    publishedAt: '2026-10-08T16:00:00.000Z',
    modifiedAt: '2026-10-08T16:00:00.000Z',
    cves: ['CVE-2026-21999'],
    cvssScore: 7.5,
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
    severity: 'high',
    products: [
      {
        vendor: 'Juniper Networks',
        product: 'Junos OS',
        spec: {
          kind: 'vers',
          constraints: [
            { op: '>=', version: '22.4R1' },
            { op: '<', version: '22.4R3-S2' },
          ],
        },
        effect: 'affected',
      },
    ],
    remediations: [{ category: 'vendor_fix', details: 'Upgrade to Junos OS 22.4R3-S2 or later.', url: null }],
    references: [],
  },
  {
    source: 'csaf',
    externalId: 'cisco-sa-demo-iosxe-http-2026',
    revision: '1.0.0',
    title: 'Cisco IOS XE Software HTTP Server Information Disclosure Vulnerability',
    summary:
      'A vulnerability in the HTTP server of Cisco IOS XE Software could allow an authenticated remote attacker to read limited configuration information.',
    publisher: 'Cisco (demo)',
    publishedAt: '2026-11-05T16:00:00.000Z',
    modifiedAt: '2026-11-05T16:00:00.000Z',
    cves: ['CVE-2026-20321'],
    cvssScore: 4.3,
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N',
    severity: 'medium',
    products: [
      {
        vendor: 'Cisco',
        product: 'Cisco IOS XE Software',
        spec: {
          kind: 'vers',
          constraints: [
            { op: '>=', version: '17.9.1' },
            { op: '<', version: '17.9.5' },
          ],
        },
        effect: 'affected',
      },
    ],
    remediations: [
      {
        category: 'workaround',
        details: 'Disable the HTTP server (no ip http server) where it is not used.',
        url: null,
      },
    ],
    references: [],
  },
];

export async function seedVulnerabilitiesDemo(staffIds: Record<string, string>): Promise<void> {
  const security = staffIds['suzuki@pva.example'] ?? null;
  for (const a of DEMO) await storeAdvisory(a, 'demo', security);
  await runMatching(vulnSettings({}));
  // the PE in Osaka: assessed as mitigated until the upgrade (BGP only with known peers)
  const m = await db()
    .selectFrom('ops.vuln_match as m')
    .innerJoin('ops.vuln_advisory as a', 'a.id', 'm.advisory_id')
    .innerJoin('ops.device as d', 'd.id', 'm.device_id')
    .select(['m.id', 'm.state'])
    .where('a.external_id', '=', 'JSA-DEMO-2026-0117')
    .where('d.hostname', '=', 'pe1.osa1')
    .executeTakeFirst();
  if (m && m.state === 'new' && security)
    await assessMatch(
      m.id,
      {
        state: 'mitigated',
        justification:
          'BGP セッションは既知のピアのみ（プレフィックス・AS パスのフィルタあり）。22.4R3-S2 への更新を次回の保守枠で実施予定。',
      },
      security,
      'ja',
    );
}
