import type { AppRoute } from '../../app/routes.tsx';

/** Portal screens of evidence. */
export const evidencePortalRoutes: AppRoute[] = [];

/** Console screens of evidence. */
export const evidenceMgmtRoutes: AppRoute[] = [];
