import type { App } from '../../app/types.ts';
import { authRoutes } from './auth-routes.ts';
import { bootstrapRoutes } from './bootstrap-routes.ts';
import { meRoutes } from './me-routes.ts';
import { passkeyRoutes } from './passkey-routes.ts';
import { resetRoutes } from './reset-routes.ts';
import { securityRoutes } from './security-routes.ts';
import { staffRoutes } from './staff-routes.ts';
import { tokensRoutes } from './tokens-routes.ts';
import { usersRoutes } from './users-routes.ts';

/** Identity routes of either listener: the same endpoints serve staff on one and customers on the other. */
export function identityRoutes(app: App): void {
  authRoutes(app);
  meRoutes(app);
  resetRoutes(app);
  passkeyRoutes(app);
  if (app.pva.plane === 'mgmt') {
    bootstrapRoutes(app);
    staffRoutes(app);
  } else {
    usersRoutes(app);
    tokensRoutes(app);
    securityRoutes(app);
  }
}
