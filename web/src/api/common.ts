import type { paths as MgmtPaths } from './mgmt.d.ts';
import type { paths as PortalPaths } from './portal.d.ts';
import { createApi } from './client.ts';

/**
 * The routes both listeners serve (session, login, second factor, own account, service info):
 * one client for the screens the portal and the console share.
 */
/** Paths both listeners serve, but differently for each audience: each plane's own client has them. */
type PlaneSpecific =
  | `/api/v1/change-requests${string}`
  | `/api/v1/documents${string}`
  | '/api/v1/services/{id}'
  | '/api/v1/connections/{id}'
  | `/api/v1/monitors${string}`
  | `/api/v1/event-report${string}`
  | `/api/v1/evidence-request${string}`;
type Shared = Exclude<keyof PortalPaths & keyof MgmtPaths, PlaneSpecific>;
export type CommonPaths = Pick<PortalPaths, Shared>;

// Compile-time guard: a shared route must have the same shape on both listeners.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const sharedRoutesAgree: Same<Pick<MgmtPaths, Shared>, CommonPaths> = true;

export const api = createApi<CommonPaths>();

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
export type SessionInfo = Json<CommonPaths['/api/v1/session']['get']['responses'][200]>;
export type Principal = NonNullable<SessionInfo['principal']>;
export type MySession = Json<CommonPaths['/api/v1/me/sessions']['get']['responses'][200]>[number];
export type TotpSetup = Json<CommonPaths['/api/v1/me/mfa/totp/setup']['post']['responses'][200]>;
