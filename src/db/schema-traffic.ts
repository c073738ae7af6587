import type { ColumnType, Generated } from 'kysely';

/** Kysely types of traffic usage (migration 0015). */

/** bigint / numeric: a string from pg, a number from PGlite; written as either. */
type Big = ColumnType<string | number, string | number | bigint, string | number | bigint>;
type DateCol = ColumnType<string, string, string>;

export interface TrafficCollectorTable {
  device_id: string;
  kind: 'snmp' | 'linux';
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  interval_s: Generated<number>;
  enabled: Generated<boolean>;
  next_due_at: Generated<Date>;
  last_polled_at: Date | null;
  last_error: string | null;
  updated_at: Generated<Date>;
}

export interface TrafficInterfaceTable {
  connection_id: string;
  device_id: string;
  if_name: string;
  namespace: string | null;
  last_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_in: ColumnType<string | number | null, string | null | undefined, string | null>;
  last_out: ColumnType<string | number | null, string | null | undefined, string | null>;
  last_uptime: ColumnType<string | number | null, number | null | undefined, number | null>;
  resets: Generated<number>;
}

export interface TrafficRawTable {
  connection_id: string;
  at: Date;
  seconds: number;
  in_octets: Big;
  out_octets: Big;
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
  'ops.traffic_raw': TrafficRawTable;
  'ops.traffic_5m': TrafficRollupTable;
  'ops.traffic_1h': TrafficRollupTable;
  'ops.traffic_1d': TrafficRollupTable;
  'ops.traffic_month': TrafficMonthTable;
}
