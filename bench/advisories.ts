/**
 * `advisory_match_ratio` (issue 10): the time to match 1,000 advisories against 10,000 inventory
 * items (index the inventory by vendor/product, then every advisory's version ranges against its
 * candidates: the work of a re-match pass apart from its SQL) divided by the time to merely parse
 * those advisories (JSON.parse and the CSAF 2.0 / OSV readers), in the same process, alternating
 * A B B A, median of the runs. Goal ≤ 2. Alone: `node bench/advisories.ts [--quick]`.
 */
import { AliasTable } from '../src/modules/vulnerabilities/aliases.ts';
import { parseDocument } from '../src/modules/vulnerabilities/importer.ts';
import { InventoryIndex, matchAdvisory, type InventoryEntry } from '../src/modules/vulnerabilities/match.ts';
import type { ParsedAdvisory } from '../src/modules/vulnerabilities/model.ts';

export interface AdvisoryBenchResult {
  ratio: number;
  matchMs: number;
  parseMs: number;
  advisories: number;
  items: number;
  matches: number;
  runs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A small deterministic generator, so every run measures the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// platform software of several vendors, each with its own version scheme: a version is a train
// (17.9, 22.4, 4.31 …) and a patch level within it; advisories cover part of one train, as vendors' do
type Rand = () => number;
const pick = (r: Rand, n: number): number => Math.floor(r() * n);
const PLATFORMS: {
  vendor: string;
  os: string;
  trains: number;
  v: (train: number, patch: number) => string;
}[] = [
  { vendor: 'Cisco', os: 'IOS XE', trains: 12, v: (t, p) => `17.${t}.${p >> 1}${p % 2 ? 'a' : ''}` },
  {
    vendor: 'Juniper',
    os: 'Junos OS',
    trains: 10,
    v: (t, p) => `${20 + (t >> 1)}.${1 + 3 * (t % 2)}R${1 + (p >> 2)}${p % 4 ? `-S${p % 4}` : ''}`,
  },
  { vendor: 'Arista', os: 'EOS', trains: 8, v: (t, p) => `4.${25 + t}.${p >> 1}${p % 2 ? 'M' : 'F'}` },
  { vendor: 'Cisco', os: 'IOS', trains: 6, v: (t, p) => `15.${t}(${1 + (p >> 1)})M${1 + p}` },
];
const PATCHES = 12;
const version = (r: Rand, p: (typeof PLATFORMS)[number]): string => p.v(pick(r, p.trains), pick(r, PATCHES));
/** An affected range inside one train: from its first release up to a later patch. */
function range(r: Rand, p: (typeof PLATFORMS)[number]): [string, string] {
  const t = pick(r, p.trains);
  return [p.v(t, 0), p.v(t, 1 + pick(r, PATCHES - 1))];
}
// plus many products that no device runs (most advisories do not concern a given network)
const OTHER = Array.from({ length: 200 }, (_, i) => ({ vendor: `Vendor${i % 40}`, product: `Product ${i}` }));

export function inventory(n: number, r = rng(7)): InventoryEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const p = PLATFORMS[i % PLATFORMS.length]!;
    return {
      itemKind: 'device',
      itemId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      deviceId: null,
      label: `dev${i}`,
      vendor: p.vendor,
      product: `Model ${i % 17}`,
      version: `${p.os} ${version(r, p)}`,
      lifecycleStatus: 'active',
    };
  });
}

function csaf(i: number, r: () => number): object {
  const p = r() < 0.3 ? PLATFORMS[pick(r, 3)]! : null;
  const vendor = p?.vendor ?? OTHER[Math.floor(r() * OTHER.length)]!.vendor;
  const product = p?.os ?? OTHER[Math.floor(r() * OTHER.length)]!.product;
  const ranges = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, j) => {
    const [lo, hi] = p ? range(r, p) : [`${1 + pick(r, 5)}.0.0`, '9.0.0'];
    return {
      category: 'product_version_range',
      name: `vers:generic/>=${lo}|<${hi}`,
      product: { name: `${product} range ${j}`, product_id: `CSAFPID-${i}-${j}` },
    };
  });
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      title: `Advisory ${i}`,
      publisher: { category: 'vendor', name: vendor, namespace: 'https://vendor.example' },
      tracking: {
        id: `BENCH-CSAF-${i}`,
        version: '1',
        status: 'final',
        initial_release_date: '2026-01-01T00:00:00Z',
        current_release_date: '2026-01-01T00:00:00Z',
      },
      notes: [{ category: 'summary', text: 'x'.repeat(400) }],
    },
    product_tree: {
      branches: [
        {
          category: 'vendor',
          name: vendor,
          branches: [{ category: 'product_name', name: product, branches: ranges }],
        },
      ],
    },
    vulnerabilities: [
      {
        cve: `CVE-2026-${String(10000 + i)}`,
        product_status: { known_affected: ranges.map((x) => x.product.product_id) },
        scores: [
          {
            products: ranges.map((x) => x.product.product_id),
            cvss_v3: {
              version: '3.1',
              vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
              baseScore: 7.5,
            },
          },
        ],
        remediations: [
          {
            category: 'vendor_fix',
            details: 'Upgrade.',
            product_ids: ranges.map((x) => x.product.product_id),
          },
        ],
      },
    ],
  };
}

function osv(i: number, r: () => number): object {
  const p = r() < 0.3 ? PLATFORMS[pick(r, 3)]! : null;
  const other = OTHER[pick(r, OTHER.length)]!;
  const [lo, hi] = p ? range(r, p) : ['1.0.0', '2.0.0'];
  return {
    id: `BENCH-OSV-${i}`,
    modified: '2026-01-01T00:00:00Z',
    summary: `Advisory ${i}`,
    details: 'x'.repeat(400),
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      {
        package: { ecosystem: p?.vendor ?? other.vendor, name: p?.os ?? other.product },
        ranges: [
          {
            type: 'ECOSYSTEM',
            events: [{ introduced: lo }, { fixed: hi }],
          },
        ],
        versions: p ? [version(r, p), version(r, p)] : [],
      },
    ],
  };
}

/** The advisories as the importer receives them: JSON text, half CSAF, half OSV. */
export function documents(n: number, r = rng(11)): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify(i % 2 ? osv(i, r) : csaf(i, r)));
}

export async function advisoryBench(cfg: {
  advisories: number;
  items: number;
  runs: number;
}): Promise<AdvisoryBenchResult> {
  const aliases = new AliasTable();
  const docs = documents(cfg.advisories);
  const items = inventory(cfg.items);
  const parseAll = (): ParsedAdvisory[] => docs.map((d) => parseDocument(JSON.parse(d) as unknown, aliases));
  const parsed = parseAll();
  let matches = 0;
  const matchAll = (): number => {
    const index = new InventoryIndex(items, aliases);
    let n = 0;
    for (const a of parsed) n += matchAdvisory(a.products, index).length;
    return n;
  };
  const time = (fn: () => unknown): number => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  // warm both paths (JIT) before measuring
  for (let i = 0; i < 2; i++) {
    parseAll();
    matches = matchAll();
  }
  const p: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < cfg.runs; i++) {
    if (i % 2 === 0) {
      p.push(time(parseAll));
      m.push(time(matchAll));
    } else {
      m.push(time(matchAll));
      p.push(time(parseAll));
    }
  }
  await Promise.resolve();
  return {
    ratio: median(m) / median(p),
    matchMs: median(m),
    parseMs: median(p),
    advisories: cfg.advisories,
    items: cfg.items,
    matches,
    runs: cfg.runs,
  };
}

if (import.meta.main) {
  const quick = process.argv.includes('--quick');
  const r = await advisoryBench({ advisories: 1000, items: 10_000, runs: quick ? 3 : 9 });
  process.stdout.write(
    `advisory_match_ratio ${r.ratio.toFixed(2)} (goal ≤ 2): match ${r.matchMs.toFixed(1)} ms, parse ${r.parseMs.toFixed(1)} ms; ` +
      `${r.advisories} advisories, ${r.items} items, ${r.matches} matches; median of ${r.runs}\n`,
  );
}
