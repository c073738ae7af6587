import type { paths } from '../../api/mgmt.d.ts';

/** The capacity API's types, from the generated OpenAPI types of the management listener. */
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

export type CapPort = Json<paths['/api/v1/capacity/ports']['get']['responses'][200]>[number];
export type CapPortDetail = Json<paths['/api/v1/capacity/ports/{portId}']['get']['responses'][200]>;
export type CapDevice = Json<paths['/api/v1/capacity/devices']['get']['responses'][200]>[number];
export type CapPop = Json<paths['/api/v1/capacity/pops']['get']['responses'][200]>[number];
export type Plan = Json<paths['/api/v1/capacity/plans']['get']['responses'][200]>[number];
export type CapAlert = Json<paths['/api/v1/capacity/alerts']['get']['responses'][200]>[number];
export type PortState = CapPort['state'];
export type PlanStatus = Plan['status'];
export type ForecastStatus = CapPort['forecast']['status'];

export const STATES: PortState[] = ['critical', 'warning', 'watch', 'ok'];
export const PLAN_STATUSES: PlanStatus[] = ['planned', 'ordered', 'in_progress', 'done', 'cancelled'];
/** Ports on which planning an augmentation makes sense. */
export const NEEDS_PLAN: PortState[] = ['watch', 'warning', 'critical'];

/** Mbit/s as an integer with thousands separators, the same in both languages: 1,200. */
export const mbps = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The console address of one port's capacity detail. */
export const portUrl = (id: string): string => `/capacity?port=${encodeURIComponent(id)}`;
