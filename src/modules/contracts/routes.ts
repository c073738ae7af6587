import type { App } from '../../app/types.ts';
import { contractsMgmtRoutes } from './mgmt-routes.ts';
import { contractsPortalRoutes } from './portal-routes.ts';

/** Registered on both listeners; each module adds the routes of the plane it serves. */
export function contractsRoutes(app: App): void {
  if (app.pva.plane === 'mgmt') contractsMgmtRoutes(app);
  else contractsPortalRoutes(app);
}
