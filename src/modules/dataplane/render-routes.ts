import type { App } from '../../app/types.ts';

/** Intended configuration of a device, rendered from the model (management). */
export function renderRoutes(_app: App): void {}
