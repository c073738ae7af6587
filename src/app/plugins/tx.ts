import type { FastifyRequest, RouteHandlerMethod } from 'fastify';
import { inTransaction, type Scope } from '../../db/context.ts';
import { recordAudit } from '../../modules/audit/service.ts';
import type { App } from '../types.ts';

export const isStateChanging = (method: string): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/** The audit action of a route: its declared action, else its operationId, else method and path. */
export function routeAction(route: {
  method: string | string[];
  url: string;
  config?: { action?: string };
  schema?: unknown;
}): string {
  const method = Array.isArray(route.method) ? route.method[0]! : route.method;
  return (
    route.config?.action ??
    (route.schema as { operationId?: string } | undefined)?.operationId ??
    `${method} ${route.url}`
  );
}

export function requestScope(req: FastifyRequest): Scope {
  return {
    actor: req.actor,
    tenantId: req.tenantId,
    providerAccess: req.providerAccess,
    requestId: String(req.id),
    sourceIp: req.ip,
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'].slice(0, 512) } : {}),
  };
}

/**
 * Every route handler runs inside one transaction with the request's tenant and actor set,
 * without the handler asking for it. A state-changing request that succeeds is audited in the
 * same transaction (the handler may write a richer record itself).
 */
export function requestTransactions(app: App): void {
  app.decorateRequest('actor'); // set per request in onRequest (a shared object would leak between requests)
  app.decorateRequest('tenantId', null);
  app.decorateRequest('providerAccess', false);
  app.decorateRequest('audited', false);
  app.addHook('onRequest', async (req) => {
    req.actor = { kind: 'anonymous', id: null, tenantId: null };
    req.tenantId = null;
    req.providerAccess = false;
    req.audited = false;
  });
  app.addHook('onRoute', (route) => {
    if (route.config?.tx === false) return;
    const inner = route.handler as (this: unknown, ...args: Parameters<RouteHandlerMethod>) => unknown;
    const action = routeAction(route);
    route.handler = async function (this: unknown, req, reply) {
      // A handler that sends its reply itself (a file, a CSV) must not answer before the
      // transaction commits: the client would see success while the audit record, or the change,
      // could still be lost. Its payload is held and sent after the commit.
      // (A reply is thenable: it resolves once the response has ended, which is how `return
      // reply` after `reply.send()` works. While the payload is held it resolves at once.)
      let held: { payload: unknown } | null = null;
      reply.send = function (payload?: unknown) {
        held = { payload };
        return reply;
      };
      reply.then = function (fulfilled: () => void) {
        fulfilled();
      };
      let result: unknown;
      try {
        result = await transaction.call(this, req, reply);
      } finally {
        // the reply's own methods (on its prototype) take over again
        Reflect.deleteProperty(reply, 'send');
        Reflect.deleteProperty(reply, 'then');
      }
      if (held) return reply.send((held as { payload: unknown }).payload);
      return result;
    };
    const transaction = async function (
      this: unknown,
      req: Parameters<RouteHandlerMethod>[0],
      reply: Parameters<RouteHandlerMethod>[1],
    ) {
      return inTransaction(app.pva.database, requestScope(req), async () => {
        const result = await inner.call(this, req, reply);
        if (isStateChanging(req.method) && !req.audited && reply.statusCode < 400) {
          await recordAudit({ action });
        } else if (!isStateChanging(req.method) && route.config?.customerData && req.actor.kind === 'staff') {
          // principle 4: a provider staff member reading customer data leaves a trace
          await recordAudit({
            action: `staff.read.${action}`,
            summary: { path: req.routeOptions.url, query: req.query ?? {} },
          });
        }
        return result;
      });
    };
  });
}

/** Writes the request's audit record with the handler's own detail (replaces the generic one). */
export async function auditRequest(
  req: FastifyRequest,
  ev: Parameters<typeof recordAudit>[0],
): Promise<void> {
  await recordAudit(ev);
  req.audited = true;
}
