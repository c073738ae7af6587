import { Type } from '@sinclair/typebox';
import { AppError } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { ipAllowed } from '../../lib/ip.ts';
import { formatInstant } from '../../lib/time.ts';
import { tenantSettings } from './principals.ts';
import { saveTenantSettings, securityEvents } from './security.ts';
import { normaliseCidrList } from './tokens.ts';

export const MAX_TENANT_CIDRS = 100;

const AllowlistScope = Type.Union([Type.Literal('admins'), Type.Literal('all')]);
const SettingsFields = {
  ipAllowlist: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: MAX_TENANT_CIDRS }),
  allowlistScope: AllowlistScope,
  allowlistTokens: Type.Boolean(),
  mfaRequiredAll: Type.Boolean(),
};
const SettingsOut = Type.Object({ ...SettingsFields, yourIp: Type.String() });

const EventOut = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]),
  actorKind: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Record(Type.String(), Type.Unknown()),
  login: Type.Union([Type.String(), Type.Null()]),
  sourceIp: Type.Union([Type.String(), Type.Null()]),
});

/**
 * The tenant's security settings (9.2.3: source-IP allowlist and MFA policy, set by the customer)
 * and its security log (logins, refusals, lockouts, account changes).
 */
export function securityRoutes(app: App): void {
  app.get(
    '/api/v1/security/settings',
    {
      config: { auth: 'security.manage' },
      schema: {
        operationId: 'getSecuritySettings',
        tags: ['security'],
        summary: 'Source-IP allowlist and MFA policy of the tenant, with the caller’s own address',
        response: { 200: SettingsOut },
      },
    },
    async (req) => ({ ...(await tenantSettings(req.tenantId!)), yourIp: req.ip }),
  );

  app.put(
    '/api/v1/security/settings',
    {
      config: { auth: 'security.manage', action: 'security.settings.update' },
      schema: {
        operationId: 'updateSecuritySettings',
        tags: ['security'],
        summary:
          'Replace the allowlist and MFA policy; refused (self_lockout) when the caller’s address would be outside the list',
        body: Type.Object(SettingsFields, { additionalProperties: false }),
        response: { 200: SettingsOut },
      },
    },
    async (req) => {
      const tenantId = req.tenantId!;
      const ipAllowlist = normaliseCidrList(req.body.ipAllowlist, '/body/ipAllowlist', req.lang);
      // the administrator must keep their own way in: the list applies to administrators always
      if (ipAllowlist.length > 0 && !ipAllowed(req.ip, ipAllowlist)) {
        throw new AppError('self_lockout', {
          detail: {
            ja: `現在の接続元 IP アドレス ${req.ip} を許可リストに含めてください。`,
            en: `Include your current source IP address ${req.ip} in the list.`,
          },
          fields: [
            {
              field: '/body/ipAllowlist',
              code: 'self_lockout',
              message:
                req.lang === 'ja'
                  ? `現在の接続元 IP アドレス ${req.ip} が含まれていません。`
                  : `Your current source IP address ${req.ip} is not in the list.`,
            },
          ],
        });
      }
      const before = await tenantSettings(tenantId);
      const after = {
        ipAllowlist,
        allowlistScope: req.body.allowlistScope,
        allowlistTokens: req.body.allowlistTokens,
        mfaRequiredAll: req.body.mfaRequiredAll,
      };
      await saveTenantSettings(tenantId, after);
      await auditRequest(req, {
        action: 'security.settings.update',
        targetType: 'tenant_setting',
        targetId: tenantId,
        // CIDR lists and flags are configuration, not personal data
        summary: { before, after },
      });
      return { ...after, yourIp: req.ip };
    },
  );

  app.get(
    '/api/v1/security/events',
    {
      config: { auth: 'security.read' },
      schema: {
        operationId: 'listSecurityEvents',
        tags: ['security'],
        summary: 'Security log of the tenant: logins, refusals, lockouts, account and token changes',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(EventOut),
            /** Pass as `before` for the next (older) page; null on the last page. */
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 50;
      const rows = await securityEvents(req.tenantId!, limit, req.query.before);
      return {
        items: rows.map((r) => ({ ...r, at: formatInstant(r.at) })),
        nextBefore: rows.length === limit ? rows[rows.length - 1]!.seq : null,
      };
    },
  );
}
