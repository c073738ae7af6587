import type { App } from '../../app/types.ts';
import { mgmtNoticesRoutes } from './mgmt-routes.ts';
import { portalNoticesRoutes } from './portal-routes.ts';

/**
 * Announcements and incidents (issue 8: 12.1.2, 16.1.1, 16.1.2). Management: staff write,
 * preview, publish and follow them. Portal: customers read, acknowledge, and subscribe to the
 * maintenance calendar. See docs/notices.md.
 */
export function noticesRoutes(app: App): void {
  if (app.pva.plane === 'portal') portalNoticesRoutes(app);
  else mgmtNoticesRoutes(app);
}
