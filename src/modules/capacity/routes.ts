import type { App } from '../../app/types.ts';

/** Capacity view, forecast and augmentation plans (management listener). */
export function capacityRoutes(_app: App): void {}
