import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createDevices, setOsVersion, type DeviceSpec } from './support.ts';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const CSAF = fixture('csaf-cisco-iosxe.json');
const OSV = fixture('osv-junos-eos.json');

let p: TestPlatform;
let sec: LoggedIn;
let noc: LoggedIn;
const dev: Record<string, string> = {};

// name → [spec, expected verdict against the CSAF or OSV fixture, or null for no match]
const DEVICES: Record<string, [DeviceSpec, 'affected' | 'undetermined' | null]> = {
  xe1730: [{ vendor: 'Cisco', model: 'Catalyst 9300', os: 'IOS XE 17.3.0' }, 'affected'], // exactly introduced
  xe1734: [{ vendor: 'Cisco', model: 'Catalyst 9300', os: 'IOS XE 17.3.4' }, 'affected'],
  xe1734a: [{ vendor: 'Cisco', model: 'Catalyst 9300', os: 'IOS XE 17.3.4a' }, null], // listed as fixed
  xe1737: [{ vendor: 'Cisco', model: 'ISR 4451', os: 'IOS XE 17.3.7' }, 'affected'],
  xe1738: [{ vendor: 'Cisco', model: 'Catalyst 9300', os: 'IOS XE 17.3.8' }, null], // exactly fixed
  xe1794: [{ vendor: 'cisco', model: 'Catalyst 9200', os: 'IOS XE 17.9.4' }, 'affected'],
  xe1795: [{ vendor: 'Cisco', model: 'Catalyst 9200', os: 'IOS XE 17.9.5' }, null],
  xe16124: [
    { vendor: 'Cisco Systems', model: 'ASR 1001-X', os: 'Cisco IOS XE Software 16.12.4' },
    'affected',
  ],
  xe16125: [{ vendor: 'Cisco Systems', model: 'ASR 1001-X', os: 'Cisco IOS XE Software 16.12.5' }, null],
  xeOdd: [{ vendor: 'Cisco', model: 'Catalyst 9300', os: 'IOS XE 17.3.x' }, 'undetermined'],
  xeGone: [{ vendor: 'Cisco', model: 'Catalyst 9300', os: 'IOS XE 17.3.1', status: 'disposed' }, null],
  ios: [{ vendor: 'Cisco', model: 'ISR 2911', os: 'IOS 15.2(4)M7' }, null], // another product
};
const JUNOS: Record<string, [DeviceSpec, 'affected' | 'undetermined' | null]> = {
  j214s4: [{ vendor: 'Juniper', model: 'MX204', os: 'Junos OS 21.4R3-S4' }, 'affected'],
  j214s5: [{ vendor: 'Juniper', model: 'MX204', os: 'Junos OS 21.4R3-S5' }, null], // exactly fixed
  j221: [{ vendor: 'Juniper Networks', model: 'MX480', os: 'Junos OS 22.1R1' }, 'affected'], // exactly introduced
  j221s12: [{ vendor: 'Juniper', model: 'MX204', os: 'Junos OS 22.1R1-S1.2' }, 'affected'], // last_affected
  j221s2: [{ vendor: 'Juniper', model: 'MX204', os: 'Junos OS 22.1R1-S2' }, null],
  j224r3: [{ vendor: 'Juniper', model: 'MX204', os: 'Junos OS 22.4R3' }, 'affected'],
  j224s1: [{ vendor: 'Juniper', model: 'MX204', os: 'Junos OS 22.4R3-S1' }, null],
  j232: [{ vendor: 'Juniper', model: 'MX204', os: 'Junos OS 23.2R1' }, 'affected'], // versions list
  j234: [{ vendor: 'Juniper', model: 'MX204', os: 'Junos OS 23.4R1' }, null],
  eos282: [{ vendor: 'Arista', model: '7280R3', os: 'EOS 4.28.2F' }, 'affected'],
  eos283: [{ vendor: 'Arista Networks', model: '7280R3', os: 'EOS 4.28.3M' }, null],
  eos431: [{ vendor: 'Arista', model: '7280R3', os: 'EOS 4.31.2F' }, null],
};

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
interface Match {
  id: string;
  item: { id: string; label: string };
  verdict: string;
  current: boolean;
  state: string;
  dueDate: string | null;
}
const post = (url: string, payload: unknown, who = sec) =>
  p.mgmt.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { ...who.headers, 'accept-language': 'en' },
  });
const matchesOf = async (advisoryId: string): Promise<Match[]> =>
  (
    await p.mgmt.inject({
      url: `/api/v1/vulnerabilities/matches?advisoryId=${advisoryId}`,
      headers: sec.headers,
    })
  ).json<Match[]>();
const expected = (table: typeof DEVICES) =>
  Object.entries(table)
    .filter(([, [, v]]) => v)
    .map(([k, [, v]]) => `${dev[k]}:${v}`)
    .sort();
const actual = (ms: Match[]) =>
  ms
    .filter((m) => m.current)
    .map((m) => `${m.item.id}:${m.verdict}`)
    .sort();

beforeAll(async () => {
  p = await createTestPlatform();
  sec = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  const all = { ...DEVICES, ...JUNOS };
  const ids = await createDevices(
    p.db.database,
    Object.values(all).map(([s]) => s),
  );
  Object.keys(all).forEach((k, i) => (dev[k] = ids[i]!));
}, 180_000);
afterAll(async () => {
  await p?.close();
});

describe(`advisory import and matching (${engineName})`, () => {
  let csafId: string;
  let osvId: string;

  it('imports the CSAF 2.0 fixture and marks exactly the devices in its ranges', async () => {
    const r = await post('/api/v1/vulnerabilities/advisories/import', { document: CSAF });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json<{
      outcome: string;
      advisory: { id: string; severity: string; cvssScore: number; cves: string[] };
    }>();
    expect(body.outcome).toBe('created');
    expect(body.advisory).toMatchObject({ severity: 'high', cvssScore: 8.6, cves: ['CVE-2026-20126'] });
    csafId = body.advisory.id;
    expect(actual(await matchesOf(csafId))).toEqual(expected(DEVICES));
  });

  it('imports the OSV fixture: Junos and EOS events, last_affected and versions lists', async () => {
    const r = await post('/api/v1/vulnerabilities/advisories/import', { document: OSV });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json<{ advisory: { id: string; severity: string; cvssScore: number; cves: string[] } }>();
    expect(body.advisory).toMatchObject({ severity: 'high', cvssScore: 7.5, cves: ['CVE-2026-21905'] });
    osvId = body.advisory.id;
    expect(actual(await matchesOf(osvId))).toEqual(expected(JUNOS));
  });

  it('re-imports idempotently: the same revision changes nothing, a newer one updates, an older one is refused', async () => {
    const again = await post('/api/v1/vulnerabilities/advisories/import', { document: CSAF });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ outcome: string; advisory: { id: string } }>()).toMatchObject({
      outcome: 'unchanged',
      advisory: { id: csafId },
    });
    const count = await sys(() =>
      db()
        .selectFrom('ops.vuln_advisory')
        .select(db().fn.countAll().as('n'))
        .where('external_id', '=', 'cisco-sa-iosxe-snmp-dos-PVA26')
        .executeTakeFirstOrThrow(),
    );
    expect(Number(count.n)).toBe(1);
    // revision 1.1.0 also lists 17.3.8 as affected (the "fixed" release turned out vulnerable)
    const v11 = structuredClone(CSAF) as {
      document: { tracking: { version: string } };
      vulnerabilities: { product_status: { known_affected: string[]; fixed: string[] } }[];
    };
    v11.document.tracking.version = '1.1.0';
    v11.vulnerabilities[0]!.product_status.known_affected.push('CSAFPID-273008');
    v11.vulnerabilities[0]!.product_status.fixed = v11.vulnerabilities[0]!.product_status.fixed.filter(
      (x) => x !== 'CSAFPID-273008',
    );
    const upd = await post('/api/v1/vulnerabilities/advisories/import', { document: v11 });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json<{ outcome: string; advisory: { revision: string } }>()).toMatchObject({
      outcome: 'updated',
      advisory: { revision: '1.1.0' },
    });
    expect(actual(await matchesOf(csafId))).toEqual([...expected(DEVICES), `${dev.xe1738}:affected`].sort());
    const old = await post('/api/v1/vulnerabilities/advisories/import', { document: CSAF });
    expect(old.statusCode).toBe(409);
    expect(old.json()).toMatchObject({ code: 'advisory_outdated', storedRevision: '1.1.0' });
  });

  it('refuses bad documents with problem+json naming what is wrong', async () => {
    const noId = structuredClone(CSAF) as { document: { tracking: Record<string, unknown> } };
    delete noId.document.tracking.id;
    const r1 = await post('/api/v1/vulnerabilities/advisories/import', { document: noId });
    expect(r1.statusCode).toBe(400);
    expect(r1.headers['content-type']).toContain('application/problem+json');
    expect(r1.json()).toMatchObject({
      code: 'advisory_invalid',
      errors: [
        {
          field: '/body/document/document/tracking/id',
          code: 'required',
          message: 'This field is required.',
        },
      ],
    });
    const badRange = structuredClone(OSV) as { affected: { ranges: { events: unknown[] }[] }[] };
    badRange.affected[0]!.ranges[0]!.events[1] = { fixed: '21.4R3-S5', introduced: '1' };
    const r2 = await post('/api/v1/vulnerabilities/advisories/import', { document: badRange });
    expect(r2.statusCode).toBe(400);
    expect(r2.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe(
      '/body/document/affected/0/ranges/0/events/1',
    );
    const badVector = structuredClone(OSV) as { severity: { score: string }[] };
    badVector.severity[0]!.score = 'CVSS:3.1/AV:Q';
    const r3 = await post('/api/v1/vulnerabilities/advisories/import', { document: badVector });
    expect(r3.json<{ errors: { field: string; code: string }[] }>().errors[0]).toMatchObject({
      field: '/body/document/severity/0/score',
      code: 'format',
    });
    const neither = await post('/api/v1/vulnerabilities/advisories/import', { document: { hello: 'world' } });
    expect(neither.statusCode).toBe(400);
    expect(neither.json()).toMatchObject({ code: 'advisory_invalid' });
    const notObject = await post('/api/v1/vulnerabilities/advisories/import', { document: [1, 2] });
    expect(notObject.statusCode).toBe(400);
    const failed = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['outcome'])
        .where('action', '=', 'vulnerabilities.advisory_import')
        .where('outcome', '=', 'failure')
        .execute(),
    );
    expect(failed.length).toBeGreaterThanOrEqual(4);
  });

  it('re-matches after version changes and new devices', async () => {
    await setOsVersion(p.db.database, dev.j224r3!, 'Junos OS 22.4R3-S1');
    const [fresh] = await createDevices(p.db.database, [
      { vendor: 'Juniper', model: 'PTX10001', os: 'Junos OS 21.2R3-S4' },
    ]);
    const r = await post('/api/v1/vulnerabilities/rematch', {}, noc);
    expect(r.statusCode, r.body).toBe(200);
    const ms = await matchesOf(osvId);
    expect(ms.find((m) => m.item.id === dev.j224r3)).toMatchObject({ current: false });
    expect(ms.find((m) => m.item.id === fresh)).toMatchObject({ current: true, verdict: 'affected' });
    await setOsVersion(p.db.database, dev.j224r3!, 'Junos OS 22.4R3');
    await post('/api/v1/vulnerabilities/rematch', {}, noc);
    // the same row comes back: one match per advisory × item
    const back = (await matchesOf(osvId)).filter((m) => m.item.id === dev.j224r3);
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ current: true });
  });

  it('answers 404 for unknown advisories and matches, and nothing on the portal', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(
      (await p.mgmt.inject({ url: `/api/v1/vulnerabilities/advisories/${missing}`, headers: sec.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await p.mgmt.inject({ url: `/api/v1/vulnerabilities/matches/${missing}`, headers: sec.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(`/api/v1/vulnerabilities/matches/${missing}/assessments`, { state: 'fixed' })).statusCode,
    ).toBe(404);
    expect((await p.portal.inject({ url: '/api/v1/vulnerabilities/dashboard' })).statusCode).toBe(404);
    expect((await p.mgmt.inject({ url: '/api/v1/vulnerabilities/dashboard' })).statusCode).toBe(401);
  });
});
