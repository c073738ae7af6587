import type { AppRoute } from '../../app/routes.tsx';

/** Portal screens of equipment. */
export const equipmentPortalRoutes: AppRoute[] = [];

/** Console screens of equipment. */
export const equipmentMgmtRoutes: AppRoute[] = [];
