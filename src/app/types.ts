import type {
  RouteOptions,
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Actor } from '../db/context.ts';

/** Which listener an app instance serves: the customer portal or the provider's management side. */
export type Plane = 'portal' | 'mgmt';

export interface AppContext {
  config: Config;
  database: Database;
  plane: Plane;
  /** This listener's public base URL (links in emails, passkey origin); set once it listens. */
  publicUrl: string;
  /** Every route registered on this listener, with its declared requirements (the route table tests walk it). */
  routes: RouteOptions[];
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    pva: AppContext;
  }
  interface FastifyRequest {
    /** The authenticated actor (anonymous until identity sets it). */
    actor: Actor;
    /** Tenant whose data this request acts on (customer requests: the actor's tenant). */
    tenantId: string | null;
    /** True only for provider staff on the management listener. */
    providerAccess: boolean;
    lang: 'ja' | 'en';
    /** Set once the handler wrote its own audit record, so no generic record is added. */
    audited: boolean;
  }
  interface FastifyContextConfig {
    /** false: the handler runs without a transaction (health checks, static files). */
    tx?: boolean;
    /** Audit action name for a state-changing route; defaults to the route's operationId. */
    action?: string;
  }
}
