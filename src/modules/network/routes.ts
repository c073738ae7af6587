import type { App } from '../../app/types.ts';
import { physicalRoutes } from './physical-routes.ts';
import { virtualRoutes } from './virtual-routes.ts';

/** The network model: the physical network (management listener only) and tenant virtual networks. */
export function networkRoutes(app: App): void {
  if (app.pva.plane === 'mgmt') physicalRoutes(app);
  virtualRoutes(app);
}
