import type { App } from '../../app/types.ts';

/** Virtual networks, tenant pools and connections: staff manage them, customers read their own. */
export function virtualRoutes(_app: App): void {}
