import { lazy } from 'react';
import type { AppRoute } from '../../app/routes.tsx';
import { equipmentText } from './i18n.ts';

const EquipmentPage = lazy(() => import('./EquipmentPage.tsx'));

/** Portal screens of equipment: none (provider data only). */
export const equipmentPortalRoutes: AppRoute[] = [];

/** Console screens of equipment. */
export const equipmentMgmtRoutes: AppRoute[] = [
  {
    path: '/equipment',
    title: (t) => equipmentText[t.app.lang].title,
    element: <EquipmentPage />,
    access: 'user',
    group: 'network',
    permission: 'network.read',
    nav: (t) => equipmentText[t.app.lang].title,
  },
];
