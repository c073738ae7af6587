import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { recordAudit } from '../audit/service.ts';
import { addEvidence, cancelDisposal, completeDisposal, createDisposal, updateDisposal } from './disposal.ts';
import { evidenceContent, listDisposals, type DisposalRow } from './disposal-repository.ts';
import { disposalsOut } from './out.ts';
import {
  DisposalBody,
  DisposalOut,
  DisposalParams,
  DisposalPatch,
  DisposalsQuery,
  EvidenceBody,
  EvidenceParams,
} from './schema.ts';

const tags = ['equipment'];

async function one(id: string) {
  const d = (await listDisposals({ id }))[0];
  if (!d) throw notFound();
  return (await disposalsOut([d]))[0]!;
}

async function audit(req: FastifyRequest, action: string, d: DisposalRow, summary: Record<string, unknown>) {
  await auditRequest(req, {
    action,
    tenantId: null,
    targetType: 'disposal',
    targetId: d.id,
    summary: {
      item: d.device_id ? { device: d.device_id } : { component: d.component_id },
      label: d.label,
      outcome: d.outcome,
      method: d.method,
      ...summary,
    },
  });
}

/** ASCII fallback and the exact UTF-8 name (RFC 6266). */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_') || 'evidence';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Secure disposal or reuse records (11.2.7): two people, evidence, then the item leaves. */
export function disposalRoutes(app: App): void {
  app.get(
    '/api/v1/equipment/disposals',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listDisposals',
        tags,
        summary: 'Disposal and reuse records, newest first',
        querystring: DisposalsQuery,
        response: { 200: Type.Array(DisposalOut) },
      },
    },
    async (req) => disposalsOut(await listDisposals({ status: req.query.status })),
  );

  app.get(
    '/api/v1/equipment/disposals/:disposalId',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getDisposal',
        tags,
        summary: 'One disposal or reuse record with its covered components and evidence',
        params: DisposalParams,
        response: { 200: DisposalOut },
      },
    },
    async (req) => one(req.params.disposalId),
  );

  app.post(
    '/api/v1/equipment/disposals',
    {
      config: { auth: 'network.manage', action: 'equipment.disposal_create' },
      schema: {
        operationId: 'createDisposal',
        tags,
        summary:
          'Open a disposal or reuse record for a device or component being decommissioned: method, contractor (physical destruction), performer, day of the work (JST)',
        body: DisposalBody,
        response: { 201: DisposalOut },
      },
    },
    async (req, reply) => {
      const d = await createDisposal(req.body, req.principal!.id, req.lang);
      await audit(req, 'equipment.disposal_create', d, {
        supplier: d.supplier_id,
        performer: d.performer_staff_id,
        performedOn: d.performed_on,
      });
      reply.code(201);
      return one(d.id);
    },
  );

  app.patch(
    '/api/v1/equipment/disposals/:disposalId',
    {
      config: { auth: 'network.manage', action: 'equipment.disposal_update' },
      schema: {
        operationId: 'updateDisposal',
        tags,
        summary: 'Record the performer, the day of the work, the contractor or notes of an open record',
        params: DisposalParams,
        body: DisposalPatch,
        response: { 200: DisposalOut },
      },
    },
    async (req) => {
      const { before, after } = await updateDisposal(req.params.disposalId, req.body, req.lang);
      await audit(req, 'equipment.disposal_update', after, {
        performer: { from: before.performer_staff_id, to: after.performer_staff_id },
        performedOn: { from: before.performed_on, to: after.performed_on },
        supplier: { from: before.supplier_id, to: after.supplier_id },
      });
      return one(after.id);
    },
  );

  app.post(
    '/api/v1/equipment/disposals/:disposalId/evidence',
    {
      // up to 2 MiB of evidence arrives base64-encoded in JSON: this route alone takes 3 MiB bodies
      bodyLimit: 3 * 1024 * 1024,
      config: { auth: 'network.manage', action: 'equipment.disposal_evidence' },
      schema: {
        operationId: 'addDisposalEvidence',
        tags,
        summary:
          'Attach evidence to an open record: certificate of destruction, wipe log (base64; at most 2 MiB; PDF, text, CSV, JSON, PNG or JPEG)',
        params: DisposalParams,
        body: EvidenceBody,
        response: { 201: DisposalOut },
      },
    },
    async (req, reply) => {
      const e = await addEvidence(req.params.disposalId, req.body, req.principal!.id, req.lang);
      const d = (await listDisposals({ id: req.params.disposalId }))[0]!;
      await audit(req, 'equipment.disposal_evidence', d, {
        evidence: { id: e.evidenceId, kind: e.kind, sha256: e.sha256, sizeBytes: e.size },
      });
      reply.code(201);
      return one(d.id);
    },
  );

  app.get(
    '/api/v1/equipment/disposals/:disposalId/evidence/:evidenceId',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'downloadDisposalEvidence',
        tags,
        summary: 'Download one evidence file (the download is audited)',
        params: EvidenceParams,
        response: {
          200: {
            description: 'The file as uploaded, as an attachment',
            content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
    },
    async (req, reply) => {
      const e = await evidenceContent(req.params.disposalId, req.params.evidenceId);
      if (!e) throw notFound();
      await recordAudit({
        action: 'equipment.disposal_evidence_download',
        tenantId: null,
        targetType: 'disposal',
        targetId: req.params.disposalId,
        summary: { evidence: req.params.evidenceId, sha256: e.sha256 },
      });
      return (
        reply
          .type(e.content_type)
          .header('content-disposition', attachment(e.filename))
          .header('x-content-type-options', 'nosniff')
          // the declared binary response types the payload as a string; a Buffer is what it sends
          .send(Buffer.from(e.content) as unknown as string)
      );
    },
  );

  app.post(
    '/api/v1/equipment/disposals/:disposalId/complete',
    {
      config: { auth: 'network.manage', action: 'equipment.disposal_complete' },
      schema: {
        operationId: 'completeDisposal',
        tags,
        summary:
          'Verify and complete a record: the caller is the verifier and must not be the performer; evidence is required; the item becomes disposed or reused',
        params: DisposalParams,
        response: { 200: DisposalOut },
      },
    },
    async (req) => {
      const { after, to } = await completeDisposal(req.params.disposalId, req.principal!.id, req.lang);
      await audit(req, 'equipment.disposal_complete', after, {
        performer: after.performer_staff_id,
        verifier: after.verifier_staff_id,
        performedOn: after.performed_on,
        itemStatus: to,
      });
      return one(after.id);
    },
  );

  app.post(
    '/api/v1/equipment/disposals/:disposalId/cancel',
    {
      config: { auth: 'network.manage', action: 'equipment.disposal_cancel' },
      schema: {
        operationId: 'cancelDisposal',
        tags,
        summary: 'Cancel an open record (the item stays decommissioning)',
        params: DisposalParams,
        response: { 200: DisposalOut },
      },
    },
    async (req) => {
      const d = await cancelDisposal(req.params.disposalId);
      await audit(req, 'equipment.disposal_cancel', d, {});
      return one(d.id);
    },
  );
}
