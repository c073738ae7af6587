import type { App } from '../../app/types.ts';

/** Provider change records for equipment configuration: diff, impact, approval, execution (management). */
export function changeRoutes(_app: App): void {}
