import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { currentLang } from '../i18n/index.tsx';

/** An RFC 9457 problem as the API sends it: `title` is already in the user's language. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}
export interface Problem {
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldProblem[];
}

/** Whatever an API call failed with, as a problem (network failures and odd bodies included). */
export function asProblem(error: unknown, status = 0): Problem {
  if (error && typeof error === 'object' && 'title' in error && typeof error.title === 'string') {
    return error as Problem;
  }
  return { title: '', status, code: status ? 'http' : 'network' };
}

/**
 * The CSRF token of the current session. Sent with every state-changing request and replaced
 * whenever a response carries a new one (login, second factor, enrolment and password change
 * rotate the session; GET /session tells the current one).
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (401 unauthenticated): back to the login page. */
let sessionLost: (() => void) | null = null;
export function onSessionLost(handler: (() => void) | null): void {
  sessionLost = handler;
}

/** When the last API request left: the idle timer of the session (enforced by the server) restarts then. */
let lastRequestAt = Date.now();
export function lastApiRequestAt(): number {
  return lastRequestAt;
}

/**
 * Requests started inside `inBackground()` are the page's own (a reload after a live update), not
 * the user's: the server does not count them as activity for the idle timeout, and neither do we.
 * The middleware runs synchronously when a call starts, so a flag set around the call is enough.
 */
let background = false;
export function inBackground<T>(start: () => T): T {
  background = true;
  try {
    return start();
  } finally {
    background = false;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const middleware: Middleware = {
  onRequest({ request }) {
    // Error messages (problem+json) come back in the language the user is reading.
    request.headers.set('Accept-Language', currentLang());
    if (!SAFE.has(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    if (background) request.headers.set('x-pva-background', '1');
    else lastRequestAt = Date.now();
    return request;
  },
  async onResponse({ response }) {
    if (!(response.headers.get('content-type') ?? '').includes('json')) return undefined;
    let body: unknown;
    try {
      body = await response.clone().json();
    } catch {
      return undefined;
    }
    if (!body || typeof body !== 'object') return undefined;
    if (response.ok && 'csrfToken' in body) {
      const t = body.csrfToken;
      setCsrfToken(typeof t === 'string' ? t : null);
    }
    // Only "no (longer a) session" sends the user away: a wrong password or code is also a 401.
    if (response.status === 401 && 'code' in body && body.code === 'unauthenticated') sessionLost?.();
    return undefined;
  },
};

/** A same-origin client typed by a listener's generated `paths` (web/src/api/<plane>.d.ts). */
export function createApi<Paths extends object>(): Client<Paths> {
  const client = createClient<Paths>({ baseUrl: '' });
  client.use(middleware);
  return client;
}
