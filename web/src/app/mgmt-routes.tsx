import { lazy } from 'react';
import type { AppRoute } from './routes.tsx';

const TenantsPage = lazy(() => import('../features/tenants/TenantsPage.tsx'));
const StaffPage = lazy(() => import('../features/staff/StaffPage.tsx'));

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
];
