import type { App } from '../../app/types.ts';

/** Announcements and incidents (issue 8: 12.1.2, 16.1.1, 16.1.2). */
export function noticesRoutes(_app: App): void {
  // routes land here
}
