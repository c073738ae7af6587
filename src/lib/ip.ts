import ipaddr from 'ipaddr.js';

/** Parses an IPv4/IPv6 address, unwrapping IPv4-mapped IPv6 (::ffff:192.0.2.1). */
function parseAddr(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    const a = ipaddr.parse(ip);
    return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()
      ? (a as ipaddr.IPv6).toIPv4Address()
      : a;
  } catch {
    return null;
  }
}

/** Normalises a CIDR ("192.0.2.0/24", "2001:db8::/32"; a bare address is a /32 or /128), or null when invalid. */
export function normaliseCidr(text: string): string | null {
  const t = text.trim();
  try {
    if (!t.includes('/')) {
      const a = parseAddr(t);
      return a ? `${a.toString()}/${a.kind() === 'ipv4' ? 32 : 128}` : null;
    }
    const [addr, len] = ipaddr.parseCIDR(t);
    const net =
      addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(t) : ipaddr.IPv6.networkAddressFromCIDR(t);
    return `${net.toString()}/${len}`;
  } catch {
    return null;
  }
}

/** True when `ip` lies in one of the CIDRs. An empty list allows every address. */
export function ipAllowed(ip: string, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return true;
  const a = parseAddr(ip);
  if (!a) return false;
  for (const c of cidrs) {
    try {
      const [net, len] = ipaddr.parseCIDR(c);
      if (net.kind() === a.kind() && a.match(net, len)) return true;
    } catch {
      // an unparsable entry matches nothing
    }
  }
  return false;
}
