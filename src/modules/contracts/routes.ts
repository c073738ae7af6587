import type { App } from '../../app/types.ts';

/** Registered on both listeners; each module adds the routes of the plane it serves. */
export function contractsRoutes(_app: App): void {}
