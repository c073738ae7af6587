import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { recordAudit } from '../audit/service.ts';
import { can } from '../identity/policy.ts';
import { Owner } from '../services/schema.ts';
import { openSecret } from '../tenancy/keys.ts';
import { customerSwanctl, parameterSheet, shortName, type CustomerIpsecFacts } from './customer-config.ts';
import { customerConnection, siblingPrefixes, type CustomerConnectionRow } from './model-repository.ts';
import { canonicalAddress, canonicalPrefix, uniqueSorted } from './render/addr.ts';

const tags = ['networks'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ConfigQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('swanctl'), Type.Literal('sheet')], {
        description: 'swanctl: a strongSwan swanctl.conf; sheet: the parameters as plain text',
      }),
    ),
    lang: Type.Optional(
      Type.Union([Type.Literal('ja'), Type.Literal('en')], { description: 'default: Accept-Language' }),
    ),
  },
  { additionalProperties: false },
);
const PskOut = Type.Object({
  owner: Owner('customer'),
  connectionId: Type.String({ format: 'uuid' }),
  psk: Type.String({ description: 'The pre-shared key in clear text' }),
});

/** The connection in the tenant's scope, checked to be an IPsec connection that is ready to configure. */
async function ipsecConnection(req: FastifyRequest, id: string): Promise<CustomerConnectionRow> {
  const row = await customerConnection(id, req.principal!.serviceScope);
  if (!row) throw notFound();
  if (row.kind !== 'ipsec') throw new AppError('not_ipsec');
  if (!row.ipsec || !row.pe_underlay || (!row.ipv4_prefix && !row.ipv6_prefix))
    throw new AppError('not_provisioned');
  return row;
}

async function psk(app: App, row: CustomerConnectionRow): Promise<string | null> {
  if (row.ipsec?.auth !== 'psk' || !row.psk_sealed) return null;
  return openSecret(app.pva.config, row.tenant_id, `psk:${row.id}`, row.psk_sealed);
}

async function facts(
  row: CustomerConnectionRow,
  scope: string[] | null,
  key: string | null,
): Promise<CustomerIpsecFacts> {
  return {
    connectionId: row.id,
    connectionName: row.name,
    virtualNetwork: row.vn_name ?? '',
    pop: row.pop_name_ja && row.pop_name_en ? { ja: row.pop_name_ja, en: row.pop_name_en } : null,
    bandwidthMbps: Number(row.bandwidth_mbps),
    peUnderlay: canonicalAddress(row.pe_underlay!),
    transfers: [row.ipv4_prefix, row.ipv6_prefix].filter((x): x is string => !!x).map(canonicalPrefix),
    customerSubnets: uniqueSorted(row.customer_subnets.map(canonicalPrefix)),
    otherPrefixes: uniqueSorted((await siblingPrefixes(row.id, scope)).map(canonicalPrefix)),
    settings: row.ipsec!,
    psk: key,
  };
}

/** `attachment` with an ASCII file name. */
const attachment = (name: string): string => `attachment; filename="${name}"`;

/**
 * The customer's side of an IPsec connection (portal): the configuration for their own router
 * and a parameter sheet. The PSK is included only for tenant administrators (connections.secrets);
 * every download is audited, and so is every reveal of the PSK.
 */
export function customerConfigRoutes(app: App): void {
  app.get(
    '/api/v1/connections/:id/ipsec-config',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'downloadIpsecConfig',
        tags,
        summary:
          'The configuration of your own equipment for an IPsec connection: swanctl.conf or a parameter sheet',
        description:
          'The pre-shared key is included only for tenant administrators; for everyone else its line is a comment. Every download is recorded in the audit trail. 409 not_ipsec for a direct connection, 409 not_provisioned while the PE, addresses or IPsec settings are not set.',
        params: IdParams,
        querystring: ConfigQuery,
        response: {
          200: {
            description: 'The file, as an attachment',
            content: { 'text/plain': { schema: Type.String() } },
          },
        },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const row = await ipsecConnection(req, req.params.id);
      const format = req.query.format ?? 'swanctl';
      const lang = req.query.lang ?? req.lang;
      const includePsk = can(p, 'connections.secrets') && !p.readOnly && row.ipsec!.auth === 'psk';
      const f = await facts(row, p.serviceScope, includePsk ? await psk(app, row) : null);
      await recordAudit({
        action: 'connection.ipsec_config_download',
        tenantId: row.tenant_id,
        targetType: 'connection',
        targetId: row.id,
        summary: { format, lang, includesPsk: f.psk !== null },
      });
      const name =
        format === 'swanctl'
          ? `${shortName(row.id)}-swanctl.conf`
          : `${shortName(row.id)}-parameters-${lang}.txt`;
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', attachment(name))
        .header('cache-control', 'no-store')
        .send(format === 'swanctl' ? customerSwanctl(f, lang) : parameterSheet(f, lang));
    },
  );

  app.post(
    '/api/v1/connections/:id/reveal-psk',
    {
      config: { auth: 'connections.secrets', action: 'connection.psk_reveal' },
      schema: {
        operationId: 'revealConnectionPsk',
        tags,
        summary:
          'Show the pre-shared key of an IPsec connection (administrators; recorded in the audit trail)',
        params: IdParams,
        response: { 200: PskOut },
      },
    },
    async (req, reply) => {
      const row = await ipsecConnection(req, req.params.id);
      const key = await psk(app, row);
      if (key === null)
        throw new AppError('conflict', {
          detail: {
            ja: 'この接続は証明書で認証するため、事前共有鍵はありません。',
            en: 'This connection authenticates with certificates: it has no pre-shared key.',
          },
        });
      await auditRequest(req, {
        action: 'connection.psk_reveal',
        tenantId: row.tenant_id,
        targetType: 'connection',
        targetId: row.id,
        summary: { name: row.name },
      });
      reply.header('cache-control', 'no-store');
      return { owner: 'customer' as const, connectionId: row.id, psk: key };
    },
  );
}
