import type { App } from '../../app/types.ts';

/** Signed audit checkpoints and evidence bundles on request (issue 8: 16.1.7). */
export function evidenceRoutes(_app: App): void {
  // routes land here
}
