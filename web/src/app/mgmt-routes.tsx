import { lazy } from 'react';
import { changesText } from '../features/changes/i18n.ts';
import { documentsText } from '../features/documents/i18n.ts';
import type { AppRoute } from './routes.tsx';

const TenantsPage = lazy(() => import('../features/tenants/TenantsPage.tsx'));
const StaffPage = lazy(() => import('../features/staff/StaffPage.tsx'));
const DocumentsAdminPage = lazy(() => import('../features/documents/DocumentsAdminPage.tsx'));
const ConsoleChangesPage = lazy(() => import('../features/changes/ConsoleChangesPage.tsx'));

/** The management console's own screens, by permission (src/modules/identity/policy.ts). */
export const mgmtRoutes: AppRoute[] = [
  {
    path: '/tenants',
    title: (t) => t.tenants.title,
    element: <TenantsPage />,
    access: 'user',
    permission: 'tenants.read',
    nav: (t) => t.nav.tenants,
  },
  {
    path: '/staff',
    title: (t) => t.staff.title,
    element: <StaffPage />,
    access: 'user',
    permission: 'staff.manage',
    nav: (t) => t.nav.staff,
  },
  {
    path: '/documents',
    title: (t) => documentsText[t.app.lang].adminTitle,
    element: <DocumentsAdminPage />,
    access: 'user',
    permission: 'compliance.manage',
    nav: (t) => documentsText[t.app.lang].adminTitle,
  },
  {
    path: '/changes',
    title: (t) => changesText[t.app.lang].title,
    element: <ConsoleChangesPage />,
    access: 'user',
    permission: 'tenants.read',
    nav: (t) => changesText[t.app.lang].title,
  },
];
