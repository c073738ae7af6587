import type { App } from '../../app/types.ts';

/** Customer event reports, mail delivery state and records retention (issue 8: 16.1.2, 18.1.3). */
export function reportsRoutes(_app: App): void {
  // routes land here
}
