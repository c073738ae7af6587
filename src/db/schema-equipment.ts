import type { ColumnType, Generated } from 'kysely';

/** Kysely types of equipment: inventory, secure disposal and the supplier register (migration 0020). */

/** A date column read as text (`x::text`): drivers would turn it into a Date at local midnight. */
type DateCol = ColumnType<string, string, string>;
type NullableDateCol = ColumnType<string | null, string | null | undefined, string | null>;

/** 'active' is the stored value of "in service" (other modules rely on it). */
export type LifecycleStatus =
  'planned' | 'active' | 'maintenance' | 'decommissioning' | 'reused' | 'disposed';
export type ComponentKind = 'storage' | 'linecard' | 'supervisor' | 'psu' | 'optic' | 'other';
export type SupplierCategory = 'data_centre' | 'equipment' | 'service';
export type RiskRating = 'low' | 'medium' | 'high' | 'critical';
export type DisposalOutcome = 'dispose' | 'reuse';
export type DisposalMethod = 'crypto_erase' | 'overwrite' | 'physical_destruction';
export type DisposalStatus = 'open' | 'completed' | 'cancelled';
export type EvidenceKind = 'certificate' | 'wipe_log' | 'other';

export interface DeviceInventoryTable {
  device_id: string;
  rack: Generated<string>;
  position: Generated<string>;
  owner_staff_id: string | null;
  owner_team: Generated<string>;
  notes: Generated<string>;
  updated_at: Generated<Date>;
}

export interface DeviceComponentTable {
  id: Generated<string>;
  device_id: string | null;
  kind: ComponentKind;
  stores_data: Generated<boolean>;
  vendor: string;
  model: string;
  serial: string;
  firmware_version: Generated<string>;
  status: Generated<LifecycleStatus>;
  pop_id: string | null;
  rack: Generated<string>;
  position: Generated<string>;
  owner_staff_id: string | null;
  owner_team: Generated<string>;
  notes: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EquipmentTransitionTable {
  id: Generated<string>;
  device_id: string | null;
  component_id: string | null;
  from_status: string | null;
  to_status: string;
  reason: Generated<string>;
  actor_staff_id: string | null;
  at: Generated<Date>;
}

export interface SupplierTable {
  id: Generated<string>;
  name: string;
  category: SupplierCategory;
  supplies: Generated<string>;
  contact: Generated<string>;
  active: Generated<boolean>;
  overdue_alerted_for: NullableDateCol;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SupplierPopTable {
  supplier_id: string;
  pop_id: string;
}

export interface SupplierDeviceTable {
  supplier_id: string;
  device_id: string;
}

export interface SupplierAssessmentTable {
  id: Generated<string>;
  supplier_id: string;
  assessed_on: DateCol;
  rating: RiskRating;
  next_review_on: DateCol;
  notes: Generated<string>;
  assessed_by: string | null;
  created_at: Generated<Date>;
}

export interface SupplierAgreementTable {
  id: Generated<string>;
  supplier_id: string;
  reference: string;
  start_on: DateCol;
  end_on: NullableDateCol;
  security_clauses: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DisposalTable {
  id: Generated<string>;
  device_id: string | null;
  component_id: string | null;
  outcome: DisposalOutcome;
  method: DisposalMethod;
  supplier_id: string | null;
  status: Generated<DisposalStatus>;
  performer_staff_id: string | null;
  performed_on: NullableDateCol;
  verifier_staff_id: string | null;
  completed_at: Date | null;
  notes: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DisposalComponentTable {
  disposal_id: string;
  component_id: string;
}

export interface DisposalEvidenceTable {
  id: Generated<string>;
  disposal_id: string;
  kind: EvidenceKind;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** pg returns a Buffer, PGlite a Uint8Array */
  content: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: Generated<Date>;
}

/** The view the vulnerability module matches advisories against (read-only). */
export interface InventoryItemView {
  item_kind: 'device' | 'component';
  item_id: string;
  device_id: string | null;
  label: string;
  vendor: string;
  product: string;
  version: string;
  lifecycle_status: LifecycleStatus;
}

export interface EquipmentTables {
  'ops.device_inventory': DeviceInventoryTable;
  'ops.device_component': DeviceComponentTable;
  'ops.equipment_transition': EquipmentTransitionTable;
  'ops.supplier': SupplierTable;
  'ops.supplier_pop': SupplierPopTable;
  'ops.supplier_device': SupplierDeviceTable;
  'ops.supplier_assessment': SupplierAssessmentTable;
  'ops.supplier_agreement': SupplierAgreementTable;
  'ops.disposal': DisposalTable;
  'ops.disposal_component': DisposalComponentTable;
  'ops.disposal_evidence': DisposalEvidenceTable;
  'ops.inventory_item': InventoryItemView;
}
