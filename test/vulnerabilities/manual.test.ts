import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createDevices } from './support.ts';

/** Manual advisories: entry with fixed versions and references, editing, and what cannot be edited. */
const CSAF = JSON.parse(
  readFileSync(new URL('./fixtures/csaf-cisco-iosxe.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

let p: TestPlatform;
let sec: LoggedIn;
const dev: Record<string, string> = {};

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const send = (method: 'POST' | 'PUT', url: string, payload: object, lang = 'en') =>
  p.mgmt.inject({ method, url, payload, headers: { ...sec.headers, 'accept-language': lang } });
const detail = (id: string) =>
  p.mgmt
    .inject({ url: `/api/v1/vulnerabilities/advisories/${id}`, headers: sec.headers })
    .then((r) => r.json<Detail>());
interface Detail {
  revision: string;
  title: string;
  severity: string;
  manual: Record<string, unknown> | null;
  references: { url: string; summary: string }[];
  matches: { item: { id: string }; current: boolean }[];
}
const current = (d: Detail) =>
  d.matches
    .filter((m) => m.current)
    .map((m) => m.item.id)
    .sort();

const ENTRY = {
  externalId: 'PVA-MANUAL-2026-0100',
  title: 'IOS XE web UI privilege escalation',
  summary: 'Reported by the vendor under embargo.',
  cves: ['CVE-2026-20199'],
  severity: 'high',
  products: [
    {
      vendor: 'Cisco',
      product: 'IOS XE',
      range: 'vers:generic/>=17.3.0|<17.3.8',
      versions: ['16.12.4'],
      fixed: ['17.3.4a'],
    },
  ],
  remediation: 'Upgrade to 17.3.8 or 17.3.4a.',
  references: [{ url: 'https://vendor.example/advisory/0100', summary: 'Vendor advisory' }],
};

beforeAll(async () => {
  p = await createTestPlatform();
  sec = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
  const specs = {
    x1734: 'IOS XE 17.3.4',
    x1734a: 'IOS XE 17.3.4a',
    x1738: 'IOS XE 17.3.8',
    x16124: 'IOS XE 16.12.4',
    x1795: 'IOS XE 17.9.5',
  };
  const ids = await createDevices(
    p.db.database,
    Object.values(specs).map((os) => ({
      vendor: 'Cisco',
      model: 'Catalyst 9300',
      os,
      status: 'active' as const,
    })),
  );
  Object.keys(specs).forEach((k, i) => (dev[k] = ids[i]!));
}, 180_000);
afterAll(async () => {
  await p?.close();
});

describe(`manual advisories (${engineName})`, () => {
  let id: string;
  let first: { id: string; publishedAt: string };

  it('enters an advisory: the range and single versions match, a fixed version inside the range does not', async () => {
    const r = await send('POST', '/api/v1/vulnerabilities/advisories', ENTRY);
    expect(r.statusCode, r.body).toBe(201);
    first = r.json<{ advisory: { id: string; publishedAt: string } }>().advisory;
    id = first.id;
    const d = await detail(id);
    expect(current(d)).toEqual([dev.x1734, dev.x16124].sort());
    expect(d.references).toEqual([
      { url: 'https://vendor.example/advisory/0100', summary: 'Vendor advisory' },
    ]);
    // the entry comes back as entered, for the console's edit form
    expect(d.manual).toEqual(ENTRY);
  });

  it('edits it by id: the id stays, the ranges are matched again, and it is audited', async () => {
    const r = await send('PUT', `/api/v1/vulnerabilities/advisories/${id}`, {
      ...ENTRY,
      externalId: undefined,
      title: 'IOS XE web UI privilege escalation (revised)',
      severity: undefined,
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      products: [{ vendor: 'Cisco', product: 'IOS XE', range: '>=17.3.0|<=17.3.8', fixed: ['17.3.4a'] }],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      outcome: 'updated',
      advisory: { externalId: ENTRY.externalId, publishedAt: first.publishedAt },
    });
    const d = await detail(id);
    expect(d).toMatchObject({ title: 'IOS XE web UI privilege escalation (revised)', severity: 'critical' });
    expect(current(d)).toEqual([dev.x1734, dev.x1738].sort());
    expect(d.manual).toMatchObject({
      externalId: ENTRY.externalId,
      products: [{ range: 'vers:generic/>=17.3.0|<=17.3.8', fixed: ['17.3.4a'] }],
    });
    const audit = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select(['outcome', 'summary'])
        .where('action', '=', 'vulnerabilities.advisory_manual')
        .where('target_id', '=', id)
        .orderBy('at')
        .execute(),
    );
    expect(audit.map((a) => (a.summary as { outcome: string }).outcome)).toEqual(['created', 'updated']);
  });

  it('names bad fields in the request language', async () => {
    const r = await send(
      'PUT',
      `/api/v1/vulnerabilities/advisories/${id}`,
      { title: 'x', products: [{ vendor: 'Cisco', product: 'IOS XE', range: 'vers:generic/' }] },
      'ja',
    );
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'advisory_invalid',
      errors: [{ field: '/body/products/0/range' }],
    });
    expect(r.json<{ title: string }>().title).toMatch(/[ぁ-んァ-ン一-龯]/);
  });

  it('refuses to edit or overwrite an imported advisory, and answers 404 for unknown ids', async () => {
    const imported = await send('POST', '/api/v1/vulnerabilities/advisories/import', { document: CSAF });
    expect(imported.statusCode, imported.body).toBe(201);
    const csaf = imported.json<{ advisory: { id: string; externalId: string } }>().advisory;
    expect((await detail(csaf.id)).manual).toBeNull();
    const edit = await send('PUT', `/api/v1/vulnerabilities/advisories/${csaf.id}`, {
      title: 'x',
      products: ENTRY.products,
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'advisory_not_manual' });
    const overwrite = await send('POST', '/api/v1/vulnerabilities/advisories', {
      ...ENTRY,
      externalId: csaf.externalId,
    });
    expect(overwrite.statusCode).toBe(409);
    const missing = await send('PUT', `/api/v1/vulnerabilities/advisories/${crypto.randomUUID()}`, {
      title: 'x',
      products: ENTRY.products,
    });
    expect(missing.statusCode).toBe(404);
  });
});
