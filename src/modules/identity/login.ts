import { hash } from '@node-rs/argon2';
import { db } from '../../db/context.ts';
import type { PrincipalKind } from '../../db/schema.ts';
import { recordAudit } from '../audit/service.ts';
import { verifyPassword } from './password.ts';
import { loginBlockedByTermination } from '../lifecycle/login-gate.ts';
import { findByLogin, markLogin, mfaMethods, tenantSettings, type PrincipalRecord } from './principals.ts';
import { createSession, IDLE_ADMIN_S, IDLE_USER_S, type Stage } from './sessions.ts';
import { accountKey, clearFailures, ipKey, lockedUntil, recordFailure } from './throttle.ts';

// Unknown login names are checked against this hash, so both answers take about as long.
const DUMMY_HASH = hash('pva-dummy-password-for-timing', {
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

export type LoginOutcome =
  | { ok: true; stage: Stage; token: string; csrf: string; principal: PrincipalRecord }
  | { ok: false; error: 'invalid_credentials' | 'login_locked' | 'ip_not_allowed' | 'contract_terminated' };

export interface LoginInput {
  kind: PrincipalKind;
  plane: string;
  login: string;
  password: string;
  ip: string;
  userAgent: string | undefined;
  ipAllowed: (p: PrincipalRecord) => Promise<boolean>;
}

export const idleFor = (p: Pick<PrincipalRecord, 'kind' | 'role'>): number =>
  p.kind === 'staff' || p.role === 'admin' ? IDLE_ADMIN_S : IDLE_USER_S;

/** MFA is mandatory for staff and customer administrators, and for everyone when the tenant says so. */
export async function mfaMandatory(p: Pick<PrincipalRecord, 'kind' | 'role' | 'tenantId'>): Promise<boolean> {
  if (p.kind === 'staff' || p.role === 'admin') return true;
  return (await tenantSettings(p.tenantId!)).mfaRequiredAll;
}

/**
 * Password step of a login. Runs in a system scope (no tenant is known yet) and returns
 * failures instead of throwing, so the failure counters and audit records commit.
 */
export async function passwordLogin(input: LoginInput): Promise<LoginOutcome> {
  const account = accountKey(input.plane, input.login);
  const byIp = ipKey(input.plane, input.ip);
  const p = await findByLogin(input.kind, input.login);
  const audit = (outcome: 'success' | 'failure' | 'denied', reason?: string, action = 'auth.login') =>
    recordAudit({
      action,
      outcome,
      tenantId: p?.tenantId ?? null,
      targetType: p ? input.kind : undefined,
      targetId: p?.id,
      summary: reason ? { reason, plane: input.plane } : { plane: input.plane },
      personal: { login: input.login.slice(0, 200) },
    });

  if (await lockedUntil([account, byIp])) {
    await audit('denied', 'locked');
    return { ok: false, error: 'login_locked' };
  }
  const passwordOk = await verifyPassword(p?.passwordHash ?? (await DUMMY_HASH), input.password);
  if (!p || !passwordOk || p.status !== 'active') {
    const f = await recordFailure(account, byIp);
    await audit('failure', 'invalid_credentials');
    if (f.accountLocked || f.ipLocked)
      await audit('denied', f.accountLocked ? 'account_locked' : 'address_locked', 'auth.lockout');
    return { ok: false, error: 'invalid_credentials' };
  }
  if (!(await input.ipAllowed(p))) {
    await audit('denied', 'ip_not_allowed');
    return { ok: false, error: 'ip_not_allowed' };
  }
  // issue 9: after the termination date only administrators may log in, to export, during the grace period
  if (await loginBlockedByTermination(p)) {
    await audit('denied', 'contract_terminated');
    return { ok: false, error: 'contract_terminated' };
  }
  await clearFailures(account);
  const methods = await mfaMethods(p.kind, p.id);
  const stage: Stage =
    methods.totp || methods.passkeys > 0 ? 'mfa' : (await mfaMandatory(p)) ? 'enroll' : 'full';
  const s = await createSession({
    kind: p.kind,
    principalId: p.id,
    tenantId: p.tenantId,
    stage,
    idleS: idleFor(p),
    ip: input.ip,
    userAgent: input.userAgent,
  });
  if (stage === 'full') await markLogin(p.kind, p.id);
  await audit(
    'success',
    stage === 'full' ? undefined : `second_factor_${stage === 'mfa' ? 'pending' : 'enrolment'}`,
  );
  return { ok: true, stage, ...s, principal: p };
}

/** Counts a failed second-factor attempt against the account like a failed password. */
export async function secondFactorFailure(plane: string, login: string, ip: string): Promise<boolean> {
  const f = await recordFailure(accountKey(plane, login), ipKey(plane, ip));
  return f.accountLocked;
}

export async function secondFactorLocked(plane: string, login: string, ip: string): Promise<boolean> {
  return (await lockedUntil([accountKey(plane, login), ipKey(plane, ip)])) !== null;
}

export async function unusedRecoveryCodes(kind: PrincipalKind, id: string) {
  return db()
    .selectFrom('iam.recovery_code')
    .select(['id', 'code_hash'])
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .where('used_at', 'is', null)
    .execute();
}
