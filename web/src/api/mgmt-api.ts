import type { paths } from './mgmt.d.ts';
import { createApi } from './client.ts';

/** The management console's own routes (staff, tenants). */
export const mgmtApi = createApi<paths>();

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
export type Staff = Json<paths['/api/v1/staff']['get']['responses'][200]>[number];
export type Tenant = Json<paths['/api/v1/tenants']['get']['responses'][200]>[number];
