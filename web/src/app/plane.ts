import { createContext, useContext } from 'react';
import type { ServiceInfo } from '../features/info/api.ts';

/** What differs between the customer portal and the operator console: its name and its typed API. */
export interface PlaneConfig {
  plane: 'portal' | 'mgmt';
  serviceInfo: (signal: AbortSignal) => Promise<ServiceInfo>;
}

export const PlaneContext = createContext<PlaneConfig | null>(null);

export function usePlane(): PlaneConfig {
  const ctx = useContext(PlaneContext);
  if (!ctx) throw new Error('usePlane outside PlaneContext');
  return ctx;
}
