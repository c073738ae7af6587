import type { App } from '../../app/types.ts';

/** The customer-side IPsec configuration and PSK reveal (portal). */
export function customerConfigRoutes(_app: App): void {}
