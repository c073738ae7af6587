import { lazy } from 'react';
import type { AppRoute } from '../../app/routes.tsx';
import { vulnText } from './i18n.ts';

const VulnerabilitiesPage = lazy(() => import('./VulnerabilitiesPage.tsx'));

/** Portal screens of vulnerabilities: none (provider-side only). */
export const vulnerabilitiesPortalRoutes: AppRoute[] = [];

/** Console screens of vulnerabilities. */
export const vulnerabilitiesMgmtRoutes: AppRoute[] = [
  {
    path: '/vulnerabilities',
    title: (t) => vulnText[t.app.lang].title,
    element: <VulnerabilitiesPage />,
    access: 'user',
    group: 'security',
    permission: 'network.read',
    nav: (t) => vulnText[t.app.lang].title,
  },
];
