import { lazy } from 'react';
import type { AppRoute } from '../../app/routes.tsx';
import { reportsText } from './i18n.ts';

const PortalReportsPage = lazy(() => import('./PortalReportsPage.tsx'));
const ConsoleReportsPage = lazy(() => import('./ConsoleReportsPage.tsx'));
const MailPage = lazy(() => import('./MailPage.tsx'));
const RetentionPage = lazy(() => import('./RetentionPage.tsx'));

/** Portal screens of reports: the customer's event reports. */
export const reportsPortalRoutes: AppRoute[] = [
  {
    path: '/event-reports',
    title: (t) => reportsText[t.app.lang].title,
    element: <PortalReportsPage />,
    access: 'user',
    permission: 'events.report',
    nav: (t) => reportsText[t.app.lang].title,
  },
];

/** Console screens of reports: the queue of event reports, email delivery and retention. */
export const reportsMgmtRoutes: AppRoute[] = [
  {
    path: '/event-reports',
    title: (t) => reportsText[t.app.lang].queueTitle,
    element: <ConsoleReportsPage />,
    access: 'user',
    permission: 'tenants.read',
    nav: (t) => reportsText[t.app.lang].queueTitle,
  },
  {
    path: '/mail',
    title: (t) => reportsText[t.app.lang].mailTitle,
    element: <MailPage />,
    access: 'user',
    permission: 'tenants.read',
    nav: (t) => reportsText[t.app.lang].mailTitle,
  },
  {
    path: '/retention',
    title: (t) => reportsText[t.app.lang].retentionTitle,
    element: <RetentionPage />,
    access: 'user',
    permission: 'tenants.read',
    nav: (t) => reportsText[t.app.lang].retentionTitle,
  },
];
