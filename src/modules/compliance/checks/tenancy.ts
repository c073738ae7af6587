import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { t, type CheckDef } from '../check.ts';
import type { EvidenceObject } from '../types.ts';

export const rlsCheck: CheckDef = {
  id: 'tenancy.rls',
  clauses: ['8.1.1', 'CLD.9.5.1', '13.1.3', 'principle-3', 'principle-8'],
  title: t('お客様テーブルの行レベルセキュリティ', 'Row-level security on customer tables'),
  criteria: t(
    'customer スキーマのテーブル（パーティションの子を除く）すべてに tenant_id 列があり、行レベルセキュリティが有効かつ強制（FORCE）で、テナント分離のポリシーがあれば合格。有効だが強制でないテーブルがあれば警告。tenant_id 列・行レベルセキュリティ・ポリシーのいずれかがないテーブルがあれば不合格。',
    'Pass when every table of the customer schema (partitions aside) has a tenant_id column, row-level security enabled and forced, and the tenant isolation policy. Warn when a table has it enabled but not forced. Fail when a table lacks the tenant_id column, row-level security or the policy.',
  ),
  async run(ctx) {
    const r = await ctx.read(() =>
      sql<{ name: string; has_tenant: boolean; rls: boolean; forced: boolean; policy: boolean }>`
        SELECT c.relname AS name,
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS has_tenant,
               c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
               EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation') AS policy
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'customer' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         ORDER BY c.relname`.execute(db()),
    );
    const objects: EvidenceObject[] = [];
    let broken = 0;
    let unforced = 0;
    for (const x of r.rows) {
      const missing: [string, string][] = [];
      if (!x.has_tenant) missing.push(['tenant_id 列なし', 'no tenant_id column']);
      if (!x.rls) missing.push(['RLS 無効', 'RLS disabled']);
      if (!x.policy) missing.push(['ポリシーなし', 'no policy']);
      if (missing.length) broken += 1;
      else if (!x.forced) {
        unforced += 1;
        missing.push(['FORCE なし', 'not forced']);
      }
      if (missing.length)
        objects.push({
          kind: 'table',
          id: `customer.${x.name}`,
          label: `customer.${x.name}`,
          note: t(missing.map((m) => m[0]).join('、'), missing.map((m) => m[1]).join(', ')),
        });
    }
    return {
      status: broken ? 'fail' : unforced ? 'warn' : 'pass',
      summary: t(
        `お客様テーブル ${r.rows.length} 件中 ${r.rows.length - broken - unforced} 件が強制 RLS とテナント分離ポリシーで保護。`,
        `${r.rows.length - broken - unforced} of ${r.rows.length} customer tables are protected by forced RLS with the tenant isolation policy.`,
      ),
      figures: {
        tables: r.rows.length,
        protected: r.rows.length - broken - unforced,
        notForced: unforced,
        unprotected: broken,
      },
      objects,
    };
  },
};

export const segregationCheck: CheckDef = {
  id: 'network.mgmt-segregation',
  clauses: ['CLD.9.5.1', 'CLD.9.5.2', '13.1.3', 'principle-4'],
  title: t('管理ネットワークとお客様ネットワークの分離', 'Management networks apart from customer networks'),
  criteria: t(
    '管理ネットワークのプレフィックスが、お客様のアドレスプール・接続のプレフィックス・お客様サブネットのどれとも重ならなければ合格。機器の管理アドレスがその機器の管理ネットワークの外にあれば警告。重なりがあれば不合格。',
    'Pass when no management network prefix overlaps a customer address pool, a connection prefix or a customer subnet. Warn when a device’s management address lies outside its management network. Fail on any overlap.',
  ),
  async run(ctx) {
    const { overlaps, strays, networks } = await ctx.read(async () => {
      const overlaps = await sql<{ mgmt: string; kind: string; id: string; label: string; prefix: string }>`
        SELECT m.name AS mgmt, 'pool' AS kind, p.id::text AS id, tn.code AS label, p.prefix::text AS prefix
          FROM ops.mgmt_network m JOIN ops.tenant_pool p ON p.prefix && m.prefix JOIN ops.tenant tn ON tn.id = p.tenant_id
        UNION ALL
        SELECT m.name, 'connection', c.id::text, tn.code || ' / ' || c.name, coalesce(s.prefix, c.ipv4_prefix, c.ipv6_prefix)::text
          FROM ops.mgmt_network m
          JOIN customer.connection c ON c.ipv4_prefix && m.prefix OR c.ipv6_prefix && m.prefix
               OR EXISTS (SELECT 1 FROM unnest(c.customer_subnets) x WHERE x && m.prefix)
          JOIN ops.tenant tn ON tn.id = c.tenant_id
          LEFT JOIN LATERAL (SELECT x AS prefix FROM unnest(c.customer_subnets) x WHERE x && m.prefix LIMIT 1) s ON true
         LIMIT 200`.execute(db());
      const strays = await sql<{ id: string; hostname: string; address: string; mgmt: string }>`
        SELECT d.id::text AS id, d.hostname, host(d.mgmt_address) AS address, m.prefix::text AS mgmt
          FROM ops.device d JOIN ops.mgmt_network m ON m.id = d.mgmt_network_id
         WHERE NOT (d.mgmt_address <<= m.prefix)`.execute(db());
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ops.mgmt_network`.execute(db());
      return { overlaps: overlaps.rows, strays: strays.rows, networks: Number(n.rows[0]?.n ?? 0) };
    });
    const objects: EvidenceObject[] = [
      ...overlaps.map((o) => ({
        kind: o.kind === 'pool' ? 'pool' : 'connection',
        id: o.id,
        label: `${o.label} ${o.prefix}`,
        note: t(`管理ネットワーク ${o.mgmt} と重複`, `Overlaps management network ${o.mgmt}`),
        href: o.kind === 'connection' ? `/connections/${o.id}` : undefined,
      })),
      ...strays.map((d) => ({
        kind: 'device',
        id: d.id,
        label: `${d.hostname} ${d.address}`,
        note: t(`管理アドレスが管理ネットワーク ${d.mgmt} の外`, `Management address outside ${d.mgmt}`),
        href: `/devices/${d.id}`,
      })),
    ];
    return {
      status: overlaps.length ? 'fail' : strays.length ? 'warn' : 'pass',
      summary: t(
        `管理ネットワーク ${networks} 件。お客様アドレスとの重複 ${overlaps.length} 件、管理ネットワーク外の管理アドレス ${strays.length} 件。`,
        `Management networks: ${networks}. Overlaps with customer addresses: ${overlaps.length}; management addresses outside their network: ${strays.length}.`,
      ),
      figures: { mgmtNetworks: networks, overlaps: overlaps.length, devicesOutside: strays.length },
      objects,
    };
  },
};
