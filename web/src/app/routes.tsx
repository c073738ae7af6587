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
  /**
   * The labelled section of the menu its entry appears in (NAV_GROUPS). A new screen only names
   * its group here; entries without one stay ungrouped (before the sections when listed first,
   * like Home, after them otherwise, like the account).
   */
  group?: NavGroup;
}

export type NavGroup = 'customers' | 'network' | 'operations' | 'security' | 'admin';

const label = (ja: string, en: string) => (t: Dict) => (t.app.lang === 'ja' ? ja : en);

/** The menu's sections, in this order. */
export const NAV_GROUPS: { id: NavGroup; label: (t: Dict) => string }[] = [
  { id: 'customers', label: label('お客さま', 'Customers') },
  { id: 'network', label: label('ネットワーク', 'Network') },
  { id: 'operations', label: label('運用', 'Operations') },
  { id: 'security', label: label('セキュリティとコンプライアンス', 'Security & compliance') },
  { id: 'admin', label: label('管理', 'Administration') },
];

export interface NavSections {
  head: AppRoute[];
  groups: { id: NavGroup; label: (t: Dict) => string; routes: AppRoute[] }[];
  tail: AppRoute[];
}

/** Splits menu entries into the ungrouped head, the non-empty sections in NAV_GROUPS order and the tail. */
export function navSections(menu: AppRoute[]): NavSections {
  const head: AppRoute[] = [];
  const tail: AppRoute[] = [];
  const byGroup = new Map<NavGroup, AppRoute[]>();
  for (const r of menu) {
    if (!r.group) (byGroup.size ? tail : head).push(r);
    else byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  }
  const groups = NAV_GROUPS.filter((g) => byGroup.has(g.id)).map((g) => ({
    ...g,
    routes: byGroup.get(g.id)!,
  }));
  return { head, groups, tail };
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
