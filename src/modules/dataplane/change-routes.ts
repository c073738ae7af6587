import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../app/errors.ts';
import { auditRequest, requestScope } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { inTransaction } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';
import { executeChange } from './change-execute.ts';
import { getChange, listChangeEvents, listChanges, type ChangeRow } from './change-repository.ts';
import { changeDevices } from './change-device-repository.ts';
import {
  ApproveBody,
  ChangeDetail,
  ChangeOut,
  changeDetail,
  changeOut,
  EditBody,
  EmptyBody,
  IdParams,
  ListQuery,
  PrepareBody,
  RejectBody,
} from './change-schema.ts';
import {
  checkText,
  decideChange,
  editChange,
  prepareChange,
  refreshChange,
  submitChange,
  type Actor,
} from './change-service.ts';
import { useDataplaneConfig } from './env.ts';

const TAGS = ['config-changes'];

export async function detailOf(id: string) {
  const row = await getChange(id);
  if (!row) throw notFound();
  return changeDetail(row, await changeDevices(id), await listChangeEvents(id));
}

const staff = (req: FastifyRequest): Actor & { id: string } => ({ kind: 'staff', id: req.principal!.id });

/** The audit record of a step: numbers and states in the chain, free text in `personal`. */
export async function auditChange(
  req: FastifyRequest,
  action: string,
  row: ChangeRow,
  from: string | null,
  text: string | null = null,
): Promise<void> {
  await auditRequest(req, {
    action,
    targetType: 'config_change',
    targetId: row.id,
    summary: {
      number: row.number,
      kind: row.kind,
      from,
      to: row.status,
      riskLevel: row.risk_level,
      tenants: row.impact.tenants?.map((t) => t.id) ?? [],
      ...(row.restore_backup_id ? { restore: row.restore_backup_id } : {}),
      ...(row.change_request_id ? { change_request: row.change_request_id } : {}),
    },
    ...(text ? { personal: { note: text } } : {}),
  });
}

/**
 * Provider change records for equipment configuration (14.2.1), management only: prepare (diff
 * and impact computed), submit, approve or reject by a second person, execute with rollback.
 */
export function changeRoutes(app: App): void {
  useDataplaneConfig(app.pva.config);
  type StepBody = { note?: string; reason?: string };
  const step = (
    path: string,
    opts: {
      operationId: string;
      summary: string;
      auth: 'network.manage' | 'changes.approve';
      action: string;
    },
    body: typeof EmptyBody | typeof ApproveBody | typeof RejectBody,
    handler: (
      id: string,
      b: StepBody,
      req: FastifyRequest,
    ) => Promise<{ before: string; row: ChangeRow; note?: string | null }>,
  ) =>
    app.post(
      `/api/v1/config-changes/:id/${path}`,
      {
        config: { auth: opts.auth, action: opts.action },
        schema: {
          operationId: opts.operationId,
          tags: TAGS,
          summary: opts.summary,
          params: IdParams,
          body,
          response: { 200: ChangeDetail },
        },
      },
      async (req) => {
        const r = await handler(req.params.id, req.body, req);
        await auditChange(req, opts.action, r.row, r.before, r.note ?? null);
        return detailOf(r.row.id);
      },
    );

  app.get(
    '/api/v1/config-changes',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listConfigChanges',
        tags: TAGS,
        summary: 'Provider change records for equipment configuration, newest first',
        querystring: ListQuery,
        response: { 200: Type.Array(ChangeOut) },
      },
    },
    async (req) =>
      (
        await listChanges({
          status: req.query.status,
          deviceId: req.query.deviceId,
          changeRequestId: req.query.changeRequestId,
          limit: req.query.limit ?? 100,
          offset: req.query.offset ?? 0,
        })
      ).map(changeOut),
  );

  app.get(
    '/api/v1/config-changes/:id',
    {
      // the impact names tenants and their connections: a staff read of customer data is audited
      config: { auth: 'network.read', customerData: true },
      schema: {
        operationId: 'getConfigChange',
        tags: TAGS,
        summary: 'One change record: per-device diff, impact, risk, timeline and execution log',
        params: IdParams,
        response: { 200: ChangeDetail },
      },
    },
    async (req) => detailOf(req.params.id),
  );

  app.post(
    '/api/v1/config-changes',
    {
      config: { auth: 'network.manage', action: 'config_change.prepare' },
      schema: {
        operationId: 'prepareConfigChange',
        tags: TAGS,
        summary:
          'Prepare a change: bring devices to their intended configuration (diff and impact computed now)',
        description:
          'The diff of each device (running now → intended) and the impact (tenants and connections on those devices) are computed and stored; the record starts as a draft. A device whose driver is missing answers 409 driver_unavailable, one that cannot be read 502 device_unreachable.',
        body: PrepareBody,
        response: { 201: ChangeDetail },
      },
    },
    async (req, reply) => {
      const id = await prepareChange({ ...req.body, strict: true }, staff(req), req.lang);
      const row = (await getChange(id))!;
      await auditChange(req, 'config_change.prepare', row, null);
      reply.code(201);
      return detailOf(id);
    },
  );

  app.patch(
    '/api/v1/config-changes/:id',
    {
      config: { auth: 'network.manage', action: 'config_change.edit' },
      schema: {
        operationId: 'editConfigChange',
        tags: TAGS,
        summary: 'Edit the title and risk assessment of a draft (its preparer only)',
        params: IdParams,
        body: EditBody,
        response: { 200: ChangeDetail },
      },
    },
    async (req) => {
      const row = await editChange(req.params.id, req.body, staff(req), req.lang);
      await auditChange(req, 'config_change.edit', row, row.status, row.risk_assessment || null);
      return detailOf(row.id);
    },
  );

  step(
    'refresh',
    {
      operationId: 'refreshConfigChange',
      summary: 'Compute the diff and impact again; the record returns to draft with you as its preparer',
      auth: 'network.manage',
      action: 'config_change.refresh',
    },
    EmptyBody,
    (id, _b, req) => refreshChange(id, staff(req)),
  );
  step(
    'submit',
    {
      operationId: 'submitConfigChange',
      summary: 'Submit a draft for approval (needs the risk level and assessment)',
      auth: 'network.manage',
      action: 'config_change.submit',
    },
    EmptyBody,
    (id, _b, req) => submitChange(id, staff(req)),
  );
  step(
    'approve',
    {
      operationId: 'approveConfigChange',
      summary: 'Approve a submitted change (a second person: the preparer is refused with 403 four_eyes)',
      auth: 'changes.approve',
      action: 'config_change.approve',
    },
    ApproveBody,
    async (id, b, req) => {
      const note = checkText(b.note, '/body/note', req.lang, { required: false, max: 2000 }) || null;
      return { ...(await decideChange(id, 'approve', staff(req), note)), note };
    },
  );
  step(
    'reject',
    {
      operationId: 'rejectConfigChange',
      summary: 'Reject a submitted change, with the reason (not by its preparer)',
      auth: 'changes.approve',
      action: 'config_change.reject',
    },
    RejectBody,
    async (id, b, req) => {
      const note = checkText(b.reason, '/body/reason', req.lang, { required: true, max: 2000 });
      return { ...(await decideChange(id, 'reject', staff(req), note)), note };
    },
  );

  app.post(
    '/api/v1/config-changes/:id/execute',
    {
      // no request-wide transaction: equipment is configured between two short ones (change-execute.ts)
      config: { auth: 'network.manage', action: 'config_change.execute', tx: false },
      schema: {
        operationId: 'executeConfigChange',
        tags: TAGS,
        summary: 'Execute an approved change through the devices’ drivers; rolls back on failure',
        description:
          'Only an approved change executes. Each device is snapshotted, then configured; on the first failure every device touched is put back to its snapshot (status rolled_back, or failed when the rollback failed too). 409 config_stale when the intended configuration changed after approval.',
        params: IdParams,
        body: EmptyBody,
        response: { 200: ChangeDetail },
      },
    },
    async (req) => {
      const run = <T>(fn: () => Promise<T>) => inTransaction(app.pva.database, requestScope(req), fn);
      try {
        const row = await executeChange(req.params.id, staff(req), run);
        return await run(() => detailOf(row.id));
      } catch (e) {
        // this route has no request transaction, so the error handler does not audit: do it here
        const code = e instanceof AppError ? e.code : 'internal';
        await run(() =>
          recordAudit({
            action: 'config_change.execute',
            outcome: code === 'forbidden' ? 'denied' : 'failure',
            targetType: 'config_change',
            targetId: req.params.id,
            summary: { error: code },
          }),
        );
        throw e;
      }
    },
  );
}
