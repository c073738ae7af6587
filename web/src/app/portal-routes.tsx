import { lazy } from 'react';
import { changesText } from '../features/changes/i18n.ts';
import { contractsText } from '../features/contracts/i18n.ts';
import { servicesText } from '../features/services/i18n.ts';
import { documentsText } from '../features/documents/i18n.ts';
import { exportText } from '../features/export/i18n.ts';
import { monitoringText } from '../features/monitoring/i18n.ts';
import { trafficText } from '../features/traffic/i18n.ts';
import type { AppRoute } from './routes.tsx';
import { noticesPortalRoutes } from '../features/notices/routes.tsx';
import { reportsPortalRoutes } from '../features/reports/routes.tsx';
import { evidencePortalRoutes } from '../features/evidence/routes.tsx';
import { lifecyclePortalRoutes } from '../features/lifecycle/routes.tsx';
import { equipmentPortalRoutes } from '../features/equipment/routes.tsx';
import { vulnerabilitiesPortalRoutes } from '../features/vulnerabilities/routes.tsx';
import { compliancePortalRoutes } from '../features/compliance/routes.tsx';

// Loaded on first use: the login page and home stay in the first download.
const ServicesPage = lazy(() => import('../features/services/ServicesPage.tsx'));
const ContractsPage = lazy(() => import('../features/contracts/ContractsPage.tsx'));
const DocumentsPage = lazy(() => import('../features/documents/DocumentsPage.tsx'));
const UsersPage = lazy(() => import('../features/users/UsersPage.tsx'));
const SecurityPage = lazy(() => import('../features/security/SecurityPage.tsx'));
const TokensPage = lazy(() => import('../features/tokens/TokensPage.tsx'));
const ExportPage = lazy(() => import('../features/export/ExportPage.tsx'));
const PortalChangesPage = lazy(() => import('../features/changes/PortalChangesPage.tsx'));
const PortalNetworksPage = lazy(() => import('../features/vnets/PortalNetworksPage.tsx'));
const PortalMonitoringPage = lazy(() => import('../features/monitoring/PortalMonitoringPage.tsx'));
const PortalTrafficPage = lazy(() => import('../features/traffic/PortalTrafficPage.tsx'));

/** The customer portal's own screens, by permission (src/modules/identity/policy.ts). */
export const portalRoutes: AppRoute[] = [
  {
    path: '/services',
    title: (t) => servicesText[t.app.lang].title,
    element: <ServicesPage />,
    access: 'user',
    permission: 'services.read',
    nav: (t) => servicesText[t.app.lang].title,
  },
  {
    path: '/networks',
    title: (t) => (t.app.lang === 'ja' ? '仮想ネットワークと接続' : 'Networks and connections'),
    element: <PortalNetworksPage />,
    access: 'user',
    permission: 'services.read',
    nav: (t) => (t.app.lang === 'ja' ? '仮想ネットワークと接続' : 'Networks and connections'),
  },
  {
    path: '/monitoring',
    title: (t) => monitoringText[t.app.lang].title,
    element: <PortalMonitoringPage />,
    access: 'user',
    permission: 'services.read',
    nav: (t) => monitoringText[t.app.lang].title,
  },
  {
    path: '/traffic',
    title: (t) => trafficText[t.app.lang].title,
    element: <PortalTrafficPage />,
    access: 'user',
    permission: 'services.read',
    nav: (t) => trafficText[t.app.lang].title,
  },
  {
    path: '/contracts',
    title: (t) => contractsText[t.app.lang].title,
    element: <ContractsPage />,
    access: 'user',
    permission: 'services.read',
    nav: (t) => contractsText[t.app.lang].title,
  },
  {
    path: '/documents',
    title: (t) => documentsText[t.app.lang].title,
    element: <DocumentsPage />,
    access: 'user',
    permission: 'services.read',
    nav: (t) => documentsText[t.app.lang].title,
  },
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
  {
    path: '/changes',
    title: (t) => changesText[t.app.lang].title,
    element: <PortalChangesPage />,
    access: 'user',
    permission: 'services.read',
    nav: (t) => changesText[t.app.lang].title,
  },
  {
    path: '/export',
    title: (t) => exportText[t.app.lang].title,
    element: <ExportPage />,
    access: 'user',
    permission: 'settings.export',
    nav: (t) => exportText[t.app.lang].title,
  },
  ...noticesPortalRoutes,
  ...reportsPortalRoutes,
  ...evidencePortalRoutes,
  ...lifecyclePortalRoutes,
  ...equipmentPortalRoutes,
  ...vulnerabilitiesPortalRoutes,
  ...compliancePortalRoutes,
];
