import { lazy } from 'react';
import type { AppRoute } from './routes.tsx';

// Loaded on first use: the login page and home stay in the first download.
const UsersPage = lazy(() => import('../features/users/UsersPage.tsx'));
const SecurityPage = lazy(() => import('../features/security/SecurityPage.tsx'));
const TokensPage = lazy(() => import('../features/tokens/TokensPage.tsx'));

/** The customer portal's own screens, by permission (src/modules/identity/policy.ts). */
export const portalRoutes: AppRoute[] = [
  {
    path: '/users',
    title: (t) => t.users.title,
    element: <UsersPage />,
    access: 'user',
    permission: 'users.read',
    nav: (t) => t.nav.users,
  },
  {
    path: '/security',
    title: (t) => t.security.title,
    element: <SecurityPage />,
    access: 'user',
    permission: 'security.read',
    nav: (t) => t.nav.security,
  },
  {
    path: '/tokens',
    title: (t) => t.tokens.title,
    element: <TokensPage />,
    access: 'user',
    permission: 'tokens.manage',
    nav: (t) => t.nav.tokens,
  },
];
