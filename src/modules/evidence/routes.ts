import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { checkpointRoutes, signingKeyRoute } from './checkpoint-routes.ts';
import * as repo from './repository.ts';
import { CreateBody, DecisionBody, IdParams, ListQuery, RequestOut, requestOut } from './schema.ts';
import { createRequest, decideRequest, takeBundle } from './service.ts';

const TAGS = ['evidence'];

/**
 * Evidence on request (16.1.7). Portal: a customer administrator requests evidence for a window,
 * follows the build and downloads the bundle (each download audited). Console: security staff
 * approve or reject (every read of a request audited). Both: the published signing key.
 */
export function evidenceRoutes(app: App): void {
  signingKeyRoute(app);
  const staff = app.pva.plane === 'mgmt';
  if (staff) checkpointRoutes(app);
  const perm = staff ? 'evidence.manage' : 'evidence.request';
  const read = { auth: perm, ...(staff ? { customerData: true } : {}) } as const;

  app.get(
    '/api/v1/evidence-requests',
    {
      config: read,
      schema: {
        operationId: 'listEvidenceRequests',
        tags: TAGS,
        summary: staff
          ? 'Evidence requests of every tenant, newest first (the read is audited)'
          : "Your tenant's evidence requests, newest first, with build progress",
        querystring: ListQuery,
        response: { 200: Type.Array(RequestOut) },
      },
    },
    async (req) => {
      const rows = await repo.listRequests({
        ...(staff ? {} : { tenantId: req.tenantId! }),
        ...(req.query.status ? { status: req.query.status } : {}),
        limit: req.query.limit ?? 100,
      });
      return rows.map(requestOut);
    },
  );

  app.get(
    '/api/v1/evidence-requests/:id',
    {
      config: read,
      schema: {
        operationId: 'getEvidenceRequest',
        tags: TAGS,
        summary: 'One evidence request with its status, build progress and bundle',
        params: IdParams,
        response: { 200: RequestOut },
      },
    },
    async (req) => {
      const r = await repo.findRequest(req.params.id, staff ? null : req.tenantId!);
      if (!r) throw notFound();
      return requestOut(r);
    },
  );

  if (staff) {
    for (const [verb, approve] of [
      ['approve', true],
      ['reject', false],
    ] as const) {
      app.post(
        `/api/v1/evidence-requests/:id/${verb}`,
        {
          config: { auth: 'evidence.manage' },
          schema: {
            operationId: approve ? 'approveEvidenceRequest' : 'rejectEvidenceRequest',
            tags: TAGS,
            summary: approve
              ? 'Approve a submitted request: the bundle is built by a job, with progress on the request'
              : 'Reject a submitted request, with the reason the customer sees',
            params: IdParams,
            body: DecisionBody,
            response: { 200: RequestOut },
          },
        },
        async (req) => {
          await decideRequest(app.pva.config, req.params.id, req.principal!.id, approve, req.body.reason);
          req.audited = true;
          return requestOut((await repo.findRequest(req.params.id, null))!);
        },
      );
    }
    return;
  }

  app.post(
    '/api/v1/evidence-requests',
    {
      config: { auth: 'evidence.request' },
      schema: {
        operationId: 'createEvidenceRequest',
        tags: TAGS,
        summary:
          'Request provider-side evidence for a time window; security staff approve it before it is built',
        body: CreateBody,
        response: { 201: RequestOut },
      },
    },
    async (req, reply) => {
      const userId = req.actor.kind === 'customer' ? req.principal!.id : null;
      const id = await createRequest(app.pva.config, req.tenantId!, userId, req.body);
      req.audited = true;
      reply.code(201);
      const created = await repo.findRequest(id, req.tenantId);
      if (!created) throw notFound();
      return requestOut(created);
    },
  );

  app.get(
    '/api/v1/evidence-requests/:id/bundle',
    {
      config: { auth: 'evidence.request' },
      schema: {
        operationId: 'downloadEvidenceBundle',
        tags: TAGS,
        summary:
          'Download the evidence bundle (a tar archive; verify it with `pva evidence verify`). Audited',
        params: IdParams,
        response: {
          200: {
            description: 'The bundle',
            content: {
              'application/x-tar': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const b = await takeBundle(req.params.id, req.tenantId!);
      return reply
        .type('application/x-tar')
        .header('content-disposition', `attachment; filename="${b.name}"`)
        .header('cache-control', 'no-store')
        .send(b.content);
    },
  );
}
