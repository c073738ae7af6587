import type { paths } from './portal.d.ts';
import { createApi } from './client.ts';

/** The customer portal's own routes (users, security, API tokens, services). */
export const portalApi = createApi<paths>();

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
export type User = Json<paths['/api/v1/users']['get']['responses'][200]>[number];
export type Service = Json<paths['/api/v1/services']['get']['responses'][200]>[number];
export type ApiToken = Json<paths['/api/v1/tokens']['get']['responses'][200]>[number];
export type SecuritySettings = Json<paths['/api/v1/security/settings']['get']['responses'][200]>;
export type SecurityEvent = Json<paths['/api/v1/security/events']['get']['responses'][200]>['items'][number];
