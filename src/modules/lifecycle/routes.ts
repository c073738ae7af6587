import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { zonedDate } from '../../lib/time.ts';
import { ERASURE_DAYS } from './dates.ts';
import {
  currentTermination,
  findCertificate,
  findTermination,
  listTerminations,
  type TerminationRow,
} from './repository.ts';
import {
  EraseOnBody,
  IdParams,
  PortalTermination,
  RequestBody,
  StaffRequestBody,
  StaffTerminationOut,
  staffTerminationOut,
  TenantParams,
  terminationOut,
} from './schema.ts';
import { cancelTermination, confirmTermination, requestTermination, setErasureDate } from './service.ts';

const TAGS = ['lifecycle'];

/** Contract termination, erasure and erasure certificates (issue 9: CLD.8.1.5, principles 8 and 9). */
export function lifecycleRoutes(app: App): void {
  const audit = (
    req: FastifyRequest,
    action: string,
    t: TerminationRow,
    extra: Record<string, unknown> = {},
  ) =>
    auditRequest(req, {
      action,
      tenantId: t.tenant_id,
      targetType: 'termination',
      targetId: t.id,
      summary: {
        status: t.status,
        terminationDate: t.termination_date,
        eraseAt: t.erase_at.toISOString(),
        ...extra,
      },
    });
  if (app.pva.plane === 'portal') portal(app, audit);
  else console_(app, audit);
}

type Audit = (
  req: FastifyRequest,
  action: string,
  t: TerminationRow,
  extra?: Record<string, unknown>,
) => Promise<void>;

function portal(app: App, audit: Audit): void {
  const state = async (tenantId: string) => {
    const t = await currentTermination(tenantId);
    return {
      termination: t ? terminationOut(t) : null,
      today: zonedDate(new Date()),
      graceDays: app.pva.config.lifecycle.graceDays,
      erasureDays: ERASURE_DAYS,
    };
  };
  app.get(
    '/api/v1/termination',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'getTermination',
        tags: TAGS,
        summary: 'The termination of your contract, if one is requested: its dates and the erasure deadline',
        response: { 200: PortalTermination },
      },
    },
    async (req) => state(req.principal!.tenantId!),
  );
  app.post(
    '/api/v1/termination',
    {
      config: { auth: 'contract.terminate' },
      schema: {
        operationId: 'requestTermination',
        tags: TAGS,
        summary: 'Request the termination of your contract on a date you choose (confirmed by the provider)',
        body: RequestBody,
        response: { 200: PortalTermination },
      },
    },
    async (req) => {
      const p = req.principal!;
      const body = req.body;
      const t = await requestTermination(
        app.pva.config,
        { tenantId: p.tenantId!, terminationDate: body.terminationDate },
        { kind: 'customer', id: p.id },
        req.lang,
      );
      await audit(req, 'lifecycle.termination.request', t);
      return state(p.tenantId!);
    },
  );
  app.delete(
    '/api/v1/termination',
    {
      config: { auth: 'contract.terminate' },
      schema: {
        operationId: 'cancelTermination',
        tags: TAGS,
        summary: 'Cancel the termination before the termination date has ended',
        response: { 200: PortalTermination },
      },
    },
    async (req) => {
      const tenantId = req.principal!.tenantId!;
      const t = await currentTermination(tenantId);
      if (!t) throw notFound();
      await audit(req, 'lifecycle.termination.cancel', await cancelTermination(t.id));
      return state(tenantId);
    },
  );
}

function console_(app: App, audit: Audit): void {
  const staffId = (req: FastifyRequest) => req.principal!.id;
  const one = async (id: string) => {
    const t = await findTermination(id);
    if (!t) throw notFound();
    return t;
  };
  app.get(
    '/api/v1/terminations',
    {
      config: { auth: 'tenants.read' },
      schema: {
        operationId: 'listTerminations',
        tags: TAGS,
        summary: 'Every open or completed termination, with the day of the erasure period and the days left',
        querystring: Type.Object(
          { includeCancelled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(StaffTerminationOut) },
      },
    },
    async (req) => {
      const q = req.query;
      const now = new Date();
      return (await listTerminations({ includeCancelled: q.includeCancelled ?? false })).map((t) =>
        staffTerminationOut(t, now),
      );
    },
  );
  app.post(
    '/api/v1/tenants/:tenantId/termination',
    {
      config: { auth: 'tenants.manage' },
      schema: {
        operationId: 'enterTermination',
        tags: TAGS,
        summary: "Enter a customer's termination (confirmed at once), optionally with an earlier erasure day",
        params: TenantParams,
        body: StaffRequestBody,
        response: { 200: StaffTerminationOut },
      },
    },
    async (req) => {
      const { tenantId } = req.params;
      const b = req.body;
      const t = await requestTermination(
        app.pva.config,
        { tenantId, ...b },
        { kind: 'staff', id: staffId(req) },
        req.lang,
      );
      await audit(req, 'lifecycle.termination.enter', t);
      return staffTerminationOut(t);
    },
  );
  const step = (
    path: string,
    operationId: string,
    summary: string,
    action: string,
    run: (req: FastifyRequest, id: string) => Promise<TerminationRow>,
    body?: typeof EraseOnBody,
  ) =>
    app.post(
      `/api/v1/terminations/:id/${path}`,
      {
        config: { auth: 'tenants.manage' },
        schema: {
          operationId,
          tags: TAGS,
          summary,
          params: IdParams,
          ...(body ? { body } : {}),
          response: { 200: StaffTerminationOut },
        },
      },
      async (req) => {
        const { id } = req.params;
        const t = await run(req, id);
        await audit(req, action, t);
        return staffTerminationOut(t);
      },
    );
  step(
    'confirm',
    'confirmTermination',
    "Confirm a customer's termination request",
    'lifecycle.termination.confirm',
    (req, id) => confirmTermination(id, staffId(req)),
  );
  step(
    'cancel',
    'cancelTerminationByStaff',
    'Cancel a termination before its date has ended',
    'lifecycle.termination.cancel',
    (_req, id) => cancelTermination(id),
  );
  step(
    'erasure-date',
    'setErasureDate',
    'Set an earlier erasure day (never after the deadline); the export grace ends with it',
    'lifecycle.erasure.schedule',
    (req, id) => setErasureDate(app.pva.config, id, (req.body as { eraseOn: string }).eraseOn, req.lang),
    EraseOnBody,
  );
  app.get(
    '/api/v1/terminations/:id/certificate',
    {
      config: { auth: 'tenants.read' },
      schema: {
        operationId: 'downloadErasureCertificate',
        tags: TAGS,
        summary:
          'The signed erasure certificate (JSON), as emailed to the customer; check it with `pva erasure verify`',
        params: IdParams,
        produces: ['application/json'],
        response: { 200: Type.String({ description: 'the certificate file' }) },
      },
    },
    async (req, reply) => {
      const t = await one(req.params.id);
      const c = await findCertificate(t.id);
      if (!c) throw notFound();
      reply.header('content-type', 'application/json; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="erasure-certificate-${t.tenant_code}.json"`);
      reply.header('cache-control', 'no-store');
      return c.document;
    },
  );
}
