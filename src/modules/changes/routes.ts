import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { listenerUrl } from '../../lib/url.ts';
import { getChangeRequest, listChangeRequests, listEvents, type ChangeRow } from './repository.ts';
import {
  ChangeRequestDetail,
  ChangeRequestOut,
  changeOut,
  CreateBody,
  eventOut,
  ExecuteBody,
  IdParams,
  ListQuery,
  MgmtListQuery,
  NoteBody,
  RejectBody,
} from './schema.ts';
import { checkNote, submitChangeRequest, transition, type Notify, type Transition } from './service.ts';

const TAGS = ['change-requests'];

async function detail(row: ChangeRow, forStaff: boolean) {
  const events = await listEvents(row.id, forStaff);
  return { ...changeOut(row, forStaff), timeline: events.map((e) => eventOut(e, forStaff)) };
}

/** The audit record of a step: free text (reasons, notes, descriptions) only in `personal`. */
async function auditStep(
  req: FastifyRequest,
  t: Transition | 'submit',
  row: ChangeRow,
  from: string | null,
  note: string | null,
): Promise<void> {
  const personal: Record<string, unknown> = {};
  if (note) personal.note = note;
  if (row.desired.description) personal.description = row.desired.description;
  await auditRequest(req, {
    action: `change_request.${t}`,
    tenantId: row.tenant_id,
    targetType: 'change_request',
    targetId: row.id,
    summary: {
      number: row.number,
      kind: row.kind,
      service: row.service_id,
      from,
      to: row.status,
      ...(row.kind === 'bandwidth'
        ? {
            bandwidthMbps: {
              current: row.current?.bandwidthMbps ?? null,
              desired: row.desired.bandwidthMbps,
            },
          }
        : {}),
      desiredDate: row.desired_date,
    },
    ...(Object.keys(personal).length ? { personal } : {}),
  });
}

/**
 * Change requests (CLD.12.1.5, 18.1.2). Portal: the customer submits, follows and withdraws
 * requests for their own services. Management: staff review the queue across tenants, approve
 * or reject, and execute through the same code path as any provider edit.
 */
export function changesRoutes(app: App): void {
  if (app.pva.plane === 'portal') portalRoutes(app);
  else mgmtRoutes(app);
}

function portalRoutes(app: App): void {
  // read at request time: the listener's URL is known only once it listens
  const notify = (): Notify => ({ portalUrl: app.pva.publicUrl });

  app.get(
    '/api/v1/change-requests',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'listChangeRequests',
        tags: TAGS,
        summary: 'Change requests for the services you can see, newest first',
        querystring: ListQuery,
        response: { 200: Type.Array(ChangeRequestOut) },
      },
    },
    async (req) =>
      (
        await listChangeRequests({
          scope: req.principal!.serviceScope,
          status: req.query.status,
          limit: req.query.limit ?? 100,
          offset: req.query.offset ?? 0,
        })
      ).map((r) => changeOut(r, false)),
  );

  app.get(
    '/api/v1/change-requests/:id',
    {
      config: { auth: 'services.read' },
      schema: {
        operationId: 'getChangeRequest',
        tags: TAGS,
        summary: 'One change request with its timeline',
        params: IdParams,
        response: { 200: ChangeRequestDetail },
      },
    },
    async (req) => {
      const row = await getChangeRequest(req.params.id, req.principal!.serviceScope);
      if (!row) throw notFound();
      return detail(row, false);
    },
  );

  app.post(
    '/api/v1/change-requests',
    {
      config: { auth: 'changes.request', action: 'change_request.submit' },
      schema: {
        operationId: 'submitChangeRequest',
        tags: TAGS,
        summary:
          'Ask the provider to change a setting of a service (bandwidth, or anything else in words) by a desired day (JST)',
        body: CreateBody,
        response: { 201: ChangeRequestDetail },
      },
    },
    async (req, reply) => {
      const row = await submitChangeRequest(req.principal!, req.body, req.lang, notify());
      await auditStep(req, 'submit', row, null, row.reason || null);
      reply.code(201);
      return detail(row, false);
    },
  );

  app.post(
    '/api/v1/change-requests/:id/withdraw',
    {
      config: { auth: 'changes.request', action: 'change_request.withdraw' },
      schema: {
        operationId: 'withdrawChangeRequest',
        tags: TAGS,
        summary: 'Withdraw a change request while it is still waiting for a decision',
        params: IdParams,
        response: { 200: ChangeRequestDetail },
      },
    },
    async (req) => {
      const p = req.principal!;
      const { before, row } = await transition(
        req.params.id,
        'withdraw',
        { kind: 'customer', id: p.id, scope: p.serviceScope },
        null,
        req.lang,
        notify(),
      );
      await auditStep(req, 'withdraw', row, before, null);
      return detail(row, false);
    },
  );
}

function mgmtRoutes(app: App): void {
  const { config } = app.pva;
  const notify = (): Notify => ({
    portalUrl: config.portalUrl ?? listenerUrl(config.portal.host, config.portal.port),
  });

  app.get(
    '/api/v1/change-requests',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'listChangeRequests',
        tags: TAGS,
        summary: 'The queue of customer change requests across tenants, newest first',
        querystring: MgmtListQuery,
        response: { 200: Type.Array(ChangeRequestOut) },
      },
    },
    async (req) =>
      (
        await listChangeRequests({
          scope: null,
          status: req.query.status,
          tenantId: req.query.tenantId,
          limit: req.query.limit ?? 100,
          offset: req.query.offset ?? 0,
        })
      ).map((r) => changeOut(r, true)),
  );

  app.get(
    '/api/v1/change-requests/:id',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'getChangeRequest',
        tags: TAGS,
        summary: 'One change request with its timeline',
        params: IdParams,
        response: { 200: ChangeRequestDetail },
      },
    },
    async (req) => {
      const row = await getChangeRequest(req.params.id, null);
      if (!row) throw notFound();
      return detail(row, true);
    },
  );

  const step = (
    t: Exclude<Transition, 'withdraw'>,
    opts: { auth: 'changes.approve' | 'network.manage'; summary: string; operationId: string },
  ) => {
    const body = t === 'reject' ? RejectBody : t === 'execute' ? ExecuteBody : NoteBody;
    app.post(
      `/api/v1/change-requests/:id/${t}`,
      {
        config: { auth: opts.auth, action: `change_request.${t}` },
        schema: {
          operationId: opts.operationId,
          tags: TAGS,
          summary: opts.summary,
          params: IdParams,
          body,
          response: { 200: ChangeRequestDetail },
        },
      },
      async (req) => {
        const b = (req.body ?? {}) as { note?: string; reason?: string };
        const note =
          t === 'reject'
            ? checkNote(b.reason, 'reason', true, req.lang)
            : checkNote(b.note, 'note', false, req.lang);
        const { before, row } = await transition(
          req.params.id,
          t,
          { kind: 'staff', id: req.principal!.id, scope: null },
          note,
          req.lang,
          notify(),
        );
        await auditStep(req, t, row, before, note);
        return detail(row, true);
      },
    );
  };
  step('approve', {
    auth: 'changes.approve',
    operationId: 'approveChangeRequest',
    summary: 'Approve a submitted change request (the requester is notified)',
  });
  step('reject', {
    auth: 'changes.approve',
    operationId: 'rejectChangeRequest',
    summary: 'Reject a submitted change request with a reason; nothing is changed',
  });
  step('execute', {
    auth: 'network.manage',
    operationId: 'executeChangeRequest',
    summary:
      'Carry out an approved change request: a bandwidth change goes through the service edit path; other changes need a note of what was done',
  });
}
