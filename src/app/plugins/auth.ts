import type { FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction, systemScope } from '../../db/context.ts';
import { ipAllowed } from '../../lib/ip.ts';
import { authenticateToken } from '../../modules/identity/tokens-auth.ts';
import { tenantSettings } from '../../modules/identity/principals.ts';
import {
  can,
  isCustomerPermission,
  isStaffPermission,
  type Principal,
  type RouteAuth,
} from '../../modules/identity/policy.ts';
import {
  lookupSession,
  sessionLive,
  touchSession,
  type SessionRow,
} from '../../modules/identity/sessions.ts';
import { AppError } from '../errors.ts';
import type { App, Plane } from '../types.ts';
import { isStateChanging } from './tx.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    session: SessionRow | null;
  }
  interface FastifyContextConfig {
    /** What the route requires (every route declares it; see modules/identity/policy.ts). */
    auth?: RouteAuth;
    /** A management route that reads customer data: staff reads are audited (principle 4). */
    customerData?: boolean;
  }
}

export const cookieName = (plane: Plane): string =>
  plane === 'portal' ? '__Host-pva_portal' : '__Host-pva_mgmt';
export const CSRF_HEADER = 'x-csrf-token';
/** Sent by the SPA on requests it makes by itself (live updates): they do not keep a session alive. */
export const BACKGROUND_HEADER = 'x-pva-background';

/**
 * Routes registered by the documentation and static-file plugins: the API docs pages and, outside
 * /api/, the SPA's files. Read-only and data-free, so public. Everything else must declare.
 */
export function thirdPartyPublic(method: string | string[], url: string): boolean {
  const methods = Array.isArray(method) ? method : [method];
  if (!methods.every((m) => m === 'GET' || m === 'HEAD')) return false;
  return url.startsWith('/api/docs') || (!url.startsWith('/api') && url !== '/livez' && url !== '/readyz');
}

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export function setSessionCookie(reply: FastifyReply, plane: Plane, token: string): void {
  reply.header('set-cookie', `${cookieName(plane)}=${token}; Path=/; Secure; HttpOnly; SameSite=Strict`);
}

export function clearSessionCookie(reply: FastifyReply, plane: Plane): void {
  reply.header('set-cookie', `${cookieName(plane)}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`);
}

const TOUCH_EVERY_MS = 60_000;

/**
 * Authentication and authorisation for every route (9.4.4: no path around them). Every route
 * must declare `config.auth`; registration fails otherwise. Staff sessions exist only on the
 * management listener and customer sessions only on the portal.
 */
export function auth(app: App): void {
  const plane = app.pva.plane;
  const kind = plane === 'mgmt' ? 'staff' : 'customer';
  app.decorateRequest('principal', null);
  app.decorateRequest('session', null);

  app.addHook('onRoute', (route) => {
    route.config ??= {};
    app.pva.routes.push(route);
    if (route.config.auth) return;
    if (thirdPartyPublic(route.method, route.url)) {
      route.config.auth = 'public';
      return;
    }
    throw new Error(`route ${String(route.method)} ${route.url} declares no auth requirement (config.auth)`);
  });

  app.addHook('onRequest', async (req) => {
    req.principal = null;
    req.session = null;
    const required = req.routeOptions.config.auth;
    if (!required) return; // unknown route: the 404 handler answers
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const cookie = readCookie(req, cookieName(plane));
    if (required === 'public' && !cookie) return;
    if (!bearer && !cookie) throw new AppError('unauthenticated');

    if (bearer) {
      if (plane !== 'portal') throw new AppError('unauthenticated');
      const t = await inTransaction(app.pva.database, systemScope(), () => authenticateToken(bearer, req.ip));
      if (!t) throw new AppError('unauthenticated');
      req.principal = t;
    } else {
      const found = await lookupSession(app.pva.database, cookie!);
      const s = found?.session;
      const p = found?.principal;
      if (!s || !sessionLive(s) || s.principal_kind !== kind || !p || p.status !== 'active') {
        if (required === 'public') return;
        throw new AppError('unauthenticated');
      }
      if (required !== 'public' && required !== 'pending' && s.stage !== 'full')
        throw new AppError('mfa_required');
      if (isStateChanging(req.method) && required !== 'public' && req.headers[CSRF_HEADER] !== s.csrf_token) {
        throw new AppError('csrf_failed');
      }
      if (
        p.mustChangePassword &&
        required !== 'public' &&
        required !== 'pending' &&
        required !== 'authenticated'
      ) {
        throw new AppError('password_change_required');
      }
      // a page reloading itself after a live update is not the user's activity: no idle-timer reset
      const background = req.headers[BACKGROUND_HEADER] === '1';
      if (!background && Date.now() - s.last_seen_at.getTime() > TOUCH_EVERY_MS)
        await inTransaction(app.pva.database, systemScope(), () => touchSession(s.id_hash));
      req.session = s;
      req.principal = {
        kind: p.kind,
        id: p.id,
        tenantId: p.tenantId,
        role: p.role as Principal['role'],
        serviceScope: p.serviceScope,
        readOnly: false,
      };
    }
    const p = req.principal as Principal | null; // assigned above
    if (!p) return;
    if (required !== 'public' && required !== 'pending' && required !== 'authenticated') {
      const audienceOk = plane === 'mgmt' ? isStaffPermission(required) : isCustomerPermission(required);
      if (!audienceOk || !can(p, required)) throw new AppError('forbidden');
    }
    if (p.readOnly && isStateChanging(req.method)) throw new AppError('forbidden');
    req.actor = {
      kind: p.kind === 'staff' ? 'staff' : bearer ? 'token' : 'customer',
      id: p.id,
      tenantId: p.tenantId,
    };
    req.tenantId = p.kind === 'customer' ? p.tenantId : null;
    req.providerAccess = p.kind === 'staff';
  });
}

/** The tenant's allowlist applies to this principal's logins (administrators, or everyone when so set). */
export async function loginIpAllowed(
  p: { kind: string; role: string; tenantId: string | null },
  ip: string,
  staffAllowlist: readonly string[],
): Promise<boolean> {
  if (p.kind === 'staff') return ipAllowed(ip, staffAllowlist);
  const s = await tenantSettings(p.tenantId!);
  if (s.ipAllowlist.length === 0) return true;
  if (s.allowlistScope === 'admins' && p.role !== 'admin') return true;
  return ipAllowed(ip, s.ipAllowlist);
}
