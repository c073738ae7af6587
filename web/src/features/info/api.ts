import type { paths } from '../../api/portal.d.ts';

/** The service-information document; both listeners serve the same one. */
export type ServiceInfo =
  paths['/api/v1/service-info']['get']['responses'][200]['content']['application/json'];
