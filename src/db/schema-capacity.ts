import type { ColumnType, Generated } from 'kysely';

/** Kysely types of capacity management (migration 0010). */

/** A date column read as text (`month::text`): drivers would turn it into a Date at local midnight. */
type DateCol = ColumnType<string, string, string>;

export type PlanStatus = 'planned' | 'ordered' | 'in_progress' | 'done' | 'cancelled';
export type AlertKind = 'contracted' | 'measured';

export interface PortUtilisationMonthTable {
  port_id: string;
  /** the first day of the month (JST calendar) */
  month: DateCol;
  p95_mbps: number;
  peak_mbps: number;
  samples: number;
  updated_at: Generated<Date>;
}

export interface AugmentationPlanTable {
  id: Generated<string>;
  port_id: string | null;
  device_id: string | null;
  reason: string;
  target_date: DateCol;
  status: Generated<PlanStatus>;
  note: Generated<string>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: Date | null;
}

export interface CapacityAlertTable {
  id: Generated<string>;
  port_id: string;
  kind: AlertKind;
  crossed_at: Generated<Date>;
  cleared_at: Date | null;
  value_mbps: number;
  threshold_mbps: number;
  notified_at: Date | null;
}

/** Each port's contracted total, kept by a trigger on customer.connection (migration 0013). */
export interface PortLoadTable {
  port_id: string;
  /** bigint: a string from pg, a number from PGlite */
  contracted_mbps: ColumnType<string | number, never, never>;
  connections: ColumnType<number, never, never>;
}

export interface CapacityTables {
  'ops.port_load': PortLoadTable;
  'ops.port_utilisation_month': PortUtilisationMonthTable;
  'ops.augmentation_plan': AugmentationPlanTable;
  'ops.capacity_alert': CapacityAlertTable;
}
