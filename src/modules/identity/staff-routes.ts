import type { App } from '../../app/types.ts';

/** Placeholder: filled in by the identity work (see the issue). */
export function staffRoutes(_app: App): void {}
