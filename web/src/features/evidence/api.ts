import type { paths as Mgmt } from '../../api/mgmt.d.ts';
import type { paths as Portal } from '../../api/portal.d.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The same schema on both listeners (src/modules/evidence/schema.ts). */
export type EvidenceRequest = Json<Portal['/api/v1/evidence-requests']['get']['responses'][200]>[number];
export type Checkpoint = Json<Mgmt['/api/v1/audit/checkpoints']['get']['responses'][200]>[number];
export type NewEvidenceRequest = NonNullable<
  Portal['/api/v1/evidence-requests']['post']['requestBody']
>['content']['application/json'];

export const bundleUrl = (id: string): string => `/api/v1/evidence-requests/${id}/bundle`;
