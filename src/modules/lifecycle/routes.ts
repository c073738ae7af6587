import type { App } from '../../app/types.ts';

/** Contract termination, erasure and erasure certificates (issue 9: CLD.8.1.5). */
export function lifecycleRoutes(_app: App): void {
  // routes land here
}
