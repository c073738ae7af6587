import { lazy, type ReactNode } from 'react';
import { ForgotPasswordPage } from '../features/identity/ForgotPasswordPage.tsx';
import { InvitePage, ResetPasswordPage } from '../features/identity/LinkPasswordPage.tsx';
import { LoginPage } from '../features/identity/LoginPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { ServiceInfoPage } from '../features/info/ServiceInfoPage.tsx';
import type { Dict } from '../i18n/index.tsx';

export interface AppRoute {
  path: string;
  title: (t: Dict) => string;
  element: ReactNode;
  /**
   * 'public': anyone (in the app frame when signed in); 'guest': the login and link pages, always
   * without the app frame; 'user': a full session is required.
   */
  access: 'public' | 'guest' | 'user';
  /** Shown (and in the menu) only with this permission; the server enforces it anyway. */
  permission?: string;
  /** The label of its entry in the app menu. */
  nav?: (t: Dict) => string;
  /** Shown beside the menu entry (e.g. a count of unread notices). */
  navExtra?: ReactNode;
}

// Screens behind login that not every visit needs: loaded on first use.
const AccountPage = lazy(() => import('../features/account/AccountPage.tsx'));

/** Home, the plane's own screens, then the account, service information and the public pages. */
export function buildRoutes(planeRoutes: AppRoute[]): AppRoute[] {
  return [
    { path: '/', title: (t) => t.home.title, element: <HomePage />, access: 'user', nav: (t) => t.nav.home },
    ...planeRoutes,
    {
      path: '/account',
      title: (t) => t.account.title,
      element: <AccountPage />,
      access: 'user',
      nav: (t) => t.nav.account,
    },
    {
      path: '/service-info',
      title: (t) => t.info.title,
      element: <ServiceInfoPage />,
      access: 'public',
      nav: (t) => t.nav.serviceInfo,
    },
    { path: '/login', title: (t) => t.login.title, element: <LoginPage />, access: 'guest' },
    {
      path: '/forgot-password',
      title: (t) => t.reset.forgotTitle,
      element: <ForgotPasswordPage />,
      access: 'guest',
    },
    // The path of the emailed reset link (src/modules/identity/links.ts), and a short alias.
    {
      path: '/reset-password',
      title: (t) => t.reset.resetTitle,
      element: <ResetPasswordPage />,
      access: 'guest',
    },
    { path: '/reset', title: (t) => t.reset.resetTitle, element: <ResetPasswordPage />, access: 'guest' },
    { path: '/invite', title: (t) => t.reset.inviteTitle, element: <InvitePage />, access: 'guest' },
  ];
}

export function matchRoute(routes: AppRoute[], path: string): AppRoute | undefined {
  const p = path.replace(/\/+$/, '') || '/';
  return routes.find((r) => r.path === p);
}
