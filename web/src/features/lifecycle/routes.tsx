import { lazy } from 'react';
import type { AppRoute } from '../../app/routes.tsx';
import { lifecycleText } from './i18n.ts';

const PortalTerminationPage = lazy(() => import('./PortalTerminationPage.tsx'));
const ConsoleTerminationsPage = lazy(() => import('./ConsoleTerminationsPage.tsx'));

/** Portal screens of lifecycle: the customer's termination, its dates and the export reminder. */
export const lifecyclePortalRoutes: AppRoute[] = [
  {
    path: '/termination',
    title: (t) => lifecycleText[t.app.lang].title,
    element: <PortalTerminationPage />,
    access: 'user',
    permission: 'services.read',
    nav: (t) => lifecycleText[t.app.lang].title,
  },
];

/** Console screens of lifecycle: every termination with its erasure countdown and certificate. */
export const lifecycleMgmtRoutes: AppRoute[] = [
  {
    path: '/terminations',
    title: (t) => lifecycleText[t.app.lang].consoleTitle,
    element: <ConsoleTerminationsPage />,
    access: 'user',
    permission: 'tenants.read',
    nav: (t) => lifecycleText[t.app.lang].consoleTitle,
  },
];
