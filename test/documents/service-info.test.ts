import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, systemScope } from '../../src/db/context.ts';
import { seedDemoDocuments } from '../../src/modules/documents/demo.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform({
    PVA_POLICY_URL: 'https://provider.example/security-policy',
    PVA_JURISDICTION_EN: 'Tokyo District Court (exclusive, first instance)',
  });
});
afterAll(async () => p?.close());

interface L {
  ja: string;
  en: string;
}
interface Info {
  provider: { name: L; address: L };
  dataLocation: L;
  jurisdiction: L;
  policyUrl: string | null;
  responsibility: { provider: { summary: L; items: L[] }; customer: { summary: L; items: L[] } };
  governingLaw: L;
  court: L;
  securityPolicy: { url: string | null; principles: L[] };
  customerControl: L;
}

describe(`service information (${engineName})`, () => {
  it('publishes the split, law and court, policy and its ten principles in ja and en, on both listeners', async () => {
    for (const app of [p.portal, p.mgmt]) {
      const r = await app.inject({ url: '/api/v1/service-info' });
      expect(r.statusCode).toBe(200);
      const info = r.json<Info>();
      // the fields the SPA already used stay as they were
      expect(info.dataLocation).toEqual({ ja: '日本国内', en: 'Japan' });
      expect(info.policyUrl).toBe('https://provider.example/security-policy');
      expect(info.jurisdiction.ja).toContain('東京地方裁判所');
      // 18.1.1: governing law and the court, from configuration where configurable
      expect(info.governingLaw).toEqual({ ja: '日本法', en: 'The laws of Japan' });
      expect(info.court.ja).toContain('東京地方裁判所');
      expect(info.court.en).toBe('Tokyo District Court (exclusive, first instance)');
      // 6.1.1: provider = the infrastructure, customer = the stored data (the settings)
      const provider = info.responsibility.provider.items.map((i) => i.en);
      for (const x of [
        'Network',
        'Servers',
        'Maintenance',
        'Monitoring',
        'Failure handling',
        'Server security',
        'Software',
      ])
        expect(provider).toContain(x);
      expect(info.responsibility.provider.items.map((i) => i.ja)).toContain('障害対応');
      expect(info.responsibility.customer.summary.ja).toContain('保存データ');
      expect(info.responsibility.customer.summary.ja).toContain('提供する機能の設定');
      expect(info.responsibility.customer.summary.en).toContain(
        'settings of the functions the service provides',
      );
      // 5.1.1: the policy link and the ten design principles, each in both languages
      expect(info.securityPolicy.url).toBe('https://provider.example/security-policy');
      expect(info.securityPolicy.principles).toHaveLength(10);
      for (const pr of info.securityPolicy.principles) {
        expect(pr.ja.length).toBeGreaterThan(5);
        expect(pr.en.length).toBeGreaterThan(5);
      }
      expect(info.securityPolicy.principles[2]!.en).toMatch(/isolate tenants/i);
      expect(info.securityPolicy.principles[9]!.ja).toContain('フォレンジック');
      // 18.1.2
      expect(info.customerControl.ja).toContain('お客様の管理下');
      expect(info.customerControl.en).toMatch(/remain under your control/);
    }
  });
});

describe(`demo documents (${engineName})`, () => {
  it('seeds specifications with an earlier version, manuals, terms and the split for each service type', async () => {
    const r = await inTransaction(p.db.database, systemScope(), () =>
      seedDemoDocuments({ publishedBy: null }),
    );
    expect(r.documents).toBeGreaterThanOrEqual(15);
    const t = await createTenant(p.db.database, { services: 1 });
    const s = await login(p.portal, p.db.database, await createUser(p.db.database, t.id, { role: 'viewer' }));
    const groups = (await p.portal.inject({ url: '/api/v1/documents', headers: s.headers })).json<
      {
        serviceType: string;
        kind: string;
        current: { id: string; version: string } | null;
        earlier: { version: string }[];
        upcoming: { version: string }[];
      }[]
    >();
    expect(groups.every((g) => g.serviceType === 'ipsec' || g.serviceType === 'all')).toBe(true);
    const spec = groups.find((g) => g.kind === 'specification')!;
    expect(spec.current?.version).toBe('1.1');
    expect(spec.earlier.map((d) => d.version)).toEqual(['1.0']);
    expect(groups.find((g) => g.kind === 'manual')!.upcoming.map((d) => d.version)).toEqual(['1.1']);
    const terms = groups.find((g) => g.kind === 'terms')!;
    for (const lang of ['ja', 'en'] as const) {
      const c = await p.portal.inject({
        url: `/api/v1/documents/${terms.current!.id}/content?lang=${lang}`,
        headers: s.headers,
      });
      const html = c.json<{ html: string }>().html;
      expect(html).toContain(lang === 'ja' ? '東京地方裁判所' : 'Tokyo District Court');
      expect(html).toContain(lang === 'ja' ? '日本法' : 'laws of Japan');
    }
  });
});
