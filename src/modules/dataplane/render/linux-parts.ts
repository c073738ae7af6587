import type { ConnectionModel, VnetModel } from '../model.ts';
import { familyOf, hostPrefix, transfer, uniqueSorted, type Family } from './addr.ts';
import { pref5 } from './state.ts';

/**
 * The building blocks of the Linux rendering: interface names, link addresses and table numbers,
 * the sysctls per kind of namespace, and each connection checked and reduced to what the
 * namespaces need (render/linux.ts puts them together).
 */

export const TENANT_PEER_IF = 'core0';
export const CORE_VETH_V4 = '169.254.0.1';
export const TENANT_VETH_V4 = '169.254.0.2';
export const CORE_VETH_V6 = 'fe80::1';
export const TENANT_VETH_V6 = 'fe80::2';
/** table of traffic arriving from a tenant's sites (towards its namespace): base + VNI */
export const UP_TABLE_BASE = 0x1000000;
export const tenantVeth = (vni: number): string => `t${vni}`;
export const vxlanIf = (handoff: number): string => `vx${handoff}`;
export const IPSEC_IF = 'ipsec0';

export class RenderError extends Error {}

export const CORE_SYSCTL = [
  'net.ipv4.ip_forward = 1',
  'net.ipv6.conf.all.forwarding = 1',
  'net.ipv4.conf.all.rp_filter = 0',
  'net.ipv4.conf.default.rp_filter = 0',
  'net.ipv4.conf.all.send_redirects = 0',
  'net.ipv4.conf.default.send_redirects = 0',
  'net.ipv4.conf.all.accept_redirects = 0',
  'net.ipv6.conf.all.accept_redirects = 0',
];
// ARP requests from a tenant namespace carry its veth address (not a transfer address on lo), so
// the core namespace's rule below can answer them
export const TENANT_SYSCTL = [...CORE_SYSCTL, 'net.ipv4.conf.all.arp_announce = 2'];
export const MGMT_SYSCTL = [
  'net.ipv4.ip_forward = 0',
  'net.ipv6.conf.all.forwarding = 0',
  'net.ipv4.conf.all.accept_redirects = 0',
  'net.ipv6.conf.all.accept_redirects = 0',
];
/** The sysctl lines each kind of namespace gets (and that the driver reads back). */
export const SYSCTL_SETS = { core: CORE_SYSCTL, tenant: TENANT_SYSCTL, mgmt: MGMT_SYSCTL } as const;

/** The kernel's default rules of a fresh namespace, as rule lines. */
export const defaultRules = (): string[] => [
  `ipv4 ${pref5(0)} lookup local`,
  `ipv4 ${pref5(32766)} lookup main`,
  `ipv4 ${pref5(32767)} lookup default`,
  `ipv6 ${pref5(0)} lookup local`,
  `ipv6 ${pref5(32766)} lookup main`,
];

export const famName = (f: Family): string => (f === 4 ? 'ipv4' : 'ipv6');
export const tcProto = (f: Family): string => (f === 4 ? 'ip' : 'ipv6');

/** What one connection contributes, once checked; null with a warning when it cannot be rendered yet. */
export interface Placed {
  conn: ConnectionModel;
  vn: VnetModel;
  minor: number;
  /** PE-side transfer addresses by family */
  pe: Map<Family, string>;
  /** the customer's transfer addresses (host prefixes) and subnets */
  customerSide: string[];
  transfers: string[];
  families: Family[];
}

export function place(
  conn: ConnectionModel,
  vn: VnetModel,
  minor: number,
  warnings: string[],
  underlay: string | null,
): Placed | null {
  const skip = (why: string) => {
    warnings.push(`connection ${conn.id} (${conn.name}): not rendered: ${why}`);
    return null;
  };
  const transfers = [conn.ipv4Prefix, conn.ipv6Prefix].filter((x): x is string => !!x);
  if (!transfers.length) return skip('no transfer prefix assigned yet');
  const pe = new Map<Family, string>();
  const customerSide: string[] = [];
  for (const t of transfers) {
    const x = transfer(t);
    pe.set(familyOf(t), x.pe);
    customerSide.push(hostPrefix(x.customer));
  }
  customerSide.push(...conn.customerSubnets);
  if (conn.kind === 'ipsec') {
    if (!underlay) return skip('the device has no underlay address');
    if (!conn.ipsec) return skip('no IPsec settings');
    if (conn.ipsec.auth === 'psk' && conn.psk === null)
      return skip(`the pre-shared key is not available (${conn.pskProblem ?? 'none stored'})`);
  } else if (conn.handoffId === null) return skip('no handoff id');
  const families = uniqueSorted(customerSide.map((p) => String(familyOf(p)))).map(Number) as Family[];
  return { conn, vn, minor, pe, customerSide: uniqueSorted(customerSide), transfers, families };
}

/** Refuses what one shared core namespace cannot keep apart (overlapping sources of IPsec sites). */
export function checkOverlaps(placed: readonly Placed[]): void {
  const owners = new Map<string, Placed>();
  for (const p of placed) {
    if (p.conn.kind !== 'ipsec') continue;
    for (const prefix of p.customerSide) {
      const other = owners.get(prefix);
      if (other && other.vn.id !== p.vn.id)
        throw new RenderError(
          `customer prefix ${prefix} of connection ${p.conn.id} (tenant ${p.vn.tenantCode}) is also used by connection ${other.conn.id} (tenant ${other.vn.tenantCode}) on this PE: IPsec sites of different tenants on one PE need distinct prefixes`,
        );
      owners.set(prefix, p);
    }
  }
}
