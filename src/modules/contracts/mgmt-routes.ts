import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { findService, listServices } from '../services/repository.ts';
import {
  listContracts,
  renameTenant,
  lockTenant,
  tenantDetail,
  findContract,
  tenantOfService,
} from './repository.ts';
import {
  ContractOut,
  contractOut,
  CreateContractBody,
  CreateServiceBody,
  CreateTenantBody,
  IdParams,
  PatchContractBody,
  PatchServiceBody,
  PatchTenantBody,
  ProviderServiceOut,
  providerServiceOut,
  ServiceLookupOut,
  TenantIdParams,
  TenantOut,
  tenantOut,
  TransitionBody,
} from './schema.ts';
import { parseServiceCode } from './service-code.ts';
import {
  createContract,
  createContractedService,
  createTenant,
  transitionContract,
  updateContract,
  updateContractedService,
} from './service.ts';

const tags = ['tenants'];

/**
 * The provider's side of tenants, contracts and contracted services (management listener).
 * Reads are customer data (labels included): a staff member's read is audited.
 */
export function contractsMgmtRoutes(app: App): void {
  const { serviceCode } = app.pva.config;
  const tenantView = async (id: string) => {
    const t = await tenantDetail(id);
    if (!t) throw notFound();
    return tenantOut(t);
  };
  const contractView = async (id: string) => {
    const c = (await findContract(id))!;
    return contractOut(c, await listServices(null, { contractIds: [id] }));
  };
  const serviceView = async (id: string) => providerServiceOut((await findService(id, null))!);

  app.get(
    '/api/v1/tenants/:tenantId',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'getTenant',
        tags,
        summary: 'One customer (tenant) with its customer code and the number of contracts and services',
        params: TenantIdParams,
        response: { 200: TenantOut },
      },
    },
    async (req) => tenantView(req.params.tenantId),
  );

  app.post(
    '/api/v1/tenants',
    {
      config: { auth: 'tenants.manage', action: 'tenant.create' },
      schema: {
        operationId: 'createTenant',
        tags,
        summary:
          "Register a customer (tenant) with a customer code ('C' and 7 digits; allocated when omitted)",
        body: CreateTenantBody,
        response: { 201: TenantOut },
      },
    },
    async (req, reply) => {
      const t = await createTenant(req.body, req.lang);
      await auditRequest(req, {
        action: 'tenant.create',
        tenantId: t.id,
        targetType: 'tenant',
        targetId: t.id,
        summary: { code: t.code, name: req.body.name.trim() },
      });
      reply.code(201);
      return tenantView(t.id);
    },
  );

  app.patch(
    '/api/v1/tenants/:tenantId',
    {
      config: { auth: 'tenants.manage', action: 'tenant.update' },
      schema: {
        operationId: 'updateTenant',
        tags,
        summary: 'Rename a customer (tenant); the customer code does not change',
        params: TenantIdParams,
        body: PatchTenantBody,
        response: { 200: TenantOut },
      },
    },
    async (req) => {
      const t = await lockTenant(req.params.tenantId);
      if (!t) throw notFound();
      const name = req.body.name.trim();
      if (name !== t.name) await renameTenant(t.id, name);
      await auditRequest(req, {
        action: 'tenant.update',
        tenantId: t.id,
        targetType: 'tenant',
        targetId: t.id,
        summary: { name: { before: t.name, after: name } },
      });
      return tenantView(t.id);
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId/contracts',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'listTenantContracts',
        tags,
        summary: "A customer's contracts with their contracted services",
        params: TenantIdParams,
        response: { 200: Type.Array(ContractOut) },
      },
    },
    async (req) => {
      await tenantView(req.params.tenantId);
      const services = await listServices(null, { tenantId: req.params.tenantId });
      return (await listContracts({ tenantId: req.params.tenantId })).map((c) => contractOut(c, services));
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId/services',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'listTenantServices',
        tags,
        summary: "A customer's contracted services with service codes, labels and options",
        params: TenantIdParams,
        querystring: Type.Object({
          q: Type.Optional(
            Type.String({ maxLength: 200, description: 'Search the service code and the label' }),
          ),
        }),
        response: { 200: Type.Array(ProviderServiceOut) },
      },
    },
    async (req) => {
      await tenantView(req.params.tenantId);
      const q = req.query.q?.trim() || undefined;
      return (await listServices(null, { tenantId: req.params.tenantId, q })).map(providerServiceOut);
    },
  );

  app.post(
    '/api/v1/tenants/:tenantId/contracts',
    {
      config: { auth: 'tenants.manage', action: 'contract.create' },
      schema: {
        operationId: 'createContract',
        tags,
        summary: 'Register a contract of a customer (status active)',
        params: TenantIdParams,
        body: CreateContractBody,
        response: { 201: ContractOut },
      },
    },
    async (req, reply) => {
      const id = await createContract(req.params.tenantId, req.body, req.lang);
      await auditRequest(req, {
        action: 'contract.create',
        tenantId: req.params.tenantId,
        targetType: 'contract',
        targetId: id,
        summary: {
          number: req.body.number,
          startDate: req.body.startDate,
          endDate: req.body.endDate ?? null,
        },
      });
      reply.code(201);
      return contractView(id);
    },
  );

  app.patch(
    '/api/v1/contracts/:id',
    {
      config: { auth: 'tenants.manage', action: 'contract.update' },
      schema: {
        operationId: 'updateContract',
        tags,
        summary: "Change a contract's number or dates",
        params: IdParams,
        body: PatchContractBody,
        response: { 200: ContractOut },
      },
    },
    async (req) => {
      const r = await updateContract(req.params.id, req.body, req.lang);
      await auditRequest(req, {
        action: 'contract.update',
        tenantId: r.tenantId,
        targetType: 'contract',
        targetId: req.params.id,
        summary: { changes: r.changes },
      });
      return contractView(req.params.id);
    },
  );

  app.post(
    '/api/v1/contracts/:id/transition',
    {
      config: { auth: 'tenants.manage', action: 'contract.transition' },
      schema: {
        operationId: 'transitionContract',
        tags,
        summary:
          'Move a contract along active → terminating → terminated → erased (terminating → active cancels); other steps: 409',
        params: IdParams,
        body: TransitionBody,
        response: { 200: ContractOut },
      },
    },
    async (req) => {
      const r = await transitionContract(req.params.id, req.body.to, req.body.endDate, req.lang);
      await auditRequest(req, {
        action: 'contract.transition',
        tenantId: r.tenantId,
        targetType: 'contract',
        targetId: req.params.id,
        summary: { before: r.changes.status!.before, after: r.changes.status!.after, changes: r.changes },
      });
      return contractView(req.params.id);
    },
  );

  app.post(
    '/api/v1/contracts/:id/services',
    {
      config: { auth: 'tenants.manage', action: 'service.create' },
      schema: {
        operationId: 'createService',
        tags,
        summary: 'Add a contracted service to an active contract; its service code is allocated',
        params: IdParams,
        body: CreateServiceBody,
        response: { 201: ProviderServiceOut },
      },
    },
    async (req, reply) => {
      const s = await createContractedService(serviceCode, req.params.id, req.body, req.lang);
      await auditRequest(req, {
        action: 'service.create',
        tenantId: s.tenantId,
        targetType: 'service',
        targetId: s.id,
        summary: {
          code: s.code,
          contract: req.params.id,
          type: req.body.type,
          bandwidthMbps: req.body.bandwidthMbps ?? null,
          options: req.body.options ?? {},
        },
      });
      reply.code(201);
      return serviceView(s.id);
    },
  );

  app.patch(
    '/api/v1/services/:id',
    {
      config: { auth: 'tenants.manage', action: 'service.update' },
      schema: {
        operationId: 'updateService',
        tags,
        summary: "Change a contracted service's bandwidth or options (the provider's direct edit)",
        params: IdParams,
        body: PatchServiceBody,
        response: { 200: ProviderServiceOut },
      },
    },
    async (req) => {
      const r = await updateContractedService(req.params.id, req.body);
      await auditRequest(req, {
        action: 'service.update',
        tenantId: r.tenantId,
        targetType: 'service',
        targetId: req.params.id,
        summary: { changes: r.changes },
      });
      return serviceView(req.params.id);
    },
  );

  app.get(
    '/api/v1/service-codes/:code',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'lookupServiceCode',
        tags,
        summary: 'Find a contracted service and its customer by service code (the check digit is verified)',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: ServiceLookupOut },
      },
    },
    async (req) => {
      const code = parseServiceCode(serviceCode, req.params.code, '/params/code', req.lang);
      const s = (await listServices(null, { code }))[0];
      if (!s) throw notFound();
      const tenant = (await tenantOfService(s.id))!;
      return { ...providerServiceOut(s), tenant };
    },
  );
}
