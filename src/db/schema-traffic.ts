import type { ColumnType, Generated } from 'kysely';

/** Kysely types of traffic usage (migrations 0015, 0023, 0030). */

/** bigint / numeric: a string from pg, a number from PGlite; written as either. */
type Big = ColumnType<string | number, string | number | bigint, string | number | bigint>;
type DateCol = ColumnType<string, string, string>;
/** a nullable bigint, not written unless given */
type BigOrNull = ColumnType<
  string | number | null,
  string | number | bigint | null | undefined,
  string | number | bigint | null
>;

export interface TrafficCollectorTable {
  device_id: string;
  kind: 'snmp' | 'linux';
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  interval_s: Generated<number>;
  enabled: Generated<boolean>;
  next_due_at: Generated<Date>;
  last_polled_at: Date | null;
  last_error: string | null;
  /** host:pid of the worker process that polled last */
  last_polled_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** SNMP community / v3 keys, sealed (src/modules/traffic/secrets.ts) */
  secrets_sealed: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  updated_at: Generated<Date>;
}

export interface TrafficInterfaceTable {
  connection_id: string;
  device_id: string;
  if_name: string;
  namespace: string | null;
  resets: Generated<number>;
  /** a sample that ended no interval, or (no counters) "count afresh from here": migration 0030 */
  mark_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** 64-bit counters as their two's-complement bigint */
  mark_in: BigOrNull;
  mark_out: BigOrNull;
  mark_uptime: BigOrNull;
}

/** A device's write token: see migration 0030. */
export interface TrafficDeviceStateTable {
  device_id: string;
  token: Generated<string>;
  /** the interval starts of the device's last write */
  starts: Generated<Date[]>;
  updated_at: Generated<Date>;
}

export interface TrafficDirtyTable {
  level: '5m' | '1h' | '1d';
  bucket: Date;
  marked_at: Generated<Date>;
}

export interface TrafficRawTable {
  connection_id: string;
  at: Date;
  seconds: number;
  in_octets: Big;
  out_octets: Big;
  /** the counters the interval ended on (two's-complement bigint; null before migration 0030) */
  in_counter: BigOrNull;
  out_counter: BigOrNull;
  uptime: BigOrNull;
}

export interface TrafficRollupTable {
  connection_id: string;
  at: Date;
  seconds: number;
  in_octets: Big;
  out_octets: Big;
  in_max_bps: number;
  out_max_bps: number;
}

export interface TrafficMonthTable {
  connection_id: string;
  month: DateCol;
  in_p95_bps: number;
  out_p95_bps: number;
  p95_bps: number;
  peak_bps: number;
  samples: number;
  updated_at: Generated<Date>;
}

export interface TrafficTables {
  'ops.traffic_collector': TrafficCollectorTable;
  'ops.traffic_interface': TrafficInterfaceTable;
  'ops.traffic_device_state': TrafficDeviceStateTable;
  'ops.traffic_raw': TrafficRawTable;
  'ops.traffic_dirty': TrafficDirtyTable;
  'ops.traffic_5m': TrafficRollupTable;
  'ops.traffic_1h': TrafficRollupTable;
  'ops.traffic_1d': TrafficRollupTable;
  'ops.traffic_month': TrafficMonthTable;
}
