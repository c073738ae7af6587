import type { ColumnType, Generated } from 'kysely';

/** Kysely types of reachability monitoring (migration 0014). */

export type MonitorState = 'unknown' | 'up' | 'degraded' | 'down';
export type ProbeKind = 'icmp' | 'tcp';
export type MonitorEventKind = 'degraded' | 'down' | 'up' | 'paused' | 'resumed';
type Json<T> = ColumnType<T, string | undefined, string>;

export interface MonitorTable {
  id: Generated<string>;
  tenant_id: string;
  connection_id: string;
  /** inet: the customer-side transfer address */
  target: string | null;
  probe_kind: Generated<ProbeKind>;
  tcp_port: number | null;
  interval_s: Generated<number>;
  state: Generated<MonitorState>;
  state_since: Generated<Date>;
  fail_streak: Generated<number>;
  ok_streak: Generated<number>;
  paused_at: Date | null;
  paused_by_kind: 'customer' | 'staff' | null;
  paused_by: string | null;
  pause_reason: string | null;
  resume_at: Date | null;
  /** claim group (0–15) within its interval: see ops.monitor_slot */
  slot: Generated<number>;
  down_notified: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MonitorRoundTable {
  monitor_id: string;
  at: Date;
  tenant_id: string;
  sent: number;
  received: number;
  loss_pct: number;
  rtt_min_ms: number | null;
  rtt_median_ms: number | null;
  rtt_max_ms: number | null;
  state: MonitorState;
}

export interface MonitorEventTable {
  id: Generated<string>;
  tenant_id: string;
  monitor_id: string;
  at: Generated<Date>;
  kind: MonitorEventKind;
  from_state: MonitorState | null;
  to_state: MonitorState | null;
  detail: Json<Record<string, unknown>>;
  customer_emailed: Generated<boolean>;
  staff_emailed: Generated<boolean>;
}

/** A claim slot of the probe job: the monitors of one interval and slot are probed together. */
export interface MonitorSlotTable {
  interval_s: number;
  slot: number;
  next_due_at: Generated<Date>;
}

export interface MonitoringTables {
  'ops.monitor_slot': MonitorSlotTable;
  'customer.monitor': MonitorTable;
  'customer.monitor_round': MonitorRoundTable;
  'customer.monitor_event': MonitorEventTable;
}
