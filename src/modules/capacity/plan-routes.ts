import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { planOut } from './out.ts';
import { findPlan, listPlans, type PlanRow } from './plan-repository.ts';
import { changePlan, createPlan } from './plans.ts';
import { CreatePlanBody, PlanOut, PlanParams, PlansQuery, UpdatePlanBody } from './schema.ts';

const tags = ['capacity'];

/** The audit record of a plan step; reason and note are free text and go beside the chain. */
async function auditPlan(
  req: FastifyRequest,
  action: string,
  plan: PlanRow,
  before: PlanRow | null,
): Promise<void> {
  const personal: Record<string, string> = {};
  if (!before || before.reason !== plan.reason) personal.reason = plan.reason;
  if (plan.note && (!before || before.note !== plan.note)) personal.note = plan.note;
  await auditRequest(req, {
    action,
    tenantId: null,
    targetType: 'augmentation_plan',
    targetId: plan.id,
    summary: {
      port: plan.port_id ? { id: plan.port_id, name: `${plan.hostname} ${plan.port_name}` } : null,
      device: { id: plan.device_id, hostname: plan.hostname },
      status:
        before && before.status !== plan.status ? { from: before.status, to: plan.status } : plan.status,
      targetDate:
        before && before.target_date !== plan.target_date
          ? { from: before.target_date, to: plan.target_date }
          : plan.target_date,
    },
    ...(Object.keys(personal).length ? { personal } : {}),
  });
}

/** Augmentation plans: staff with network.read see them, network.manage creates and moves them. */
export function planRoutes(app: App): void {
  app.get(
    '/api/v1/capacity/plans',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listAugmentationPlans',
        tags,
        summary: 'Augmentation plans, open ones first by target date',
        querystring: PlansQuery,
        response: { 200: Type.Array(PlanOut) },
      },
    },
    async (req) =>
      (
        await listPlans({ status: req.query.status, portId: req.query.portId, deviceId: req.query.deviceId })
      ).map(planOut),
  );

  app.get(
    '/api/v1/capacity/plans/:planId',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getAugmentationPlan',
        tags,
        summary: 'One augmentation plan',
        params: PlanParams,
        response: { 200: PlanOut },
      },
    },
    async (req) => {
      const plan = await findPlan(req.params.planId);
      if (!plan) throw notFound();
      return planOut(plan);
    },
  );

  app.post(
    '/api/v1/capacity/plans',
    {
      config: { auth: 'network.manage', action: 'capacity.plan_create' },
      schema: {
        operationId: 'createAugmentationPlan',
        tags,
        summary: 'Plan the augmentation of a port or a device: reason and target date (JST)',
        body: CreatePlanBody,
        response: { 201: PlanOut },
      },
    },
    async (req, reply) => {
      const plan = await createPlan(req.body, req.principal!.id, req.lang);
      await auditPlan(req, 'capacity.plan_create', plan, null);
      reply.code(201);
      return planOut(plan);
    },
  );

  app.patch(
    '/api/v1/capacity/plans/:planId',
    {
      config: { auth: 'network.manage', action: 'capacity.plan_update' },
      schema: {
        operationId: 'updateAugmentationPlan',
        tags,
        summary:
          'Move a plan forward (planned → ordered → in progress → done, or cancel it) or change its reason, target date or note. Done and cancelled plans are final.',
        params: PlanParams,
        body: UpdatePlanBody,
        response: { 200: PlanOut },
      },
    },
    async (req) => {
      const { before, after } = await changePlan(req.params.planId, req.body, req.principal!.id, req.lang);
      await auditPlan(req, 'capacity.plan_update', after, before);
      return planOut(after);
    },
  );
}
