import type { App } from '../../app/types.ts';

/** Advisories, matching against the inventory and assessments (issue 10: 12.6.1). */
export function vulnerabilitiesRoutes(_app: App): void {
  // routes land here
}
