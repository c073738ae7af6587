import type { ReactNode } from 'react';
import { LoginPage } from '../features/identity/LoginPage.tsx';
import { ServiceInfoPage } from '../features/info/ServiceInfoPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import type { Dict } from '../i18n/index.tsx';

export interface Route {
  title: (t: Dict) => string;
  element: ReactNode;
  /** The navigation entry highlighted on this page. */
  nav?: string;
}

const info: Route = { title: (t) => t.info.title, element: <ServiceInfoPage />, nav: '/service-info' };
const ROUTES: Record<string, Route> = {
  '/': info,
  '/service-info': info,
  '/login': { title: (t) => t.login.title, element: <LoginPage />, nav: '/login' },
};
const notFound: Route = { title: (t) => t.notFound.title, element: <NotFoundPage /> };

export function resolveRoute(path: string): Route {
  return ROUTES[path.replace(/\/+$/, '') || '/'] ?? notFound;
}
