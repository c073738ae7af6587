import { notFound } from '../../app/errors.ts';
import type { Config } from '../../config.ts';
import type { IpsecSettings } from '../../db/schema-network.ts';
import { openSecret } from '../tenancy/keys.ts';
import { deviceRow, placedConnections, portRows } from './model-repository.ts';
import { canonicalPrefix, sortText } from './render/addr.ts';

/**
 * The model of one PE device as the renderers see it: the device, its ports, and every tenant
 * virtual network with the connections placed on this device, in a fixed order (virtual networks by
 * VNI, connections by creation time then id, lists sorted). Rendering is a pure function of it.
 */

export interface PortModel {
  id: string;
  name: string;
  purpose: 'access' | 'backbone' | 'management';
  status: 'active' | 'disabled';
}

export interface ConnectionModel {
  id: string;
  name: string;
  kind: 'ipsec' | 'direct';
  status: string;
  bandwidthMbps: number;
  portName: string;
  /** creation time (ISO, UTC): older connections keep their traffic-class ids when new ones come */
  createdAt: string;
  ipv4Prefix: string | null;
  ipv6Prefix: string | null;
  customerSubnets: string[];
  ipsec: IpsecSettings | null;
  /** the PSK in clear text, opened at render time only (null: none, or it could not be opened) */
  psk: string | null;
  /** why the PSK is missing, when the connection has a sealed one */
  pskProblem: string | null;
  handoffId: number | null;
}

export interface VnetModel {
  id: string;
  tenantId: string;
  tenantCode: string;
  name: string;
  vni: number;
  /** the per-device namespace (VRF) name allocated with the VNI, e.g. `vn10001` */
  namespace: string;
  connections: ConnectionModel[];
}

export interface PeModel {
  device: {
    id: string;
    hostname: string;
    role: string;
    status: string;
    driver: string;
    target: Record<string, unknown>;
    mgmtAddress: string;
    /** the management network the address belongs to (its length is the address's prefix length) */
    mgmtPrefix: string;
    underlayAddress: string | null;
  };
  ports: PortModel[];
  networks: VnetModel[];
}

export interface LoadOptions {
  /** opens the PSKs; without it every PSK is left out (psk null, pskProblem 'not opened') */
  config?: Pick<Config, 'masterKeyFile'> | undefined;
}

/** Loads a device's model inside the ambient (provider) transaction; 404 for an unknown device. */
export async function loadPeModel(deviceId: string, opts: LoadOptions = {}): Promise<PeModel> {
  const d = await deviceRow(deviceId);
  if (!d) throw notFound();
  const ports = await portRows(deviceId);
  const rows = await placedConnections(deviceId);
  const networks = new Map<string, VnetModel>();
  for (const r of rows) {
    let vn = networks.get(r.vn_id);
    if (!vn) {
      vn = {
        id: r.vn_id,
        tenantId: r.tenant_id,
        tenantCode: r.tenant_code,
        name: r.vn_name,
        vni: r.vni,
        namespace: r.namespace,
        connections: [],
      };
      networks.set(r.vn_id, vn);
    }
    let psk: string | null = null;
    let pskProblem: string | null = null;
    if (r.kind === 'ipsec' && r.psk_sealed) {
      if (!opts.config) pskProblem = 'not opened';
      else
        try {
          psk = await openSecret(opts.config, r.tenant_id, `psk:${r.id}`, r.psk_sealed);
        } catch (e) {
          pskProblem = e instanceof Error ? e.message : String(e);
        }
    }
    vn.connections.push({
      id: r.id,
      name: r.name,
      kind: r.kind,
      status: r.status,
      bandwidthMbps: Number(r.bandwidth_mbps),
      portName: r.port_name,
      createdAt: r.created_at,
      ipv4Prefix: r.ipv4_prefix ? canonicalPrefix(r.ipv4_prefix) : null,
      ipv6Prefix: r.ipv6_prefix ? canonicalPrefix(r.ipv6_prefix) : null,
      customerSubnets: sortText(r.customer_subnets.map(canonicalPrefix)),
      ipsec: r.ipsec,
      psk,
      pskProblem,
      handoffId: r.handoff_id,
    });
  }
  return {
    device: {
      id: d.id,
      hostname: d.hostname,
      role: d.role,
      status: d.status,
      driver: d.driver,
      target: d.driver_target ?? {},
      mgmtAddress: d.mgmt_address,
      mgmtPrefix: canonicalPrefix(d.mgmt_prefix),
      underlayAddress: d.underlay_address,
    },
    ports: ports.map((p) => ({ id: p.id, name: p.name, purpose: p.purpose, status: p.status })),
    networks: [...networks.values()].sort((a, b) => a.vni - b.vni),
  };
}
