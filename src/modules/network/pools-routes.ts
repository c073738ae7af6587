import { Type, type Static } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { formatInstant } from '../../lib/time.ts';
import { Owner } from '../services/schema.ts';
import { blockCount, prefixOf } from './addressing.ts';
import { findPool, listPools, type PoolRow } from './pools-repository.ts';
import { createPool, deletePool } from './pools-service.ts';
import { tenantState } from './virtual-repository.ts';
import { IdParams, TenantIdParams } from './virtual-schema.ts';

const tags = ['address-pools'];

export const PoolOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  tenantId: Type.String({ format: 'uuid' }),
  family: Type.Union([Type.Literal(4), Type.Literal(6)]),
  prefix: Type.String(),
  assignLength: Type.Integer({ description: 'Length of the transfer prefix each connection gets' }),
  assigned: Type.Integer({ description: "Transfer prefixes of the tenant's connections inside this pool" }),
  blocks: Type.Integer({ description: 'How many prefixes of assignLength the pool holds' }),
  owner: Owner('provider'),
  createdAt: Type.String({ format: 'date-time' }),
});

const CreatePoolBody = Type.Object(
  {
    prefix: Type.String({
      minLength: 3,
      maxLength: 64,
      description: 'IPv4 or IPv6 prefix, e.g. 10.64.0.0/24',
    }),
    assignLength: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 128,
        description: 'Per connection; default 30 (IPv4) or 126 (IPv6)',
      }),
    ),
  },
  { additionalProperties: false },
);

function poolOut(p: PoolRow): Static<typeof PoolOut> {
  const prefix = prefixOf(p.prefix);
  return {
    id: p.id,
    tenantId: p.tenant_id,
    family: prefix.family,
    prefix: p.prefix,
    assignLength: p.assign_length,
    assigned: Number(p.assigned),
    blocks: blockCount(prefix, p.assign_length),
    owner: 'provider',
    createdAt: formatInstant(p.created_at),
  };
}

/** Per-tenant address pools (management listener). */
export function poolsRoutes(app: App): void {
  app.get(
    '/api/v1/tenants/:tenantId/pools',
    {
      config: { auth: 'network.read', customerData: true },
      schema: {
        operationId: 'listTenantPools',
        tags,
        summary: "A customer's address pools with how many transfer prefixes are assigned from each",
        params: TenantIdParams,
        response: { 200: Type.Array(PoolOut) },
      },
    },
    async (req) => {
      if (!(await tenantState(req.params.tenantId))) throw notFound();
      return (await listPools(req.params.tenantId)).map(poolOut);
    },
  );

  app.post(
    '/api/v1/tenants/:tenantId/pools',
    {
      config: { auth: 'network.manage', action: 'pool.create' },
      schema: {
        operationId: 'createTenantPool',
        tags,
        summary:
          "Add an address pool to a customer. It may not overlap the customer's other pools (409 address_overlap) or a management network (409 mgmt_network_overlap)",
        params: TenantIdParams,
        body: CreatePoolBody,
        response: { 201: PoolOut },
      },
    },
    async (req, reply) => {
      const r = await createPool(req.params.tenantId, req.body, req.lang);
      await auditRequest(req, {
        action: 'pool.create',
        tenantId: req.params.tenantId,
        targetType: 'tenant_pool',
        targetId: r.id,
        summary: { prefix: r.prefix, assignLength: r.assignLength },
      });
      reply.code(201);
      return poolOut((await findPool(r.id))!);
    },
  );

  app.delete(
    '/api/v1/pools/:id',
    {
      config: { auth: 'network.manage', action: 'pool.delete' },
      schema: {
        operationId: 'deleteTenantPool',
        tags,
        summary: 'Remove an address pool from which no connection holds a prefix (else 409 in_use)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const r = await deletePool(req.params.id);
      await auditRequest(req, {
        action: 'pool.delete',
        tenantId: r.tenantId,
        targetType: 'tenant_pool',
        targetId: req.params.id,
        summary: { prefix: r.prefix },
      });
      reply.code(204);
      return null;
    },
  );
}
