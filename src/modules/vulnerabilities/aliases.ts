/**
 * Vendor and product names as advisories and the inventory spell them differ ("Juniper Networks" /
 * "Juniper", "Cisco IOS XE Software" / "IOS XE"). Names are normalised (case, punctuation, company
 * suffixes, the vendor's name before the product, a trailing "Software"/"OS"), then looked up in an
 * alias table: the built-in entries below plus PVA_VULN_PRODUCT_ALIASES
 * (`from=vendor/product;…`, where `from` is `vendor/product` or, for OSV, `osv:<ecosystem>/<package>`).
 */
const COMPANY = new Set([
  'inc',
  'incorporated',
  'networks',
  'systems',
  'corporation',
  'corp',
  'co',
  'ltd',
  'llc',
  'gmbh',
  'kk',
]);
const TRAILING = new Set(['software', 'os', 'firmware']);

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

export function normVendor(vendor: string): string {
  const w = words(vendor);
  while (w.length > 1 && COMPANY.has(w[w.length - 1]!)) w.pop();
  return w.join(' ');
}

export function normProduct(vendor: string, product: string): string {
  const v = normVendor(vendor).split(' ');
  let w = words(product);
  if (v.length && w.length > v.length && v.every((x, i) => w[i] === x)) w = w.slice(v.length);
  while (w.length > 1 && TRAILING.has(w[w.length - 1]!)) w.pop();
  return w.join(' ');
}

export const productKey = (vendor: string, product: string): string =>
  `${normVendor(vendor)}/${normProduct(vendor, product)}`;

/** Built-in aliases: other names of the same platform, onto one key. */
export const DEFAULT_ALIASES: Record<string, string> = {
  'cisco/ios xe': 'cisco/ios xe',
  'cisco/iosxe': 'cisco/ios xe',
  'cisco/ios xe sd wan': 'cisco/ios xe',
  'juniper/junos os': 'juniper/junos',
  'juniper/juniper junos': 'juniper/junos',
  'arista/eos': 'arista/eos',
  'arista/extensible operating system': 'arista/eos',
};

export class AliasTable {
  private readonly map = new Map<string, string>();
  constructor(extra: Record<string, string> = {}) {
    for (const [from, to] of Object.entries({ ...DEFAULT_ALIASES, ...extra })) this.add(from, to);
  }
  private add(from: string, to: string): void {
    const key = (s: string): string => {
      if (s.startsWith('osv:')) return `osv:${s.slice(4).toLowerCase().trim()}`;
      const [v = '', ...p] = s.split('/');
      return productKey(v, p.join('/'));
    };
    this.map.set(key(from), key(to));
  }
  /** The canonical key of a vendor/product pair. */
  canonical(vendor: string, product: string): string {
    const k = productKey(vendor, product);
    return this.map.get(k) ?? k;
  }
  /** The vendor/product an OSV package stands for: an alias, else ecosystem as vendor, name as product. */
  osvPackage(ecosystem: string, name: string): { vendor: string; product: string } {
    const to = this.map.get(`osv:${ecosystem.toLowerCase().trim()}/${name.toLowerCase().trim()}`);
    if (to) {
      const [vendor = '', ...p] = to.split('/');
      return { vendor, product: p.join('/') };
    }
    return { vendor: ecosystem.replace(/:.*$/, ''), product: name };
  }
}

/** Parses PVA_VULN_PRODUCT_ALIASES; throws with a message naming the bad entry. */
export function parseAliases(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of (text ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([^=]+\/[^=]+)=([^=/]+\/[^=]+)$/.exec(entry);
    if (!m) throw new Error(`"${entry}" is not from=vendor/product`);
    out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}
