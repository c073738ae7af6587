import type { AppRoute } from '../../app/routes.tsx';

/** Portal screens of vulnerabilities. */
export const vulnerabilitiesPortalRoutes: AppRoute[] = [];

/** Console screens of vulnerabilities. */
export const vulnerabilitiesMgmtRoutes: AppRoute[] = [];
