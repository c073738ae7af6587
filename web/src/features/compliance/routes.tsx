import { lazy } from 'react';
import type { AppRoute } from '../../app/routes.tsx';
import { complianceText } from './i18n.ts';

const PortalStatementPage = lazy(() => import('./PortalStatementPage.tsx'));
const ConsoleCompliancePage = lazy(() => import('./ConsoleCompliancePage.tsx'));

/** Portal: the ISO/IEC 27017 statement with live evidence, for every signed-in customer user. */
export const compliancePortalRoutes: AppRoute[] = [
  {
    path: '/compliance',
    title: (t) => complianceText[t.app.lang].statementTitle,
    element: <PortalStatementPage />,
    access: 'user',
    nav: (t) => complianceText[t.app.lang].statementTitle,
  },
];

/** Console: the compliance centre (checks, history, statement and policy editors, export). */
export const complianceMgmtRoutes: AppRoute[] = [
  {
    path: '/compliance',
    title: (t) => complianceText[t.app.lang].consoleTitle,
    element: <ConsoleCompliancePage />,
    access: 'user',
    group: 'security',
    permission: 'compliance.read',
    nav: (t) => complianceText[t.app.lang].consoleTitle,
  },
];
