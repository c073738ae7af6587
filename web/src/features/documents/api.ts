import type { paths as MgmtPaths } from '../../api/mgmt.d.ts';
import type { paths as PortalPaths } from '../../api/portal.d.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** A (service type, kind) with its version in force, earlier and upcoming versions (portal). */
export type DocumentGroup = Json<PortalPaths['/api/v1/documents']['get']['responses'][200]>[number];
export type PortalDocument = NonNullable<DocumentGroup['current']>;
/** A document as the management console lists it (with its publisher). */
export type ManagedDocument = Json<MgmtPaths['/api/v1/documents']['get']['responses'][200]>[number];
export type PublishBody = NonNullable<
  MgmtPaths['/api/v1/documents']['post']['requestBody']
>['content']['application/json'];
