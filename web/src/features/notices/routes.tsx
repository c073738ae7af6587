import { lazy } from 'react';
import type { AppRoute } from '../../app/routes.tsx';
import { noticesText } from './i18n.ts';
import { UnreadBadge } from './UnreadBadge.tsx';

const PortalNoticesPage = lazy(() => import('./PortalNoticesPage.tsx'));
const ConsoleAnnouncementsPage = lazy(() => import('./ConsoleAnnouncementsPage.tsx'));
const ConsoleIncidentsPage = lazy(() => import('./ConsoleIncidentsPage.tsx'));

/** Portal screens of notices. */
export const noticesPortalRoutes: AppRoute[] = [
  {
    path: '/notices',
    title: (t) => noticesText[t.app.lang].title,
    element: <PortalNoticesPage />,
    access: 'user',
    permission: 'services.read',
    nav: (t) => noticesText[t.app.lang].title,
    navExtra: <UnreadBadge />,
  },
];

/** Console screens of notices. */
export const noticesMgmtRoutes: AppRoute[] = [
  {
    path: '/announcements',
    title: (t) => noticesText[t.app.lang].announcementsTitle,
    element: <ConsoleAnnouncementsPage />,
    access: 'user',
    permission: 'tenants.read',
    nav: (t) => noticesText[t.app.lang].announcementsTitle,
  },
  {
    path: '/incidents',
    title: (t) => noticesText[t.app.lang].incidentsTitle,
    element: <ConsoleIncidentsPage />,
    access: 'user',
    permission: 'tenants.read',
    nav: (t) => noticesText[t.app.lang].incidentsTitle,
  },
];
