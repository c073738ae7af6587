import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { formatInstant } from '../../lib/time.ts';
import { can } from './policy.ts';
import {
  MAX_TOKEN_CIDRS,
  checkServiceSubset,
  createToken,
  findToken,
  listTokens,
  normaliseCidrList,
  revokeToken,
} from './tokens.ts';

const Scope = Type.Union([Type.Literal('read'), Type.Literal('read-write')]);
const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);

const TokenOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String(),
  scope: Scope,
  serviceIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  ipAllowlist: Type.Array(Type.String()),
  expiresAt: Instant,
  createdAt: Instant,
  lastUsedAt: NullableInstant,
  revokedAt: NullableInstant,
  owner: Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
});

const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scope: Scope,
    expiresInDays: Type.Integer({ minimum: 1, maximum: 365 }),
    serviceIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 100 })),
    ipAllowlist: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: MAX_TOKEN_CIDRS }),
    ),
  },
  { additionalProperties: false },
);

/**
 * API tokens for automation: a user issues and revokes their own; an administrator (users.manage)
 * also sees and revokes every token of the tenant. A token acts as its user, never above the
 * user's role (see tokens-auth.ts).
 */
export function tokensRoutes(app: App): void {
  app.get(
    '/api/v1/tokens',
    {
      config: { auth: 'tokens.manage' },
      schema: {
        operationId: 'listTokens',
        tags: ['tokens'],
        summary: 'My API tokens; with all=true (administrators) every token of the tenant',
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Array(TokenOut) },
      },
    },
    async (req) => {
      const p = req.principal!;
      const all = req.query.all === true;
      if (all && !can(p, 'users.manage')) throw new AppError('forbidden');
      const rows = await listTokens(req.tenantId!, all ? undefined : p.id);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        scope: r.scope,
        serviceIds: r.service_scope,
        ipAllowlist: r.ip_allowlist,
        expiresAt: formatInstant(r.expires_at),
        createdAt: formatInstant(r.created_at),
        lastUsedAt: r.last_used_at ? formatInstant(r.last_used_at) : null,
        revokedAt: r.revoked_at ? formatInstant(r.revoked_at) : null,
        owner: { id: r.user_id, name: r.owner_name },
      }));
    },
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { auth: 'tokens.manage', action: 'tokens.create' },
      schema: {
        operationId: 'createToken',
        tags: ['tokens'],
        summary: 'Issue an API token; the secret is in this response only',
        body: CreateBody,
        response: {
          201: Type.Object({
            id: Type.String({ format: 'uuid' }),
            token: Type.String(),
            prefix: Type.String(),
            scope: Scope,
            expiresAt: Instant,
          }),
        },
      },
    },
    async (req, reply) => {
      // a token must not mint tokens (it would outlive its own revocation); a signed-in user must
      if (!req.session) throw new AppError('forbidden');
      const p = req.principal!;
      const tenantId = req.tenantId!;
      const ipAllowlist = normaliseCidrList(req.body.ipAllowlist ?? [], '/body/ipAllowlist', req.lang);
      const serviceIds =
        req.body.serviceIds === undefined
          ? null
          : await checkServiceSubset(tenantId, p.serviceScope, req.body.serviceIds, req.lang);
      const t = await createToken({
        tenantId,
        userId: p.id,
        name: req.body.name,
        scope: req.body.scope,
        expiresInDays: req.body.expiresInDays,
        serviceIds,
        ipAllowlist,
      });
      await auditRequest(req, {
        action: 'tokens.create',
        targetType: 'api_token',
        targetId: t.id,
        summary: {
          scope: req.body.scope,
          prefix: t.prefix,
          expiresAt: formatInstant(t.expiresAt),
          serviceIds,
          ipAllowlist,
        },
        personal: { name: req.body.name },
      });
      reply.code(201);
      return {
        id: t.id,
        token: t.token,
        prefix: t.prefix,
        scope: req.body.scope,
        expiresAt: formatInstant(t.expiresAt),
      };
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { auth: 'tokens.manage', action: 'tokens.revoke' },
      schema: {
        operationId: 'revokeToken',
        tags: ['tokens'],
        summary: "Revoke one of my tokens (administrators: any of the tenant's)",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const tenantId = req.tenantId!;
      const t = await findToken(tenantId, req.params.id, can(p, 'users.manage') ? undefined : p.id);
      if (!t) throw notFound();
      await revokeToken(tenantId, t.id);
      await auditRequest(req, {
        action: 'tokens.revoke',
        targetType: 'api_token',
        targetId: t.id,
        summary: { ownerId: t.user_id, alreadyRevoked: t.revoked_at !== null },
      });
      reply.code(204);
      return null;
    },
  );
}
