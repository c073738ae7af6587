import { createContext, useContext } from 'react';
import type { ServiceInfo } from '../features/info/api.ts';
import type { AppRoute } from './routes.tsx';

/** What differs between the customer portal and the operator console: name, typed API, screens. */
export interface PlaneConfig {
  plane: 'portal' | 'mgmt';
  serviceInfo: (signal: AbortSignal) => Promise<ServiceInfo>;
  /** The plane's own screens, between Home and Account in the menu. */
  routes: AppRoute[];
}

export const PlaneContext = createContext<PlaneConfig | null>(null);

export function usePlane(): PlaneConfig {
  const ctx = useContext(PlaneContext);
  if (!ctx) throw new Error('usePlane outside PlaneContext');
  return ctx;
}
