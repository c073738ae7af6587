import type { App } from '../../app/types.ts';

/** Rendering, provider change records, config backups, and the customer's IPsec config download. */
export function dataplaneRoutes(_app: App): void {}
