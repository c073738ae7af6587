import type { paths } from '../../api/mgmt.d.ts';

/** The physical network's API types, from the generated OpenAPI types of the management listener. */
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

export type Pop = Json<paths['/api/v1/network/pops']['get']['responses'][200]>[number];
export type MgmtNetwork = Json<paths['/api/v1/network/mgmt-networks']['get']['responses'][200]>[number];
export type PortClass = Json<paths['/api/v1/network/port-classes']['get']['responses'][200]>[number];
export type Device = Json<paths['/api/v1/network/devices']['get']['responses'][200]>[number];
export type DeviceDetail = Json<paths['/api/v1/network/devices/{id}']['get']['responses'][200]>;
export type Port = DeviceDetail['ports'][number];
export type Link = Json<paths['/api/v1/network/links']['get']['responses'][200]>[number];
export type Topology = Json<paths['/api/v1/network/topology']['get']['responses'][200]>;
export type TrafficCollector = Json<
  paths['/api/v1/devices/{id}/traffic-collector']['get']['responses'][200]
>['collector'];
export type TrafficCollectorBody = NonNullable<
  paths['/api/v1/devices/{id}/traffic-collector']['put']['requestBody']
>['content']['application/json'];
export type DeviceRole = Device['role'];
export type DeviceStatus = Device['status'];
export type PortPurpose = Port['purpose'];

export const ROLES: DeviceRole[] = ['pe', 'aggregation', 'management'];
export const DEVICE_STATUSES: DeviceStatus[] = [
  'planned',
  'active',
  'maintenance',
  'decommissioning',
  'reused',
  'disposed',
];
export const PURPOSES: PortPurpose[] = ['access', 'backbone', 'management'];
export const AUTH_PROTOCOLS: NonNullable<TrafficCollectorBody['authProtocol']>[] = [
  'sha',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'md5',
  'none',
];
export const PRIV_PROTOCOLS: NonNullable<TrafficCollectorBody['privProtocol']>[] = [
  'aes',
  'aes256b',
  'aes256r',
  'des',
  'none',
];
