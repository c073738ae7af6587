import type { App } from '../../app/types.ts';

/** Configuration backups, versions, diffs, drift and restore (management). */
export function backupRoutes(_app: App): void {}
