import type { AppRoute } from '../../app/routes.tsx';

/** Portal screens of notices. */
export const noticesPortalRoutes: AppRoute[] = [];

/** Console screens of notices. */
export const noticesMgmtRoutes: AppRoute[] = [];
