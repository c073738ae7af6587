import type { RenderedConfig } from '../driver.ts';
import type { PeModel, VnetModel } from '../model.ts';
import {
  anyPrefix,
  canonicalAddress,
  familyOf,
  hostPrefix,
  transfer,
  uniqueSorted,
  type Family,
} from './addr.ts';
import { allocateMinors, V6_PRIO_OFFSET } from './classes.ts';
import {
  checkOverlaps,
  CORE_SYSCTL,
  CORE_VETH_V4,
  CORE_VETH_V6,
  defaultRules,
  famName,
  IPSEC_IF,
  MGMT_SYSCTL,
  place,
  RenderError,
  TENANT_PEER_IF,
  TENANT_SYSCTL,
  TENANT_VETH_V4,
  TENANT_VETH_V6,
  tcProto,
  tenantVeth,
  UP_TABLE_BASE,
  vxlanIf,
  type Placed,
} from './linux-parts.ts';
import { loadedFile, loadedLine } from './loaded.ts';
import { emptySections, minorHex, nsFile, pref5, serialiseNs, type NsState } from './state.ts';
import {
  CHARON_TABLE,
  CHARON_TABLE_PRIO,
  connName,
  peStrongswanConf,
  peSwanctlConf,
  type PeIpsecConnection,
} from './swanctl.ts';
import { linuxTarget, mgmtNamespace, portInterface, tenantNamespace, type LinuxTarget } from './target.ts';

export { RenderError, SYSCTL_SETS } from './linux-parts.ts';

/**
 * Model → the intended configuration of a Linux PE (pure: the same model gives byte-identical
 * files). Layout, one VRF-equivalent namespace per tenant virtual network:
 *
 *   core (the PE namespace)  ports, underlay address, charon (one per PE, ESP in userspace via
 *                            the TUN `ipsec0`), one veth `t<VNI>` per virtual network
 *   <ns>-vn<VNI>             the tenant's routing table: PE transfer addresses, routes to each
 *                            site, direct connections' VXLAN handoffs
 *   <ns>-mgmt                the management address on the management port, nothing else
 *
 * Decrypted traffic leaves `ipsec0` in the core namespace; policy rules keyed by the source
 * prefixes of each IPsec connection send it into its tenant's veth, and traffic coming back out
 * of a tenant veth is routed in that tenant's own table only (see docs/dataplane.md).
 */

export function renderLinux(model: PeModel): RenderedConfig {
  let t: LinuxTarget;
  try {
    t = linuxTarget(model.device.target);
  } catch (e) {
    throw new RenderError(`driver_target: ${(e as Error).message}`);
  }
  const warnings: string[] = [];
  const underlay = model.device.underlayAddress ? canonicalAddress(model.device.underlayAddress) : null;
  // the loader orders everything; sorting again keeps rendering independent of the input order
  const byVni = [...model.networks].sort((a, b) => a.vni - b.vni);
  const all = byVni.flatMap((vn) => vn.connections.map((conn) => ({ conn, vn })));
  const minors = allocateMinors(all.map((x) => x.conn));
  const placed = all
    .map(({ conn, vn }) => place(conn, vn, minors.get(conn.id)!, warnings, underlay))
    .filter((p): p is Placed => p !== null);
  checkOverlaps(placed);
  const vxNames = new Map<string, string>();
  for (const p of placed.filter((x) => x.conn.kind === 'direct')) {
    const name = vxlanIf(p.conn.handoffId!);
    if (vxNames.has(name))
      throw new RenderError(
        `handoff id ${p.conn.handoffId} is used on two ports of this device (${vxNames.get(name)}, ${p.conn.portName})`,
      );
    vxNames.set(name, p.conn.portName);
  }

  const networks = byVni.filter((vn) => placed.some((p) => p.vn.id === vn.id));
  const core = coreNs(model, t, underlay, networks, placed);
  const mgmt = mgmtNs(model, t, warnings);
  const tenants = networks.map((vn) =>
    tenantNs(
      t,
      vn,
      placed.filter((p) => p.vn.id === vn.id),
    ),
  );

  const ipsec: PeIpsecConnection[] = placed
    .filter((p) => p.conn.kind === 'ipsec')
    .map((p) => ({
      id: p.conn.id,
      underlay: underlay!,
      settings: p.conn.ipsec!,
      psk: p.conn.psk,
      remoteTs: p.customerSide,
      families: p.families,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  const files: Record<string, string> = {
    'inventory.txt': inventory(model, t, networks, placed),
    'ipsec/loaded.txt': loadedFile(ipsec.map(loadedLine)),
    'strongswan.conf': peStrongswanConf(model.device.hostname, t.stateDir),
    'swanctl/swanctl.conf': peSwanctlConf(model.device.hostname, ipsec),
  };
  for (const p of ipsec)
    if (p.settings.auth === 'cert' && p.settings.remoteCaPem)
      files[`swanctl/x509ca/${connName(p.id)}.pem`] = `${p.settings.remoteCaPem.trim()}\n`;
  for (const ns of [core, ...(mgmt ? [mgmt] : []), ...tenants]) files[nsFile(ns.key)] = serialiseNs(ns);
  const out: RenderedConfig = { deviceId: model.device.id, hostname: model.device.hostname, files };
  if (warnings.length) out.warnings = warnings;
  return out;
}

const sortedPorts = (model: PeModel) =>
  [...model.ports].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function coreNs(
  model: PeModel,
  t: LinuxTarget,
  underlay: string | null,
  networks: readonly VnetModel[],
  placed: readonly Placed[],
): NsState {
  const s = emptySections();
  s.sysctl.push(...CORE_SYSCTL);
  s.links.push('lo loopback up', `${IPSEC_IF} tun up`);
  const dataPorts = sortedPorts(model).filter((p) => p.purpose !== 'management');
  for (const p of dataPorts)
    s.links.push(`${portInterface(t, p.name)} port ${p.status === 'active' ? 'up' : 'down'}`);
  if (underlay) {
    const firstAccess = dataPorts.find((p) => p.purpose === 'access');
    const ifname = t.underlayInterface ?? (firstAccess ? portInterface(t, firstAccess.name) : null);
    if (!ifname) throw new RenderError('the device has an underlay address but no access port to carry it');
    const len = t.underlayPrefixLength ?? (familyOf(underlay) === 4 ? 32 : 128);
    s.addresses.push(`${ifname} ${underlay}/${len}`);
    if (t.underlayGateway) {
      const gw = canonicalAddress(t.underlayGateway);
      s.routes.push(`main unicast ${anyPrefix(familyOf(gw))} via ${gw} dev ${ifname}`);
    }
  }
  s.listening.push('udp 0.0.0.0:4500', 'udp 0.0.0.0:500', 'udp [::]:4500', 'udp [::]:500');
  s.rules.push(
    `ipv4 ${pref5(1900)} iif ${IPSEC_IF} prohibit`,
    `ipv6 ${pref5(1900)} iif ${IPSEC_IF} prohibit`,
    `ipv4 ${pref5(32000)} lookup local`,
    `ipv6 ${pref5(32000)} lookup local`,
    // nothing is forwarded between ports: only the tenant rules above move transit traffic
    `ipv4 ${pref5(32050)} not iif lo prohibit`,
    `ipv6 ${pref5(32050)} not iif lo prohibit`,
    `ipv4 ${pref5(CHARON_TABLE_PRIO)} lookup ${CHARON_TABLE}`,
    `ipv6 ${pref5(CHARON_TABLE_PRIO)} lookup ${CHARON_TABLE}`,
    `ipv4 ${pref5(32766)} lookup main`,
    `ipv4 ${pref5(32767)} lookup default`,
    `ipv6 ${pref5(32766)} lookup main`,
  );
  const ipsecConns = placed.filter((p) => p.conn.kind === 'ipsec');
  if (ipsecConns.length) s.tc.push(`${IPSEC_IF} qdisc htb default 0000`);
  for (const vn of networks) {
    const veth = tenantVeth(vn.vni);
    const up = UP_TABLE_BASE + vn.vni;
    s.links.push(`${veth} veth peer=${vn.namespace}/${TENANT_PEER_IF} up`);
    s.addresses.push(`${veth} ${CORE_VETH_V4}/30`, `${veth} ${CORE_VETH_V6}/64`);
    // the tenant namespace's own address may reach the core's (ARP needs the veth address to be
    // local there); a customer cannot send from it: the tenant namespace drops a local source arriving
    s.rules.push(`ipv4 ${pref5(1050)} from ${TENANT_VETH_V4}/32 iif ${veth} lookup local`);
    for (const f of [4, 6] as const) {
      s.rules.push(`${famName(f)} ${pref5(1100)} iif ${veth} lookup ${vn.vni}`);
      s.routes.push(`${vn.vni} unreachable ${anyPrefix(f)}`);
      s.routes.push(
        `${up} unicast ${anyPrefix(f)} via ${f === 4 ? TENANT_VETH_V4 : TENANT_VETH_V6} dev ${veth}`,
      );
    }
    const mine = ipsecConns.filter((p) => p.vn.id === vn.id);
    if (mine.length) s.tc.push(`${veth} qdisc htb default 0000`);
    for (const p of mine) {
      const m = minorHex(p.minor);
      s.tc.push(
        `${IPSEC_IF} class 1:${m} rate ${p.conn.bandwidthMbps}mbit`,
        `${veth} class 1:${m} rate ${p.conn.bandwidthMbps}mbit`,
      );
      for (const prefix of p.customerSide) {
        const f = familyOf(prefix);
        const prio = f === 4 ? p.minor : p.minor + V6_PRIO_OFFSET;
        s.rules.push(`${famName(f)} ${pref5(1000)} from ${prefix} iif ${IPSEC_IF} lookup ${up}`);
        s.routes.push(`${vn.vni} unicast ${prefix} dev ${IPSEC_IF}`);
        s.tc.push(`${IPSEC_IF} filter ${prio} ${tcProto(f)} dst ${prefix} 1:${m}`);
        s.tc.push(`${veth} filter ${prio} ${tcProto(f)} src ${prefix} 1:${m}`);
      }
    }
  }
  return { key: 'core', name: t.namespace, sections: s };
}

/** The management namespace; null (with a warning) for a device without a management port. */
function mgmtNs(model: PeModel, t: LinuxTarget, warnings: string[]): NsState | null {
  const s = emptySections();
  s.sysctl.push(...MGMT_SYSCTL);
  s.rules.push(...defaultRules());
  s.links.push('lo loopback up');
  const port = sortedPorts(model).find((p) => p.purpose === 'management');
  if (!port) {
    warnings.push('the device has no management port: its management address is not configured');
    return null;
  }
  const ifname = portInterface(t, port.name);
  s.links.push(`${ifname} port up`);
  const len = model.device.mgmtPrefix.split('/')[1];
  s.addresses.push(`${ifname} ${canonicalAddress(model.device.mgmtAddress)}/${len}`);
  // no routes: the management address answers only inside its own (connected) network
  s.listening.push(...t.mgmtListen);
  return { key: 'mgmt', name: mgmtNamespace(t), sections: s };
}

function tenantNs(t: LinuxTarget, vn: VnetModel, placed: readonly Placed[]): NsState {
  const s = emptySections();
  s.sysctl.push(...TENANT_SYSCTL);
  s.rules.push(...defaultRules());
  s.links.push('lo loopback up', `${TENANT_PEER_IF} veth peer=core/${tenantVeth(vn.vni)} up`);
  s.addresses.push(`${TENANT_PEER_IF} ${TENANT_VETH_V4}/30`, `${TENANT_PEER_IF} ${TENANT_VETH_V6}/64`);
  const directs = placed.filter((p) => p.conn.kind === 'direct');
  if (directs.length) s.tc.push(`${TENANT_PEER_IF} qdisc htb default 0000`);
  for (const p of placed) {
    const m = minorHex(p.minor);
    const via = (f: Family) => (f === 4 ? CORE_VETH_V4 : CORE_VETH_V6);
    if (p.conn.kind === 'ipsec') {
      for (const addr of p.pe.values()) s.addresses.push(`lo ${hostPrefix(addr)}`);
      for (const prefix of [...p.transfers, ...p.conn.customerSubnets]) {
        const f = familyOf(prefix);
        const src = p.pe.get(f);
        s.routes.push(
          `main unicast ${prefix} via ${via(f)} dev ${TENANT_PEER_IF}${src ? ` src ${src}` : ''}`,
        );
      }
      continue;
    }
    const vx = vxlanIf(p.conn.handoffId!);
    const portIf = portInterface(t, p.conn.portName);
    const remote = t.vxlanRemote[p.conn.portName];
    s.links.push(
      `${vx} vxlan id=${p.conn.handoffId} dev=core/${portIf} dstport=4789${remote ? ` remote=${canonicalAddress(remote)}` : ''} up`,
    );
    for (const tp of p.transfers) s.addresses.push(`${vx} ${transfer(tp).pe}/${transfer(tp).length}`);
    for (const subnet of p.conn.customerSubnets) {
      const f = familyOf(subnet);
      const tp = p.transfers.find((x) => familyOf(x) === f);
      if (!tp) continue;
      s.routes.push(`main unicast ${subnet} via ${transfer(tp).customer} dev ${vx} src ${transfer(tp).pe}`);
    }
    s.tc.push(`${vx} qdisc htb default ${m}`, `${vx} class 1:${m} rate ${p.conn.bandwidthMbps}mbit`);
    s.tc.push(`${TENANT_PEER_IF} class 1:${m} rate ${p.conn.bandwidthMbps}mbit`);
    for (const prefix of uniqueSorted([...p.transfers, ...p.conn.customerSubnets])) {
      const f = familyOf(prefix);
      const prio = f === 4 ? p.minor : p.minor + V6_PRIO_OFFSET;
      s.tc.push(`${TENANT_PEER_IF} filter ${prio} ${tcProto(f)} src ${prefix} 1:${m}`);
    }
  }
  return { key: vn.namespace, name: tenantNamespace(t, vn.namespace), sections: s };
}

/** Who is where on this PE: written to the device with the configuration, read back with it. */
function inventory(
  model: PeModel,
  t: LinuxTarget,
  networks: readonly VnetModel[],
  placed: readonly Placed[],
): string {
  const lines = [`device ${model.device.hostname} namespace ${t.namespace}`];
  for (const vn of networks)
    lines.push(
      `network vni=${vn.vni} namespace=${tenantNamespace(t, vn.namespace)} tenant=${vn.tenantCode} id=${vn.id}`,
    );
  for (const p of [...placed].sort((a, b) => (a.conn.id < b.conn.id ? -1 : 1)))
    lines.push(
      `connection ${p.conn.id} kind=${p.conn.kind} vni=${p.vn.vni} tenant=${p.vn.tenantCode} class=1:${minorHex(p.minor)} rate=${p.conn.bandwidthMbps}mbit port=${p.conn.portName}`,
    );
  return `${lines.join('\n')}\n`;
}
