import type { App } from '../../app/types.ts';

/** PoPs, management networks, port classes, devices, ports and links (management listener). */
export function physicalRoutes(_app: App): void {}
