import type { App } from '../../app/types.ts';
import { backupRoutes } from './backup-routes.ts';
import { changeRoutes } from './change-routes.ts';
import { customerConfigRoutes } from './customer-routes.ts';
import { renderRoutes } from './render-routes.ts';

/** Rendering, provider change records, config backups, and the customer's IPsec config download. */
export function dataplaneRoutes(app: App): void {
  if (app.pva.plane === 'portal') {
    customerConfigRoutes(app);
    return;
  }
  renderRoutes(app);
  changeRoutes(app);
  backupRoutes(app);
}
