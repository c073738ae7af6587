import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { inTransaction, systemScope } from '../../db/context.ts';
import type { Principal } from '../../modules/identity/policy.ts';
import { lookupSession, sessionLive } from '../../modules/identity/sessions.ts';
import { authenticateToken } from '../../modules/identity/tokens-auth.ts';
import { liveBus, type LiveEvent, type LiveMessage } from '../../modules/live/bus.ts';
import type { App } from '../types.ts';
import { cookieName, readCookie } from './auth.ts';

/** Heartbeat period; each heartbeat also re-checks the session (logout, revocation, timeouts). */
export const liveSettings = { heartbeatMs: 20_000 };

/** Whether a principal may hear an event: customers their own tenant (and service scope), staff all. */
export function mayHear(p: Principal, e: LiveEvent): boolean {
  if (p.kind === 'staff') return true;
  if (e.tenant !== p.tenantId) return false;
  return p.serviceScope === null || e.service === null || p.serviceScope.includes(e.service);
}

/** The request's credentials still stand: the session is live and its principal active. */
async function stillValid(app: App, req: FastifyRequest): Promise<boolean> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const cookie = readCookie(req, cookieName(app.pva.plane));
  if (bearer) {
    return inTransaction(
      app.pva.database,
      systemScope(),
      async () => (await authenticateToken(bearer, req.ip)) !== null,
    );
  }
  const found = cookie ? await lookupSession(app.pva.database, cookie) : undefined;
  if (!found || !sessionLive(found.session) || found.session.stage !== 'full') return false;
  return found.principal?.status === 'active';
}

/**
 * GET /api/v1/events: server-sent events on both listeners. Each event names only a kind and an
 * id (`{"kind":"monitor","id":…}`); the client refetches through the normal API, which applies
 * every permission check again. Streams end when the listener closes or the session ends.
 */
export function liveEvents(app: App): void {
  const bus = liveBus(app.pva.database);
  bus.retain();
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  app.addHook('onClose', async () => {
    await bus.release();
  });

  app.get(
    '/api/v1/events',
    {
      config: { auth: 'authenticated', tx: false },
      schema: {
        operationId: 'liveEvents',
        tags: ['live'],
        summary: 'Live updates as server-sent events (kinds and ids only; refetch through the API)',
        response: {
          200: {
            description:
              'text/event-stream: `change` events with {kind, id} (staff also tenant), `resync` when events may have been missed, comments as heartbeats',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
        },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no', // proxies must not buffer the stream
        'x-content-type-options': 'nosniff',
        'strict-transport-security': 'max-age=63072000; includeSubDomains',
      });
      let ended = false;
      const write = (chunk: string) => {
        if (!ended) res.write(chunk);
      };
      const onMessage = (m: LiveMessage) => {
        if (m === 'resync') return write('event: resync\ndata: {}\n\n');
        if (!mayHear(p, m)) return;
        const data =
          p.kind === 'staff' ? { kind: m.kind, id: m.id, tenant: m.tenant } : { kind: m.kind, id: m.id };
        write(`event: change\ndata: ${JSON.stringify(data)}\n\n`);
      };
      let unsubscribe = (): void => {};
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(beat);
        unsubscribe();
        streams.delete(end);
        res.end();
      };
      const beat = setInterval(() => {
        write(': heartbeat\n\n');
        stillValid(app, req).then(
          (ok) => ok || end(),
          () => {}, // the database is away: keep the stream; the next beat checks again
        );
      }, liveSettings.heartbeatMs);
      streams.add(end);
      req.raw.on('close', end);
      unsubscribe = await bus.subscribe(onMessage);
      if (ended) unsubscribe();
      // the client reconnects after 5 s when the stream breaks; the first comment opens it at once
      write('retry: 5000\n: connected\n\n');
    },
  );
}
