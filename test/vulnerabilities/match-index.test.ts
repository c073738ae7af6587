import { describe, expect, it } from 'vitest';
import { AliasTable } from '../../src/modules/vulnerabilities/aliases.ts';
import {
  InventoryIndex,
  matchAdvisory,
  type InventoryEntry,
} from '../../src/modules/vulnerabilities/match.ts';
import type { AdvisoryProduct } from '../../src/modules/vulnerabilities/model.ts';
import {
  evaluate,
  type Comparator,
  type OsvEvent,
  type Verdict,
  type VersionSpec,
} from '../../src/modules/vulnerabilities/ranges.ts';
import { parseVersion, versionPrefix } from '../../src/modules/vulnerabilities/versions.ts';

/**
 * The index answers a spec by binary search over the versions inside the window its bounds span;
 * this checks it against testing every item one by one, on versions chosen to be awkward: the
 * three schemes sharing release numbers (which cannot be ordered against each other), padded
 * releases (17.3 = 17.3.0), rebuild letters, service releases, the floor "0", unparseable text.
 */
const POOL = [
  '0',
  '1.0',
  '16.12.4',
  '17',
  '17.3',
  '17.3.0',
  '17.3.1',
  '17.3.1a',
  '17.3.1b',
  '17.3.2',
  '17.3.10',
  '17.3R1',
  '17.3R1-S2',
  '17.3R2',
  '17.3(1)M2',
  '17.3(2)T',
  '17.4.1',
  '21.4R3',
  '21.4R3-S5',
  '21.4R3-S5.1',
  '21.4.3',
  '21.4(3)M',
  '22.1R1',
  '4.28.3M',
  '4.28.3F',
  '4.31.0F',
  '1.0.0-rc.1',
  'unknown build',
];
const OPS: Comparator[] = ['=', '!=', '<', '<=', '>', '>='];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function spec(r: () => number): VersionSpec {
  const v = () => POOL[Math.floor(r() * POOL.length)]!;
  const n = 1 + Math.floor(r() * 4);
  const k = r();
  if (k < 0.05) return { kind: 'all' };
  if (k < 0.25) return { kind: 'exact', versions: Array.from({ length: n }, v) };
  if (k < 0.6)
    return {
      kind: 'vers',
      constraints: Array.from({ length: n }, () => ({
        op: OPS[Math.floor(r() * OPS.length)]!,
        version: v(),
      })),
    };
  const kinds = ['introduced', 'introduced', 'fixed', 'last_affected', 'limit'] as const;
  const events = Array.from(
    { length: n },
    () => ({ [kinds[Math.floor(r() * kinds.length)]!]: v() }) as OsvEvent,
  );
  return { kind: 'events', events };
}

function combine(a: Verdict, b: Verdict): Verdict {
  if (a === 'in' || b === 'in') return 'in';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'out';
}

interface Prepared {
  item: InventoryEntry;
  keys: string[];
  version: ReturnType<typeof parseVersion>;
}
/** Each item's keys and parsed version, worked out on their own, without the index. */
const prepare = (items: InventoryEntry[], aliases: AliasTable): Prepared[] =>
  items
    .filter((item) => item.lifecycleStatus !== 'disposed')
    .map((item) => {
      const text = item.version.trim();
      const os = versionPrefix(text);
      return {
        item,
        keys: [
          aliases.canonical(item.vendor, item.product),
          ...(os ? [aliases.canonical(item.vendor, os)] : []),
        ],
        version: text ? parseVersion(text) : null,
      };
    });

/** One item at a time, every rule evaluated from scratch: what the index must reproduce. */
function reference(products: AdvisoryProduct[], items: Prepared[], aliases: AliasTable): Map<string, string> {
  const keyed = products.map((p) => ({ p, key: aliases.canonical(p.vendor, p.product) }));
  const out = new Map<string, string>();
  for (const key of new Set(keyed.map((k) => k.key))) {
    const rules = keyed.filter((k) => k.key === key).map((k) => k.p);
    for (const { item, keys, version } of items) {
      if (out.has(item.itemId) || !keys.includes(key)) continue;
      let affected: Verdict = 'out';
      let excluded: Verdict = 'out';
      for (const rule of rules) {
        const v = evaluate(rule.spec, version);
        if (rule.effect === 'affected') affected = combine(affected, v);
        else excluded = combine(excluded, v);
      }
      if (affected === 'out' || excluded === 'in') continue;
      out.set(item.itemId, affected === 'in' ? 'affected' : 'undetermined');
    }
  }
  return out;
}

describe('inventory index', () => {
  it('matches exactly what testing every item one by one matches', () => {
    const r = rng(42);
    const aliases = new AliasTable();
    const products = ['IOS XE', 'Junos OS', 'EOS'];
    const items: InventoryEntry[] = Array.from({ length: 400 }, (_, i) => ({
      itemKind: 'device',
      itemId: `item-${i}`,
      deviceId: null,
      label: `d${i}`,
      vendor: 'Cisco',
      product: `Model ${i % 3}`,
      version: i % 5 === 0 ? POOL[i % POOL.length]! : `${products[i % 3]} ${POOL[i % POOL.length]!}`,
      lifecycleStatus: i % 37 === 0 ? 'disposed' : 'active',
    }));
    items.push({ ...items[1]!, itemId: 'blank', version: '' });
    const index = new InventoryIndex(items, aliases);
    const prepared = prepare(items, aliases);
    let compared = 0;
    for (let a = 0; a < 1000; a++) {
      const advisory: AdvisoryProduct[] = Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
        vendor: 'Cisco',
        product: r() < 0.2 ? `Model ${Math.floor(r() * 3)}` : products[Math.floor(r() * 3)]!,
        spec: spec(r),
        effect: r() < 0.75 ? 'affected' : 'not_affected',
      }));
      const got = new Map(matchAdvisory(advisory, index).map((m) => [m.itemId, m.verdict as string]));
      const want = reference(advisory, prepared, aliases);
      expect(got, JSON.stringify(advisory)).toEqual(want);
      compared += want.size;
    }
    // the data must exercise the matcher, not compare empty sets
    expect(compared).toBeGreaterThan(5_000);
  });
});
