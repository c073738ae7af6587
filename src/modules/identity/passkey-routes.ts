import type { App } from '../../app/types.ts';

/** Placeholder: filled in by the identity work (see the issue). */
export function passkeyRoutes(_app: App): void {}
