import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the network model (migration 0009). */
type Json<T = unknown> = ColumnType<T, string, string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export type DeviceRole = 'pe' | 'aggregation' | 'management';
/** 'active' means in service; decommissioning → reused | disposed follow the equipment lifecycle (0020). */
export type DeviceStatus = 'planned' | 'active' | 'maintenance' | 'decommissioning' | 'reused' | 'disposed';
export type PortPurpose = 'access' | 'backbone' | 'management';
export type ConnectionStatus = 'planned' | 'active' | 'disabled';

export interface TenantKeyTable {
  tenant_id: string;
  /** pg returns a Buffer, PGlite a Uint8Array; null once destroyed */
  wrapped_key: Uint8Array | null;
  created_at: Generated<Date>;
  destroyed_at: Date | null;
}

export interface PopTable {
  id: Generated<string>;
  code: string;
  name_ja: string;
  name_en: string;
  address: Generated<string>;
  created_at: Generated<Date>;
}

export interface MgmtNetworkTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  created_at: Generated<Date>;
}

export interface PortClassTable {
  code: string;
  name_ja: string;
  name_en: string;
  /** numeric: pg and PGlite return it as a string */
  oversubscription: ColumnType<string, string | number, string | number>;
  threshold_pct: Generated<number>;
}

export interface DeviceTable {
  id: Generated<string>;
  pop_id: string;
  hostname: string;
  role: DeviceRole;
  vendor: string;
  model: string;
  serial: string;
  os_version: string;
  mgmt_network_id: string;
  mgmt_address: string;
  underlay_address: string | null;
  driver: Generated<string>;
  driver_target: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<DeviceStatus>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PortTable {
  id: Generated<string>;
  device_id: string;
  name: string;
  /** bigint: returned as a string by pg, a number by PGlite; cast in SQL where arithmetic matters */
  capacity_mbps: ColumnType<string | number, number, number>;
  class_code: string;
  purpose: Generated<PortPurpose>;
  status: Generated<'active' | 'disabled'>;
  description: Generated<string>;
  created_at: Generated<Date>;
}

export interface LinkTable {
  id: Generated<string>;
  a_port_id: string;
  b_port_id: string;
  description: Generated<string>;
  created_at: Generated<Date>;
}

export interface IsolationIdTable {
  vni: number;
  tenant_id: string | null;
  state: 'allocated' | 'quarantined';
  allocated_at: Generated<Date>;
  quarantine_until: Date | null;
}

export interface TenantPoolTable {
  id: Generated<string>;
  tenant_id: string;
  prefix: string;
  assign_length: number;
  created_at: Generated<Date>;
}

export interface VirtualNetworkTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  vni: number;
  route_distinguisher: string;
  route_target: string;
  namespace: string;
  created_at: Generated<Date>;
}

export interface IpsecSettings {
  peerAddress: string;
  ikeProposals: string[];
  espProposals: string[];
  auth: 'psk' | 'cert';
  localId: string;
  remoteId: string;
  /** the customer's CA certificate (PEM) when auth is cert */
  remoteCaPem?: string;
}

export interface PlacementOverride {
  staffId: string;
  reason: string;
  at: string;
  totalMbps: number;
  limitMbps: number;
}

export interface ConnectionTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string;
  name: string;
  kind: 'ipsec' | 'direct';
  bandwidth_mbps: number;
  status: Generated<ConnectionStatus>;
  created_at: Generated<Date>;
  virtual_network_id: string | null;
  port_id: string | null;
  ipv4_prefix: string | null;
  ipv6_prefix: string | null;
  /** cidr[]: write as a Postgres array literal or through sql`` */
  customer_subnets: ColumnType<string[], string[] | undefined, string[]>;
  ipsec: NullableJson<IpsecSettings>;
  psk_sealed: Uint8Array | null;
  handoff_id: number | null;
  placement_override: NullableJson<PlacementOverride>;
  updated_at: Generated<Date>;
}

export interface NetworkTables {
  'ops.tenant_key': TenantKeyTable;
  'ops.pop': PopTable;
  'ops.mgmt_network': MgmtNetworkTable;
  'ops.port_class': PortClassTable;
  'ops.device': DeviceTable;
  'ops.port': PortTable;
  'ops.link': LinkTable;
  'ops.isolation_id': IsolationIdTable;
  'ops.tenant_pool': TenantPoolTable;
  'customer.virtual_network': VirtualNetworkTable;
}

export type { Json };
