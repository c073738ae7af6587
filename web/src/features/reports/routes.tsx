import type { AppRoute } from '../../app/routes.tsx';

/** Portal screens of reports. */
export const reportsPortalRoutes: AppRoute[] = [];

/** Console screens of reports. */
export const reportsMgmtRoutes: AppRoute[] = [];
