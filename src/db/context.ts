import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Transaction } from 'kysely';
import { APP_ROLE, PROVIDER_ROLE, type Database } from './client.ts';
import { transactionPreamble } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

/** Who is acting: recorded in the audit trail and set on the transaction as app.actor. */
export interface Actor {
  kind: 'staff' | 'customer' | 'token' | 'system' | 'anonymous';
  id: string | null;
  tenantId: string | null;
}

/**
 * The scope a transaction runs in. `tenantId` sets app.tenant_id (row-level security);
 * `providerAccess` lets provider-side code read across tenants and is never set by portal routes.
 */
export interface Scope {
  actor: Actor;
  tenantId: string | null;
  providerAccess: boolean;
  requestId?: string;
  sourceIp?: string;
  userAgent?: string;
}

interface TxStore {
  trx: Transaction<DB>;
  scope: Scope;
  afterCommit: (() => void | Promise<void>)[];
}

const store = new AsyncLocalStorage<TxStore>();

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, tenantId: null };

/** The ambient transaction. Every repository query goes through it; there is no other way in. */
export function db(): Transaction<DB> {
  const s = store.getStore();
  if (!s) throw new Error('no transaction in scope: wrap the call in inTransaction()');
  return s.trx;
}

export function currentScope(): Scope {
  const s = store.getStore();
  if (!s) throw new Error('no transaction in scope');
  return s.scope;
}

export function inScope(): boolean {
  return store.getStore() !== undefined;
}

/** Runs `fn` once the surrounding transaction has committed (e.g. wake the mailer). Dropped on rollback. */
export function afterCommit(fn: () => void | Promise<void>): void {
  const s = store.getStore();
  if (!s) throw new Error('afterCommit() outside a transaction');
  s.afterCommit.push(fn);
}

/**
 * Runs `fn` in one transaction with the scope's tenant and actor set by SET LOCAL. On the
 * embedded engine the transaction also drops to a non-superuser role, so row-level security
 * applies there too: the request role, or for provider access the provider role, the only one
 * the provider_access policies apply to there (migration 0034). Nesting reuses the outer
 * transaction when the scope matches.
 */
export async function inTransaction<T>(database: Database, scope: Scope, fn: () => Promise<T>): Promise<T> {
  const outer = store.getStore();
  if (outer) {
    if (outer.scope.tenantId !== scope.tenantId || outer.scope.providerAccess !== scope.providerAccess) {
      throw new Error('a nested transaction must keep the outer scope');
    }
    return fn();
  }
  const hooks: TxStore['afterCommit'] = [];
  const tenant = scope.tenantId ?? '';
  const access = scope.providerAccess ? 'on' : 'off';
  const actor = `${scope.actor.kind}:${scope.actor.id ?? ''}`;
  const body = (trx: Transaction<DB>) =>
    transactionPreamble.exit(() => store.run({ trx, scope, afterCommit: hooks }, fn));
  const result =
    database.engine === 'pglite'
      ? // role and settings travel with BEGIN (one round trip; see transactionPreamble), as SET
        // commands: a SELECT of set_config() would be planned and answer a row, at twice the cost
        await transactionPreamble.run(
          `SET LOCAL ROLE ${scope.providerAccess ? PROVIDER_ROLE : APP_ROLE}; SET LOCAL app.tenant_id = ${literal(tenant)}; ` +
            `SET LOCAL app.provider_access = '${access}'; SET LOCAL app.actor = ${literal(actor)}`,
          () => database.kysely.transaction().execute(body),
        )
      : await database.kysely.transaction().execute(async (trx) => {
          await sql`SELECT set_config('app.tenant_id', ${tenant}, true),
                           set_config('app.provider_access', ${access}, true),
                           set_config('app.actor', ${actor}, true)`.execute(trx);
          return body(trx);
        });
  for (const hook of hooks) {
    try {
      await hook();
    } catch {
      // a side effect after commit must not turn a committed change into an error; the outbox retries
    }
  }
  return result;
}

/** A string as an SQL literal (standard_conforming_strings is on: only quotes are special). */
export function literal(v: string): string {
  if (v.includes('\0')) throw new Error('a literal cannot hold a NUL character');
  return `'${v.replaceAll("'", "''")}'`;
}

/** Shorthand for provider-side system work (jobs, CLI) that spans tenants. */
export function systemScope(extra: Partial<Scope> = {}): Scope {
  return { actor: SYSTEM_ACTOR, tenantId: null, providerAccess: true, ...extra };
}

/** Scope of one tenant acting through the portal or on its behalf. */
export function tenantScope(tenantId: string, actor: Actor, extra: Partial<Scope> = {}): Scope {
  return { actor, tenantId, providerAccess: false, ...extra };
}
