import type { paths as Mgmt } from '../../api/mgmt.d.ts';
import type { paths as Portal } from '../../api/portal.d.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

export type PortalNotice = Json<Portal['/api/v1/notices']['get']['responses'][200]>[number];
export type PortalNoticeDetail = Json<Portal['/api/v1/notices/{id}']['get']['responses'][200]>;
export type StaffNotice = Json<Mgmt['/api/v1/announcements']['get']['responses'][200]>[number];
export type StaffNoticeDetail = Json<Mgmt['/api/v1/announcements/{id}']['get']['responses'][200]>;
export type Affected = Json<Mgmt['/api/v1/notices/preview']['post']['responses'][200]>;
export type Target = NonNullable<
  Mgmt['/api/v1/notices/preview']['post']['requestBody']
>['content']['application/json']['target'];
export type AnnouncementBody = NonNullable<
  Mgmt['/api/v1/announcements']['post']['requestBody']
>['content']['application/json'];
export type IncidentBody = NonNullable<
  Mgmt['/api/v1/incidents']['post']['requestBody']
>['content']['application/json'];
