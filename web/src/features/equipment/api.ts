import type { paths } from '../../api/mgmt.d.ts';

/** The equipment API's types, from the generated OpenAPI types of the management listener. */
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

export type Item = Json<paths['/api/v1/equipment/inventory']['get']['responses'][200]>[number];
export type ItemDetail = Json<paths['/api/v1/equipment/devices/{deviceId}']['get']['responses'][200]>;
export type Disposal = Json<paths['/api/v1/equipment/disposals']['get']['responses'][200]>[number];
export type Summary = Json<paths['/api/v1/equipment/summary']['get']['responses'][200]>;
export type Supplier = Json<paths['/api/v1/equipment/suppliers']['get']['responses'][200]>[number];
export type SupplierDetail = Json<paths['/api/v1/equipment/suppliers/{supplierId}']['get']['responses'][200]>;
export type StaffRef = Json<paths['/api/v1/equipment/staff']['get']['responses'][200]>[number];
export type LifecycleStatus = Item['status'];
export type ComponentKind = NonNullable<Item['componentKind']>;
export type Method = Disposal['method'];
export type SupplierCategory = Supplier['category'];
export type Rating = NonNullable<Supplier['rating']>;
export type ReviewState = Supplier['reviewState'];

export const STATUSES: LifecycleStatus[] = [
  'planned',
  'active',
  'maintenance',
  'decommissioning',
  'reused',
  'disposed',
];
export const KINDS: ComponentKind[] = ['storage', 'linecard', 'supervisor', 'psu', 'optic', 'other'];
export const METHODS: Method[] = ['crypto_erase', 'overwrite', 'physical_destruction'];
export const CATEGORIES: SupplierCategory[] = ['data_centre', 'equipment', 'service'];
export const RATINGS: Rating[] = ['low', 'medium', 'high', 'critical'];
export const EVIDENCE_TYPES = [
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'image/png',
  'image/jpeg',
];

export const STATUS_COLOR: Record<LifecycleStatus, string> = {
  planned: 'blue',
  active: 'green',
  maintenance: 'orange',
  decommissioning: 'yellow',
  reused: 'teal',
  disposed: 'gray',
};
export const REVIEW_COLOR: Record<ReviewState, string> = {
  ok: 'green',
  due_soon: 'yellow',
  overdue: 'red',
  unassessed: 'gray',
};

/** The console address of one inventory item. */
export const itemUrl = (kind: 'device' | 'component', id: string): string =>
  `/equipment?${kind}=${encodeURIComponent(id)}`;
export const supplierUrl = (id: string): string =>
  `/equipment?tab=suppliers&supplier=${encodeURIComponent(id)}`;
