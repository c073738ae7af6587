import type { AliasTable } from './aliases.ts';
import type { AdvisoryProduct } from './model.ts';
import { compile, type Compiled, type Verdict, type Window } from './ranges.ts';
import { compareReleases, parseVersion, versionPrefix, type Version } from './versions.ts';

/**
 * Matching advisories against the inventory (ops.inventory_item). The inventory is indexed once by
 * canonical vendor/product key, each key's distinct versions parsed once and sorted by release
 * numbers. An advisory looks up only the keys of its products and, within a key, only the versions
 * whose release lies in the window its ranges span (binary search); each of those is then tested
 * exactly. A pass costs about one lookup per advisory product plus one range test per version
 * near its bounds, whatever the size of the inventory.
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

export interface MatchResult {
  itemKind: InventoryEntry['itemKind'];
  itemId: string;
  deviceId: string | null;
  /** undetermined: the version (or a bound) could not be ordered: someone must look */
  verdict: 'affected' | 'undetermined';
  version: string;
}

/** The items of one key that share one version text: evaluated once for all. */
class VersionGroup {
  readonly entries: InventoryEntry[] = [];
  private affected: MatchResult[] | null = null;
  private undetermined: MatchResult[] | null = null;
  readonly version: Version | null;
  constructor(version: Version | null) {
    this.version = version;
  }
  /** The results of this group's items for a verdict, made once and shared (read-only) by all advisories. */
  results(verdict: MatchResult['verdict']): MatchResult[] {
    const cached = verdict === 'affected' ? this.affected : this.undetermined;
    if (cached) return cached;
    const made = this.entries.map((e) => ({
      itemKind: e.itemKind,
      itemId: e.itemId,
      deviceId: e.deviceId,
      verdict,
      version: e.version,
    }));
    if (verdict === 'affected') this.affected = made;
    else this.undetermined = made;
    return made;
  }
}

/** The versions of one key: parsed ones sorted by release (built on first use), unparseable apart. */
class KeyGroups {
  readonly byText = new Map<string, VersionGroup>();
  private sorted: VersionGroup[] | null = null;
  private unparsed: VersionGroup[] = [];
  private all(): VersionGroup[] {
    if (this.sorted) return this.sorted;
    const parsed: VersionGroup[] = [];
    for (const g of this.byText.values()) (g.version ? parsed : this.unparsed).push(g);
    parsed.sort((a, b) => compareReleases(a.version!.release, b.version!.release));
    return (this.sorted = parsed);
  }
  /** Calls `fn` for the groups a window can reach: the unparseable ones, then the parsed ones inside it. */
  each(w: Window | null, fn: (g: VersionGroup) => void): void {
    const sorted = this.all();
    for (const g of this.unparsed) fn(g);
    let i = 0;
    if (w?.lo) {
      // first version whose release is not below the window
      let hi = sorted.length;
      while (i < hi) {
        const mid = (i + hi) >>> 1;
        if (compareReleases(sorted[mid]!.version!.release, w.lo) < 0) i = mid + 1;
        else hi = mid;
      }
    }
    for (; i < sorted.length; i++) {
      const g = sorted[i]!;
      if (w?.hi && compareReleases(g.version!.release, w.hi) > 0) break;
      fn(g);
    }
  }
}

/** Items that have left the inventory are not matched. */
const GONE = new Set(['disposed', 'reused']);

export class InventoryIndex {
  private readonly byKey = new Map<string, KeyGroups>();
  private readonly canonicalCache = new Map<string, Map<string, string>>();
  private readonly versions = new Map<string, Version | null>();
  readonly size: number;
  readonly aliases: AliasTable;
  constructor(items: InventoryEntry[], aliases: AliasTable) {
    this.aliases = aliases;
    // inventories repeat models and versions: normalise each distinct one once
    const parsed = new Map<string, { version: Version | null; os: string }>();
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
      const first = this.key(entry.vendor, entry.product);
      this.add(first, text, p.version, entry);
      if (p.os) {
        const second = this.key(entry.vendor, p.os);
        if (second !== first) this.add(second, text, p.version, entry);
      }
    }
    this.size = n;
  }
  private add(key: string, text: string, version: Version | null, entry: InventoryEntry): void {
    let groups = this.byKey.get(key);
    if (!groups) this.byKey.set(key, (groups = new KeyGroups()));
    let g = groups.byText.get(text);
    if (!g) groups.byText.set(text, (g = new VersionGroup(version)));
    g.entries.push(entry);
  }
  /** The canonical key of a vendor/product pair, normalised once per distinct pair. */
  key(vendor: string, product: string): string {
    let products = this.canonicalCache.get(vendor);
    if (!products) this.canonicalCache.set(vendor, (products = new Map<string, string>()));
    let k = products.get(product);
    if (k === undefined) products.set(product, (k = this.aliases.canonical(vendor, product)));
    return k;
  }
  /** parseVersion, once per distinct text: advisories name the same releases again and again. */
  readonly parse = (text: string): Version | null => {
    let v = this.versions.get(text);
    if (v === undefined) this.versions.set(text, (v = parseVersion(text)));
    return v;
  };
  /** Calls `fn` for the version groups of a key that a window can reach (null: all of them). */
  eachGroup(key: string, window: Window | null, fn: (g: VersionGroup) => void): void {
    this.byKey.get(key)?.each(window, fn);
  }
}

function combine(a: Verdict, b: Verdict): Verdict {
  if (a === 'in' || b === 'in') return 'in';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'out';
}

/** The smallest window holding all of the affected rules' windows; null when one has none. */
function hull(rules: { effect: AdvisoryProduct['effect']; test: Compiled }[]): Window | null {
  let out: Window | null = null;
  for (const r of rules) {
    if (r.effect !== 'affected') continue;
    const w = r.test.window;
    if (!w) return null;
    if (!out) out = { lo: w.lo, hi: w.hi };
    else {
      out.lo = out.lo && w.lo ? (compareReleases(w.lo, out.lo) < 0 ? w.lo : out.lo) : null;
      out.hi = out.hi && w.hi ? (compareReleases(w.hi, out.hi) > 0 ? w.hi : out.hi) : null;
    }
  }
  // only not-affected rules: nothing can be affected
  return out ?? { lo: [1], hi: [0] };
}

/**
 * The inventory items an advisory's products cover, each affected or undetermined. The result
 * objects are shared between advisories of one index: read them, do not change them.
 */
export function matchAdvisory(products: AdvisoryProduct[], index: InventoryIndex): MatchResult[] {
  const byKey = new Map<string, { effect: AdvisoryProduct['effect']; test: Compiled }[]>();
  for (const p of products) {
    const k = index.key(p.vendor, p.product);
    const rule = { effect: p.effect, test: compile(p.spec, index.parse) };
    const list = byKey.get(k);
    if (list) list.push(rule);
    else byKey.set(k, [rule]);
  }
  const out: MatchResult[] = [];
  // an item sits once per key: only an advisory naming several keys can reach it twice
  const seen = byKey.size > 1 ? new Set<string>() : null;
  for (const [key, rules] of byKey) {
    index.eachGroup(key, hull(rules), (group) => {
      let affected: Verdict = 'out';
      let excluded: Verdict = 'out';
      for (const rule of rules) {
        const v = rule.test(group.version);
        if (rule.effect === 'affected') affected = combine(affected, v);
        else excluded = combine(excluded, v);
      }
      // a fixed or not-affected listing of this very version wins over a range that covers it
      if (affected === 'out' || excluded === 'in') return;
      for (const r of group.results(affected === 'in' ? 'affected' : 'undetermined')) {
        if (seen) {
          if (seen.has(r.itemId)) continue;
          seen.add(r.itemId);
        }
        out.push(r);
      }
    });
  }
  return out;
}
