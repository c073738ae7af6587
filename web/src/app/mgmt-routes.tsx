import { lazy } from 'react';
import { changesText } from '../features/changes/i18n.ts';
import { documentsText } from '../features/documents/i18n.ts';
import type { AppRoute, NavGroup } from './routes.tsx';
import { noticesMgmtRoutes } from '../features/notices/routes.tsx';
import { reportsMgmtRoutes } from '../features/reports/routes.tsx';
import { evidenceMgmtRoutes } from '../features/evidence/routes.tsx';
import { lifecycleMgmtRoutes } from '../features/lifecycle/routes.tsx';
import { equipmentMgmtRoutes } from '../features/equipment/routes.tsx';
import { vulnerabilitiesMgmtRoutes } from '../features/vulnerabilities/routes.tsx';
import { complianceMgmtRoutes } from '../features/compliance/routes.tsx';

const TenantsPage = lazy(() => import('../features/tenants/TenantsPage.tsx'));
const StaffPage = lazy(() => import('../features/staff/StaffPage.tsx'));
const DocumentsAdminPage = lazy(() => import('../features/documents/DocumentsAdminPage.tsx'));
const ConsoleChangesPage = lazy(() => import('../features/changes/ConsoleChangesPage.tsx'));
const NetworkPage = lazy(() => import('../features/network/NetworkPage.tsx'));
const ConsoleVnetsPage = lazy(() => import('../features/vnets/ConsoleVnetsPage.tsx'));
const CapacityPage = lazy(() => import('../features/capacity/CapacityPage.tsx'));
const ConfigChangesPage = lazy(() => import('../features/dataplane/ConfigChangesPage.tsx'));
const BackupsPage = lazy(() => import('../features/dataplane/BackupsPage.tsx'));
const ConsoleMonitoringPage = lazy(() => import('../features/monitoring/ConsoleMonitoringPage.tsx'));
const ConsolePortTrafficPage = lazy(() => import('../features/traffic/ConsolePortTrafficPage.tsx'));
const l = (ja: string, en: string) => (t: { app: { lang: 'ja' | 'en' } }) => (t.app.lang === 'ja' ? ja : en);

/**
 * The menu sections of the feature screens listed below that do not name their group themselves;
 * a new screen can instead set `group` on its own route entry.
 */
const FEATURE_GROUPS: Record<string, NavGroup> = {
  '/announcements': 'operations',
  '/incidents': 'operations',
  '/event-reports': 'security',
  '/mail': 'operations',
  '/retention': 'admin',
  '/evidence': 'security',
  '/terminations': 'customers',
  '/compliance': 'security',
};
const grouped = (routes: AppRoute[]): AppRoute[] =>
  routes.map((r) => (r.group || !FEATURE_GROUPS[r.path] ? r : { ...r, group: FEATURE_GROUPS[r.path] }));

/** The management console's own screens, by permission (src/modules/identity/policy.ts), by menu section. */
export const mgmtRoutes: AppRoute[] = grouped([
  {
    path: '/tenants',
    title: (t) => t.tenants.title,
    element: <TenantsPage />,
    access: 'user',
    group: 'customers',
    permission: 'tenants.read',
    nav: (t) => t.nav.tenants,
  },
  {
    path: '/staff',
    title: (t) => t.staff.title,
    element: <StaffPage />,
    access: 'user',
    group: 'admin',
    permission: 'staff.manage',
    nav: (t) => t.nav.staff,
  },
  {
    path: '/documents',
    title: (t) => documentsText[t.app.lang].adminTitle,
    element: <DocumentsAdminPage />,
    access: 'user',
    group: 'security',
    permission: 'compliance.manage',
    nav: (t) => documentsText[t.app.lang].adminTitle,
  },
  {
    path: '/changes',
    title: (t) => changesText[t.app.lang].title,
    element: <ConsoleChangesPage />,
    access: 'user',
    group: 'customers',
    permission: 'tenants.read',
    nav: (t) => changesText[t.app.lang].title,
  },
  {
    path: '/network',
    title: l('ネットワーク設備', 'Network'),
    element: <NetworkPage />,
    access: 'user',
    group: 'network',
    permission: 'network.read',
    nav: l('ネットワーク設備', 'Network'),
  },
  {
    path: '/vnets',
    title: l('仮想ネットワークと接続', 'Virtual networks'),
    element: <ConsoleVnetsPage />,
    access: 'user',
    group: 'network',
    permission: 'network.read',
    nav: l('仮想ネットワークと接続', 'Virtual networks'),
  },
  {
    path: '/capacity',
    title: l('容量管理', 'Capacity'),
    element: <CapacityPage />,
    access: 'user',
    group: 'network',
    permission: 'network.read',
    nav: l('容量管理', 'Capacity'),
  },
  {
    path: '/port-traffic',
    title: l('ポートのトラフィック', 'Port traffic'),
    element: <ConsolePortTrafficPage />,
    access: 'user',
    group: 'network',
    permission: 'network.read',
  },
  {
    path: '/monitoring',
    title: l('疎通監視', 'Monitoring'),
    element: <ConsoleMonitoringPage />,
    access: 'user',
    group: 'network',
    permission: 'network.read',
    nav: l('疎通監視', 'Monitoring'),
  },
  {
    path: '/config-changes',
    title: l('設定変更', 'Configuration changes'),
    element: <ConfigChangesPage />,
    access: 'user',
    group: 'operations',
    permission: 'network.read',
    nav: l('設定変更', 'Configuration changes'),
  },
  {
    path: '/backups',
    title: l('設定バックアップ', 'Configuration backups'),
    element: <BackupsPage />,
    access: 'user',
    group: 'operations',
    permission: 'network.read',
    nav: l('設定バックアップ', 'Configuration backups'),
  },
  ...noticesMgmtRoutes,
  ...reportsMgmtRoutes,
  ...evidenceMgmtRoutes,
  ...lifecycleMgmtRoutes,
  ...equipmentMgmtRoutes,
  ...vulnerabilitiesMgmtRoutes,
  ...complianceMgmtRoutes,
]);
