import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/**
 * Guessing protection (numbers documented in docs/security.md; Keycloak's brute-force
 * defaults were the reference). Counted per login name (known or not, so the answers do not
 * reveal which accounts exist) and per source address:
 * - login name: from the 5th consecutive failure, a lockout of 30 s doubling with each further
 *   failure, at most 15 min; failures older than 12 h are forgotten;
 * - source address: 30 failures within 15 min lock the address for 15 min.
 */
export const ACCOUNT_FREE_FAILURES = 4;
export const ACCOUNT_BASE_LOCK_S = 30;
export const ACCOUNT_MAX_LOCK_S = 15 * 60;
export const ACCOUNT_RESET_S = 12 * 3600;
export const IP_MAX_FAILURES = 30;
export const IP_WINDOW_S = 15 * 60;
export const IP_LOCK_S = 15 * 60;

export const accountKey = (plane: string, login: string): string =>
  `login:${plane}:${login.trim().toLowerCase()}`;
export const ipKey = (plane: string, ip: string): string => `ip:${plane}:${ip}`;

/** The later lockout end among the keys, or null when none is locked. */
export async function lockedUntil(keys: string[], now = new Date()): Promise<Date | null> {
  const rows = await db()
    .selectFrom('iam.login_throttle')
    .select(['locked_until'])
    .where('key', 'in', keys)
    .execute();
  let until: Date | null = null;
  for (const r of rows)
    if (r.locked_until && r.locked_until > now && (!until || r.locked_until > until)) until = r.locked_until;
  return until;
}

/** Counts one failure for the login name and the address; returns whether either became locked. */
export async function recordFailure(
  account: string,
  ip: string,
  now = new Date(),
): Promise<{ accountLocked: boolean; ipLocked: boolean; failures: number }> {
  const acc = await bump(account, ACCOUNT_RESET_S, now);
  let accountLocked = false;
  if (acc.failures > ACCOUNT_FREE_FAILURES) {
    const lockS = Math.min(
      ACCOUNT_MAX_LOCK_S,
      ACCOUNT_BASE_LOCK_S * 2 ** (acc.failures - ACCOUNT_FREE_FAILURES - 1),
    );
    await setLock(account, new Date(now.getTime() + lockS * 1000));
    accountLocked = true;
  }
  const byIp = await bump(ip, IP_WINDOW_S, now);
  let ipLocked = false;
  if (byIp.failures >= IP_MAX_FAILURES) {
    await setLock(ip, new Date(now.getTime() + IP_LOCK_S * 1000));
    ipLocked = true;
  }
  return { accountLocked, ipLocked, failures: acc.failures };
}

export async function clearFailures(account: string): Promise<void> {
  await db().deleteFrom('iam.login_throttle').where('key', '=', account).execute();
}

async function bump(key: string, windowS: number, now: Date): Promise<{ failures: number }> {
  const r = await sql<{ failures: number }>`
    INSERT INTO iam.login_throttle AS t (key, failures, first_failure_at, last_failure_at)
    VALUES (${key}, 1, ${now}, ${now})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.last_failure_at < ${now}::timestamptz - make_interval(secs => ${windowS}) THEN 1 ELSE t.failures + 1 END,
      first_failure_at = CASE WHEN t.last_failure_at < ${now}::timestamptz - make_interval(secs => ${windowS}) THEN ${now} ELSE t.first_failure_at END,
      last_failure_at = ${now}
    RETURNING failures`.execute(db());
  return { failures: Number(r.rows[0]!.failures) };
}

async function setLock(key: string, until: Date): Promise<void> {
  await db().updateTable('iam.login_throttle').set({ locked_until: until }).where('key', '=', key).execute();
}
