import { sql } from 'kysely';
import type { Database } from '../../db/client.ts';
import { db, inScope, literal } from '../../db/context.ts';
import type { PrincipalKind } from '../../db/schema.ts';
import { randomToken, sha256 } from './crypto.ts';

/** Idle timeouts: 30 min for administrators and staff, 60 min for other users; 12 h absolute. */
export const IDLE_ADMIN_S = 30 * 60;
export const IDLE_USER_S = 60 * 60;
export const ABSOLUTE_S = 12 * 60 * 60;
/** A login that has passed the password has this long to complete the second factor. */
export const PENDING_S = 10 * 60;

export type Stage = 'mfa' | 'enroll' | 'full';

export interface NewSession {
  kind: PrincipalKind;
  principalId: string;
  tenantId: string | null;
  stage: Stage;
  idleS: number;
  ip: string;
  userAgent: string | undefined;
}

/** Creates a session and returns the cookie value (only its hash is stored). */
export async function createSession(
  s: NewSession,
  now = new Date(),
): Promise<{ token: string; csrf: string }> {
  const token = randomToken();
  const csrf = randomToken(24);
  const life = s.stage === 'full' ? ABSOLUTE_S : PENDING_S;
  await db()
    .insertInto('iam.session')
    .values({
      id_hash: sha256(token),
      principal_kind: s.kind,
      principal_id: s.principalId,
      tenant_id: s.tenantId,
      stage: s.stage,
      csrf_token: csrf,
      challenge: null,
      idle_timeout_s: s.stage === 'full' ? s.idleS : PENDING_S,
      expires_at: new Date(now.getTime() + life * 1000),
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 512) ?? null,
      revoked_at: null,
      created_at: now,
      last_seen_at: now,
    })
    .execute();
  return { token, csrf };
}

export async function findSession(token: string) {
  return db().selectFrom('iam.session').selectAll().where('id_hash', '=', sha256(token)).executeTakeFirst();
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

/** What authentication needs of the principal behind a session. */
export interface SessionPrincipal {
  kind: PrincipalKind;
  id: string;
  tenantId: string | null;
  role: string;
  serviceScope: string[] | null;
  status: string;
  mustChangePassword: boolean;
}

type SessionPrincipalRow = SessionRow & {
  principal_tenant_id: string | null;
  principal_role: string | null;
  principal_service_scope: string[] | null;
  principal_status: string | null;
  principal_must_change_password: boolean | null;
};

export type FoundSession = { session: SessionRow; principal: SessionPrincipal | null };

/** The channel migration 0033 announces session and principal changes on. */
export const AUTH_CHANNEL = 'pva_auth';
/** Sessions kept in memory per database; past this the cache starts again empty. */
const CACHE_MAX = 10_000;

/**
 * Sessions read on the embedded engine, kept until a change announced on `pva_auth` drops them
 * (docs/decisions.md, "A session cache that cannot go stale"). The embedded engine has one
 * connection in this process: a notification reaches the listener while the statement that
 * committed the change is still being answered, before any later request can read the cache.
 * A lookup whose read began before a change but fills the cache after it is not kept
 * (`generation`). Unknown tokens are never kept.
 */
class SessionCache {
  private readonly entries = new Map<string, FoundSession>();
  private readonly byPrincipal = new Map<string, Set<string>>();
  generation = 0;

  get(hash: string): FoundSession | undefined {
    return this.entries.get(hash);
  }

  set(hash: string, found: FoundSession, generation: number): void {
    if (generation !== this.generation) return;
    if (this.entries.size >= CACHE_MAX) this.clear();
    this.entries.set(hash, found);
    const id = found.session.principal_id;
    let hashes = this.byPrincipal.get(id);
    if (!hashes) this.byPrincipal.set(id, (hashes = new Set()));
    hashes.add(hash);
  }

  /** A payload of migration 0033: 's:' and a session's hash, 'p:' and a principal's id, or '*'. */
  changed(payload: string): void {
    this.generation++;
    if (payload.startsWith('s:')) {
      const hash = payload.slice(2);
      const found = this.entries.get(hash);
      if (!found) return;
      this.entries.delete(hash);
      const id = found.session.principal_id;
      const hashes = this.byPrincipal.get(id);
      hashes?.delete(hash);
      if (hashes?.size === 0) this.byPrincipal.delete(id);
    } else if (payload.startsWith('p:')) {
      const id = payload.slice(2);
      for (const hash of this.byPrincipal.get(id) ?? []) this.entries.delete(hash);
      this.byPrincipal.delete(id);
    } else {
      this.clear();
    }
  }

  private clear(): void {
    this.entries.clear();
    this.byPrincipal.clear();
  }
}

/** Kept objects are shared by every request that finds them: none may change them. */
function frozen<T extends object>(v: T): T {
  Object.freeze(v);
  return v;
}

const caches = new WeakMap<Database, Promise<SessionCache | null>>();

/**
 * The database's session cache: embedded engine only. On PostgreSQL several processes share the
 * database and a notification reaches the others some time after the commit, so a revoked
 * session could still pass there for that time; each lookup reads the database instead.
 */
function sessionCache(database: Database): Promise<SessionCache | null> | null {
  if (database.engine !== 'pglite' || !database.listen) return null;
  let cache = caches.get(database);
  if (!cache) {
    const listen = database.listen.bind(database);
    cache = (async () => {
      const c = new SessionCache();
      try {
        await listen(AUTH_CHANNEL, (payload) => c.changed(payload));
        return c;
      } catch {
        return null; // without the announcements nothing may be kept
      }
    })();
    caches.set(database, cache);
  }
  return cache;
}

/**
 * A cookie's session and its principal (null when the principal no longer exists) in one
 * statement outside any transaction: `iam.session_principal` (migration 0031) reads both with
 * provider access for that call alone. This is what every authenticated request does first, so
 * it costs one round trip instead of a transaction of four (docs/decisions.md); on the embedded
 * engine a session read once is then kept in memory until a change to it or its principal.
 */
export async function lookupSession(database: Database, token: string): Promise<FoundSession | undefined> {
  // inside a transaction on the embedded engine this would wait for the lock its caller holds
  if (inScope()) throw new Error('lookupSession() runs outside any transaction');
  const idHash = sha256(token);
  const cache = await sessionCache(database);
  const kept = cache?.get(idHash);
  if (kept) return kept;
  const generation = cache?.generation ?? 0;
  // the hash as a literal (hex digits): a statement without parameters is one message on the
  // embedded engine (PGliteConnection.executeQuery)
  const { rows } = await sql<SessionPrincipalRow>`select * from iam.session_principal(${sql.raw(
    literal(idHash),
  )})`.execute(database.kysely);
  const r = rows[0];
  if (!r) return undefined;
  const {
    principal_tenant_id: tenantId,
    principal_role: role,
    principal_service_scope: serviceScope,
    principal_status: status,
    principal_must_change_password: mustChangePassword,
    ...session
  } = r;
  const found: FoundSession = {
    session: frozen(session),
    principal:
      role === null || status === null
        ? null
        : frozen({
            kind: session.principal_kind,
            id: session.principal_id,
            tenantId,
            role,
            serviceScope: serviceScope && frozen(serviceScope),
            status,
            mustChangePassword: mustChangePassword ?? false,
          }),
  };
  cache?.set(idHash, frozen(found), generation);
  return found;
}

export function sessionLive(s: SessionRow, now = new Date()): boolean {
  if (s.revoked_at) return false;
  if (s.expires_at.getTime() <= now.getTime()) return false;
  return now.getTime() - s.last_seen_at.getTime() < s.idle_timeout_s * 1000;
}

export async function touchSession(idHash: string, now = new Date()): Promise<void> {
  await db().updateTable('iam.session').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

/**
 * Replaces a session with a new id (login completion, privilege change): the old cookie stops
 * working at once. The new session keeps the principal and gets the stage given.
 */
export async function rotateSession(
  old: SessionRow,
  stage: Stage,
  idleS: number,
  now = new Date(),
): Promise<{ token: string; csrf: string }> {
  await db().updateTable('iam.session').set({ revoked_at: now }).where('id_hash', '=', old.id_hash).execute();
  return createSession(
    {
      kind: old.principal_kind,
      principalId: old.principal_id,
      tenantId: old.tenant_id,
      stage,
      idleS,
      ip: old.ip ?? '',
      userAgent: old.user_agent ?? undefined,
    },
    now,
  );
}

export async function setChallenge(idHash: string, challenge: string | null): Promise<void> {
  await db().updateTable('iam.session').set({ challenge }).where('id_hash', '=', idHash).execute();
}

export async function revokeSession(idHash: string): Promise<void> {
  await db()
    .updateTable('iam.session')
    .set({ revoked_at: new Date() })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every session of a principal (deletion, password reissue, role change); returns how many. */
export async function revokeAllSessions(
  kind: PrincipalKind,
  principalId: string,
  exceptIdHash?: string,
): Promise<number> {
  let q = db()
    .updateTable('iam.session')
    .set({ revoked_at: new Date() })
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .where('revoked_at', 'is', null);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listSessions(kind: PrincipalKind, principalId: string) {
  return db()
    .selectFrom('iam.session')
    .select([
      'id_hash',
      'stage',
      'created_at',
      'last_seen_at',
      'expires_at',
      'idle_timeout_s',
      'ip',
      'user_agent',
    ])
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc')
    .execute();
}
