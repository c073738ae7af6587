import type { AliasTable } from './aliases.ts';
import type { AdvisoryProduct } from './model.ts';
import { compile, type Compiled, type Verdict } from './ranges.ts';
import { parseVersion, versionPrefix, type Version } from './versions.ts';

/**
 * Matching advisories against the inventory (ops.inventory_item). The inventory is indexed once by
 * canonical vendor/product key; each advisory then looks up only the items of its products, so a
 * pass costs about one lookup per advisory product plus one range test per candidate item.
 * An item is keyed by its model and, when its version text names the OS ("Junos OS 22.4R3"), by that
 * name too: advisories name the platform software more often than the hardware.
 */
export interface InventoryEntry {
  itemKind: 'device' | 'component';
  itemId: string;
  deviceId: string | null;
  label: string;
  vendor: string;
  product: string;
  version: string;
  lifecycleStatus: string;
}

/** The items of one vendor/product key that share one version text: evaluated once for all. */
interface VersionGroup {
  version: Version | null;
  entries: InventoryEntry[];
}

/** Items that have left the inventory are not matched. */
const GONE = new Set(['disposed', 'reused']);

export class InventoryIndex {
  private readonly byKey = new Map<string, Map<string, VersionGroup>>();
  readonly size: number;
  readonly aliases: AliasTable;
  constructor(items: InventoryEntry[], aliases: AliasTable) {
    this.aliases = aliases;
    // inventories repeat models and versions: normalise each distinct one once
    const parsed = new Map<string, { version: Version | null; os: string }>();
    const canonical = new Map<string, string>();
    const key = (vendor: string, product: string): string => {
      const id = `${vendor}\u0000${product}`;
      let k = canonical.get(id);
      if (k === undefined) canonical.set(id, (k = aliases.canonical(vendor, product)));
      return k;
    };
    let n = 0;
    for (const entry of items) {
      if (GONE.has(entry.lifecycleStatus)) continue;
      n++;
      const text = entry.version.trim();
      let p = parsed.get(text);
      if (p === undefined) {
        p = { version: text ? parseVersion(text) : null, os: versionPrefix(text) };
        parsed.set(text, p);
      }
      const version = p.version;
      const first = key(entry.vendor, entry.product);
      const second = p.os ? key(entry.vendor, p.os) : first;
      for (const k of second === first ? [first] : [first, second]) {
        let groups = this.byKey.get(k);
        if (!groups) this.byKey.set(k, (groups = new Map<string, VersionGroup>()));
        const g = groups.get(text);
        if (g) g.entries.push(entry);
        else groups.set(text, { version, entries: [entry] });
      }
    }
    this.size = n;
  }
  groups(key: string): Iterable<VersionGroup> {
    return this.byKey.get(key)?.values() ?? [];
  }
}

export interface MatchResult {
  itemKind: InventoryEntry['itemKind'];
  itemId: string;
  deviceId: string | null;
  /** undetermined: the version (or a bound) could not be ordered: someone must look */
  verdict: 'affected' | 'undetermined';
  version: string;
}

function combine(a: Verdict, b: Verdict): Verdict {
  if (a === 'in' || b === 'in') return 'in';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'out';
}

/** The inventory items an advisory's products cover, each affected or undetermined. */
export function matchAdvisory(products: AdvisoryProduct[], index: InventoryIndex): MatchResult[] {
  const byKey = new Map<string, { effect: AdvisoryProduct['effect']; test: Compiled }[]>();
  for (const p of products) {
    const k = index.aliases.canonical(p.vendor, p.product);
    const rule = { effect: p.effect, test: compile(p.spec) };
    const list = byKey.get(k);
    if (list) list.push(rule);
    else byKey.set(k, [rule]);
  }
  const out: MatchResult[] = [];
  // an item sits once per key: only an advisory naming several keys can reach it twice
  const seen = byKey.size > 1 ? new Set<string>() : null;
  for (const [key, rules] of byKey) {
    for (const group of index.groups(key)) {
      let affected: Verdict = 'out';
      let excluded: Verdict = 'out';
      for (const rule of rules) {
        const v = rule.test(group.version);
        if (rule.effect === 'affected') affected = combine(affected, v);
        else excluded = combine(excluded, v);
      }
      // a fixed or not-affected listing of this very version wins over a range that covers it
      if (affected === 'out' || excluded === 'in') continue;
      const verdict = affected === 'in' ? 'affected' : 'undetermined';
      for (const e of group.entries) {
        if (seen) {
          if (seen.has(e.itemId)) continue;
          seen.add(e.itemId);
        }
        out.push({
          itemKind: e.itemKind,
          itemId: e.itemId,
          deviceId: e.deviceId,
          verdict,
          version: e.version,
        });
      }
    }
  }
  return out;
}
