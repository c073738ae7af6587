import type { App } from '../../app/types.ts';
import { mailRoutes } from './mail-routes.ts';
import { mgmtRoutes } from './mgmt-routes.ts';
import { portalRoutes } from './portal-routes.ts';

/** Customer event reports, mail delivery state and records retention (issue 8: 16.1.2, 18.1.3). */
export function reportsRoutes(app: App): void {
  if (app.pva.plane === 'portal') portalRoutes(app);
  else {
    mgmtRoutes(app);
    mailRoutes(app);
  }
}
