import type { AppRoute } from '../../app/routes.tsx';

/** Portal screens of lifecycle. */
export const lifecyclePortalRoutes: AppRoute[] = [];

/** Console screens of lifecycle. */
export const lifecycleMgmtRoutes: AppRoute[] = [];
