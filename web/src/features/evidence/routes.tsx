import { lazy } from 'react';
import type { AppRoute } from '../../app/routes.tsx';
import { evidenceText } from './i18n.ts';

const PortalEvidencePage = lazy(() => import('./PortalEvidencePage.tsx'));
const ConsoleEvidencePage = lazy(() => import('./ConsoleEvidencePage.tsx'));

/** Portal screens of evidence: customer administrators request and download bundles. */
export const evidencePortalRoutes: AppRoute[] = [
  {
    path: '/evidence',
    title: (t) => evidenceText[t.app.lang].title,
    element: <PortalEvidencePage />,
    access: 'user',
    permission: 'evidence.request',
    nav: (t) => evidenceText[t.app.lang].title,
  },
];

/** Console screens of evidence: security staff approve requests; signed audit checkpoints. */
export const evidenceMgmtRoutes: AppRoute[] = [
  {
    path: '/evidence',
    title: (t) => evidenceText[t.app.lang].consoleTitle,
    element: <ConsoleEvidencePage />,
    access: 'user',
    permission: 'evidence.manage',
    nav: (t) => evidenceText[t.app.lang].consoleTitle,
  },
];
