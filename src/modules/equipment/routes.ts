import type { App } from '../../app/types.ts';

/** Equipment inventory, secure disposal and the supplier register (issue 10: 11.2.7, 15.1.2, 15.1.3). */
export function equipmentRoutes(_app: App): void {
  // routes land here
}
