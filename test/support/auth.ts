import { randomBytes } from 'node:crypto';
import type { App } from '../../src/app/types.ts';
import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import type { CustomerRole, StaffRole } from '../../src/db/schema.ts';
import { cookieName } from '../../src/app/plugins/auth.ts';
import { hashPassword } from '../../src/modules/identity/password.ts';
import { newTotpSecret, totpAt } from '../../src/modules/identity/totp.ts';

export interface TestPrincipal {
  kind: 'staff' | 'customer';
  id: string;
  login: string;
  password: string;
  totpSecret: string | null;
  tenantId: string | null;
}

const uniq = (): string => randomBytes(4).toString('hex');
export const TEST_PASSWORD = 'correct horse battery staple 42';

/** A customer user with a password and (by default) a confirmed TOTP second factor. */
export async function createUser(
  database: Database,
  tenantId: string,
  opts: { role?: CustomerRole; totp?: boolean; serviceScope?: string[] | null; login?: string } = {},
): Promise<TestPrincipal> {
  const login = opts.login ?? `user-${uniq()}@customer.example`;
  const totpSecret = opts.totp === false ? null : newTotpSecret();
  const hash = await hashPassword(TEST_PASSWORD);
  const id = await inTransaction(database, systemScope(), async () => {
    const u = await db()
      .insertInto('customer.app_user')
      .values({
        tenant_id: tenantId,
        login,
        email: login,
        name: `テスト ${login.slice(0, 9)}`,
        role: opts.role ?? 'admin',
        service_scope: opts.serviceScope ?? null,
        password_hash: hash,
        status: 'active',
        password_changed_at: new Date(),
        last_login_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (totpSecret) {
      await db()
        .insertInto('iam.totp')
        .values({
          principal_kind: 'customer',
          principal_id: u.id,
          tenant_id: tenantId,
          secret: totpSecret,
          confirmed_at: new Date(),
        })
        .execute();
    }
    return u.id;
  });
  return { kind: 'customer', id, login, password: TEST_PASSWORD, totpSecret, tenantId };
}

export async function createStaffMember(
  database: Database,
  opts: { role?: StaffRole; totp?: boolean } = {},
): Promise<TestPrincipal> {
  const login = `staff-${uniq()}@provider.example`;
  const totpSecret = opts.totp === false ? null : newTotpSecret();
  const hash = await hashPassword(TEST_PASSWORD);
  const id = await inTransaction(database, systemScope(), async () => {
    const s = await db()
      .insertInto('ops.staff')
      .values({
        email: login,
        name: `Staff ${login.slice(6, 14)}`,
        role: opts.role ?? 'admin',
        password_hash: hash,
        status: 'active',
        password_changed_at: new Date(),
        last_login_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (totpSecret) {
      await db()
        .insertInto('iam.totp')
        .values({
          principal_kind: 'staff',
          principal_id: s.id,
          tenant_id: null,
          secret: totpSecret,
          confirmed_at: new Date(),
        })
        .execute();
    }
    return s.id;
  });
  return { kind: 'staff', id, login, password: TEST_PASSWORD, totpSecret, tenantId: null };
}

/** Lets the next TOTP login of a test principal use the current code again (tests log in often). */
export async function resetTotpStep(database: Database, p: TestPrincipal): Promise<void> {
  await inTransaction(database, systemScope(), () =>
    db()
      .updateTable('iam.totp')
      .set({ last_step: 0 })
      .where('principal_kind', '=', p.kind)
      .where('principal_id', '=', p.id)
      .execute(),
  );
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  /** Headers for app.inject: the session cookie and, for state changes, the CSRF token. */
  headers: Record<string, string>;
}

export function sessionCookieFrom(setCookie: string | string[] | undefined, app: App): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const c = all.map((x) => x.split(';')[0]!).find((x) => x.startsWith(`${cookieName(app.pva.plane)}=`));
  if (!c) throw new Error('no session cookie was set');
  return c;
}

/** Logs in through the real endpoints: password, then the TOTP code computed from the secret. */
export async function login(
  app: App,
  database: Database,
  p: TestPrincipal,
  ip = '127.0.0.1',
): Promise<LoggedIn> {
  const r1 = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: p.login, password: p.password },
    remoteAddress: ip,
  });
  if (r1.statusCode !== 200) throw new Error(`login failed: ${r1.statusCode} ${r1.body}`);
  let cookie = sessionCookieFrom(r1.headers['set-cookie'], app);
  let csrf = r1.json<{ csrfToken: string; stage: string }>().csrfToken;
  if (r1.json<{ stage: string }>().stage === 'mfa') {
    await resetTotpStep(database, p);
    const r2 = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp',
      payload: { code: totpAt(p.totpSecret!, Date.now()) },
      headers: { cookie, 'x-csrf-token': csrf },
      remoteAddress: ip,
    });
    if (r2.statusCode !== 200) throw new Error(`second factor failed: ${r2.statusCode} ${r2.body}`);
    cookie = sessionCookieFrom(r2.headers['set-cookie'], app);
    csrf = r2.json<{ csrfToken: string }>().csrfToken;
  }
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
