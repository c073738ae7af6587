import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { parseServiceCode } from '../contracts/service-code.ts';
import { checkLabel } from './label.ts';
import {
  connectionsOfService,
  contractSummary,
  findService,
  listConnections,
  listServices,
} from './repository.ts';
import {
  ConnectionOut,
  connectionOut,
  ContractSummaryOut,
  contractSummaryOut,
  ServiceOut,
  serviceOut,
} from './schema.ts';
import { setServiceLabel } from './service.ts';

const Paging = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ServiceDetail = Type.Composite([
  ServiceOut,
  Type.Object({ contract: ContractSummaryOut, connections: Type.Array(ConnectionOut) }),
]);

/** The customer's contracted services, their labels and connections (portal). */
export function servicesRoutes(app: App): void {
  const { serviceCode } = app.pva.config;

  app.get(
    '/api/v1/services',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'listServices',
        tags: ['services'],
        summary: 'Contracted services with their service codes, labels, contract and options',
        querystring: Type.Object({
          q: Type.Optional(
            Type.String({
              maxLength: 200,
              description:
                'Search the service code and the label (case-insensitive; full-width and half-width forms match)',
            }),
          ),
          code: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 40,
              description: 'Exactly this service code (its check digit is verified when one is configured)',
            }),
          ),
        }),
        response: { 200: Type.Array(ServiceOut) },
      },
    },
    async (req) => {
      const code =
        req.query.code !== undefined
          ? parseServiceCode(serviceCode, req.query.code, '/querystring/code', req.lang)
          : undefined;
      const q = req.query.q?.trim() || undefined;
      return (await listServices(req.principal!.serviceScope, { q, code })).map(serviceOut);
    },
  );

  app.get(
    '/api/v1/services/:id',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'getService',
        tags: ['services'],
        summary: 'One contracted service with its contract, options, label and connections',
        params: IdParams,
        response: { 200: ServiceDetail },
      },
    },
    async (req) => {
      const s = await findService(req.params.id, req.principal!.serviceScope);
      if (!s) throw notFound();
      const contract = (await contractSummary(s.contract_id))!;
      return {
        ...serviceOut(s),
        contract: contractSummaryOut(contract),
        connections: (await connectionsOfService(s.id)).map(connectionOut),
      };
    },
  );

  app.put(
    '/api/v1/services/:id/label',
    {
      config: { auth: 'labels.write', action: 'service.label.set' },
      schema: {
        operationId: 'setServiceLabel',
        tags: ['services'],
        summary:
          "Set the customer's label of a service code: any text up to 200 characters, trimmed, no control characters; empty clears it",
        params: IdParams,
        body: Type.Object(
          {
            label: Type.String({
              maxLength: 1000,
              description: 'Checked after trimming: at most 200 characters',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ServiceOut },
      },
    },
    async (req) => {
      const scope = req.principal!.serviceScope;
      const label = checkLabel(req.body.label, req.lang);
      const changed = await setServiceLabel(req.params.id, scope, label);
      if (!changed) throw notFound();
      await auditRequest(req, {
        action: 'service.label.set',
        tenantId: changed.tenantId,
        targetType: 'service',
        targetId: req.params.id,
        summary: { before: changed.before, after: changed.after },
      });
      return serviceOut((await findService(req.params.id, scope))!);
    },
  );

  app.get(
    '/api/v1/connections',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'listConnections',
        tags: ['services'],
        summary: 'Connections of the tenant’s virtual networks, with the service code and its label',
        querystring: Paging,
        response: { 200: Type.Array(ConnectionOut) },
      },
    },
    async (req) =>
      (await listConnections(req.principal!.serviceScope, req.query.limit, req.query.offset)).map(
        connectionOut,
      ),
  );
}
