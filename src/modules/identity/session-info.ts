import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { cookieName, readCookie } from '../../app/plugins/auth.ts';
import type { App } from '../../app/types.ts';
import { db } from '../../db/context.ts';
import { mfaMandatory } from './login.ts';
import { permissionsOf } from './policy.ts';
import { findById, mfaMethods } from './principals.ts';
import { findSession, sessionLive } from './sessions.ts';

export const SessionInfo = Type.Object({
  authenticated: Type.Boolean(),
  stage: Type.Union([Type.Literal('mfa'), Type.Literal('enroll'), Type.Literal('full'), Type.Null()]),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  principal: Type.Union([
    Type.Object({
      id: Type.String(),
      kind: Type.Union([Type.Literal('staff'), Type.Literal('customer')]),
      login: Type.String(),
      name: Type.String(),
      email: Type.String(),
      role: Type.String(),
      serviceScope: Type.Union([Type.Array(Type.String()), Type.Null()]),
      mustChangePassword: Type.Boolean(),
      tenant: Type.Union([
        Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
        Type.Null(),
      ]),
    }),
    Type.Null(),
  ]),
  permissions: Type.Array(Type.String()),
  mfa: Type.Object({
    required: Type.Boolean(),
    totp: Type.Boolean(),
    passkeys: Type.Integer(),
    recoveryCodesLeft: Type.Integer(),
  }),
  idleTimeoutSeconds: Type.Union([Type.Integer(), Type.Null()]),
});
type SessionInfoT = Static<typeof SessionInfo>;

const ANON: SessionInfoT = {
  authenticated: false,
  stage: null,
  csrfToken: null,
  principal: null,
  permissions: [],
  mfa: { required: false, totp: false, passkeys: 0, recoveryCodesLeft: 0 },
  idleTimeoutSeconds: null,
};

/** What the SPA needs to start: who is logged in, at which stage, with which permissions. */
export async function sessionInfo(app: App, req: FastifyRequest): Promise<SessionInfoT> {
  const cookie = readCookie(req, cookieName(app.pva.plane));
  if (!cookie) return ANON;
  const s = await findSession(cookie);
  if (!s || !sessionLive(s) || s.principal_kind !== (app.pva.plane === 'mgmt' ? 'staff' : 'customer'))
    return ANON;
  const p = await findById(s.principal_kind, s.principal_id);
  if (!p || p.status !== 'active') return ANON;
  const tenant = p.tenantId
    ? await db()
        .selectFrom('ops.tenant')
        .select(['id', 'code', 'name'])
        .where('id', '=', p.tenantId)
        .executeTakeFirst()
    : undefined;
  const m = await mfaMethods(p.kind, p.id);
  return {
    authenticated: s.stage === 'full',
    stage: s.stage,
    csrfToken: s.csrf_token,
    principal: {
      id: p.id,
      kind: p.kind,
      login: p.login,
      name: p.name,
      email: p.email,
      role: p.role,
      serviceScope: p.serviceScope,
      mustChangePassword: p.mustChangePassword,
      tenant: tenant ?? null,
    },
    permissions: s.stage === 'full' ? [...permissionsOf(p)] : [],
    mfa: {
      required: await mfaMandatory(p),
      totp: m.totp,
      passkeys: m.passkeys,
      recoveryCodesLeft: m.recoveryLeft,
    },
    idleTimeoutSeconds: s.idle_timeout_s,
  };
}
