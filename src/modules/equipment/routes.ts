import type { App } from '../../app/types.ts';
import { disposalRoutes } from './disposal-routes.ts';
import { inventoryRoutes } from './inventory-routes.ts';
import { supplierRoutes } from './supplier-routes.ts';

/**
 * Equipment inventory, secure disposal and the supplier register (issue 10: 11.2.7, 15.1.2,
 * 15.1.3). Provider data: the management listener only, never the portal.
 */
export function equipmentRoutes(app: App): void {
  if (app.pva.plane !== 'mgmt') return;
  inventoryRoutes(app);
  disposalRoutes(app);
  supplierRoutes(app);
}
