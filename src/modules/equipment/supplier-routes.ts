import { Type } from '@sinclair/typebox';
import { AppError, notFound, type Lang } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { zonedDate } from '../../lib/time.ts';
import * as repo from './supplier-repository.ts';
import { AgreementParams, SupplierParams } from './schema.ts';
import {
  AgreementBody,
  AssessmentBody,
  SupplierBody,
  SupplierDetailOut,
  SupplierOut,
  SupplierPatch,
  SuppliersQuery,
  type SupplierPatchT,
} from './supplier-schema.ts';

const tags = ['equipment'];
const bad = (field: string, code: string, ja: string, en: string, lang: Lang) =>
  new AppError('validation_failed', { fields: [{ field, code, message: lang === 'ja' ? ja : en }] });

const today = () => zonedDate(new Date());
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function reviewState(
  next: string | null,
  now = today(),
): 'ok' | 'due_soon' | 'overdue' | 'unassessed' {
  if (!next) return 'unassessed';
  if (next < now) return 'overdue';
  return next <= addDays(now, 30) ? 'due_soon' : 'ok';
}

function supplierOut(s: repo.SupplierRow) {
  return {
    id: s.id,
    name: s.name,
    category: s.category,
    supplies: s.supplies,
    contact: s.contact,
    active: s.active,
    rating: s.rating,
    assessedOn: s.assessed_on,
    nextReviewOn: s.next_review_on,
    reviewState: reviewState(s.next_review_on),
    pops: s.pops,
    devices: s.devices,
    agreements: s.agreements,
  };
}

async function detail(id: string) {
  const s = (await repo.listSuppliers({ id }))[0];
  if (!s) throw notFound();
  const { pops, devices } = await repo.links(id);
  return {
    supplier: supplierOut(s),
    popLinks: pops,
    deviceLinks: devices,
    assessments: (await repo.assessments(id)).map((a) => ({
      id: a.id,
      assessedOn: a.assessed_on,
      rating: a.rating,
      nextReviewOn: a.next_review_on,
      notes: a.notes,
      assessedBy: a.assessed_by ? { id: a.assessed_by, name: a.assessed_by_name ?? '' } : null,
    })),
    agreementList: (await repo.agreements(id)).map((g) => ({
      id: g.id,
      reference: g.reference,
      startOn: g.start_on,
      endOn: g.end_on,
      securityClauses: g.security_clauses,
    })),
  };
}

async function checkLinks(b: SupplierPatchT, lang: Lang): Promise<void> {
  for (const [field, table, ids] of [
    ['popIds', 'ops.pop', b.popIds],
    ['deviceIds', 'ops.device', b.deviceIds],
  ] as const) {
    if (!ids) continue;
    const known = await repo.existingIds(table, ids);
    const i = ids.findIndex((x) => !known.has(x));
    if (i >= 0) throw bad(`/body/${field}/${i}`, 'unknown', '見つかりません。', 'Not found.', lang);
  }
}

const values = (b: SupplierPatchT): repo.SupplierValues =>
  Object.fromEntries(
    Object.entries({
      name: b.name?.trim(),
      category: b.category,
      supplies: b.supplies?.trim(),
      contact: b.contact?.trim(),
      active: b.active,
    }).filter(([, v]) => v !== undefined),
  );

/** The supplier register (15.1.2, 15.1.3): who supplies what, who depends on them, their risk. */
export function supplierRoutes(app: App): void {
  app.get(
    '/api/v1/equipment/suppliers',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listSuppliers',
        tags,
        summary:
          'Suppliers with their current risk rating and review state (overdue=true: overdue reviews only)',
        querystring: SuppliersQuery,
        response: { 200: Type.Array(SupplierOut) },
      },
    },
    async (req) =>
      (
        await repo.listSuppliers({
          category: req.query.category,
          overdueOn: req.query.overdue ? today() : undefined,
        })
      ).map(supplierOut),
  );

  app.get(
    '/api/v1/equipment/suppliers/:supplierId',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getSupplier',
        tags,
        summary: 'One supplier: dependent PoPs and devices, assessment history, agreements',
        params: SupplierParams,
        response: { 200: SupplierDetailOut },
      },
    },
    async (req) => detail(req.params.supplierId),
  );

  app.post(
    '/api/v1/equipment/suppliers',
    {
      config: { auth: 'network.manage', action: 'equipment.supplier_create' },
      schema: {
        operationId: 'createSupplier',
        tags,
        summary: 'Register a supplier of data centres, equipment or services',
        body: SupplierBody,
        response: { 201: SupplierDetailOut },
      },
    },
    async (req, reply) => {
      await checkLinks(req.body, req.lang);
      const v = values(req.body) as repo.SupplierValues & { name: string; category: 'service' };
      const id = await repo.insertSupplier(v);
      if (!id)
        throw bad(
          '/body/name',
          'taken',
          'この名前は登録済みです。',
          'This name is already registered.',
          req.lang,
        );
      await repo.setLinks(id, req.body.popIds, req.body.deviceIds);
      await auditRequest(req, {
        action: 'equipment.supplier_create',
        tenantId: null,
        targetType: 'supplier',
        targetId: id,
        summary: {
          name: v.name,
          category: v.category,
          pops: req.body.popIds ?? [],
          devices: req.body.deviceIds ?? [],
        },
      });
      reply.code(201);
      return detail(id);
    },
  );

  app.patch(
    '/api/v1/equipment/suppliers/:supplierId',
    {
      config: { auth: 'network.manage', action: 'equipment.supplier_update' },
      schema: {
        operationId: 'updateSupplier',
        tags,
        summary:
          "A supplier's attributes and the PoPs and devices that depend on them (lists replace the links)",
        params: SupplierParams,
        body: SupplierPatch,
        response: { 200: SupplierDetailOut },
      },
    },
    async (req) => {
      const id = req.params.supplierId;
      if (!(await repo.lockSupplier(id))) throw notFound();
      await checkLinks(req.body, req.lang);
      const v = values(req.body);
      if (v.name && (await repo.nameTaken(v.name, id)))
        throw bad(
          '/body/name',
          'taken',
          'この名前は登録済みです。',
          'This name is already registered.',
          req.lang,
        );
      await repo.updateSupplier(id, v);
      await repo.setLinks(id, req.body.popIds, req.body.deviceIds);
      await auditRequest(req, {
        action: 'equipment.supplier_update',
        tenantId: null,
        targetType: 'supplier',
        targetId: id,
        summary: { changed: Object.keys(req.body) },
      });
      return detail(id);
    },
  );

  app.post(
    '/api/v1/equipment/suppliers/:supplierId/assessments',
    {
      config: { auth: 'network.manage', action: 'equipment.supplier_assess' },
      schema: {
        operationId: 'assessSupplier',
        tags,
        summary:
          'Record a risk assessment (date, rating, next review date, notes); it becomes the current one',
        params: SupplierParams,
        body: AssessmentBody,
        response: { 201: SupplierDetailOut },
      },
    },
    async (req, reply) => {
      const id = req.params.supplierId;
      if (!(await repo.lockSupplier(id))) throw notFound();
      const b = req.body;
      if (b.assessedOn > today())
        throw bad(
          '/body/assessedOn',
          'future',
          '未来の日付は指定できません。',
          'The date is in the future.',
          req.lang,
        );
      if (b.nextReviewOn <= b.assessedOn)
        throw bad(
          '/body/nextReviewOn',
          'not_after',
          '評価日より後の日付にしてください。',
          'Must be after the assessment date.',
          req.lang,
        );
      const aid = await repo.insertAssessment({
        supplier_id: id,
        assessed_on: b.assessedOn,
        rating: b.rating,
        next_review_on: b.nextReviewOn,
        notes: b.notes?.trim() ?? '',
        assessed_by: req.principal!.id,
      });
      await auditRequest(req, {
        action: 'equipment.supplier_assess',
        tenantId: null,
        targetType: 'supplier',
        targetId: id,
        summary: {
          assessment: aid,
          assessedOn: b.assessedOn,
          rating: b.rating,
          nextReviewOn: b.nextReviewOn,
        },
      });
      reply.code(201);
      return detail(id);
    },
  );

  for (const mode of ['create', 'update'] as const) {
    app.route({
      method: mode === 'create' ? 'POST' : 'PUT',
      url:
        mode === 'create'
          ? '/api/v1/equipment/suppliers/:supplierId/agreements'
          : '/api/v1/equipment/suppliers/:supplierId/agreements/:agreementId',
      config: { auth: 'network.manage', action: `equipment.agreement_${mode}` },
      schema: {
        operationId: mode === 'create' ? 'createSupplierAgreement' : 'updateSupplierAgreement',
        tags,
        summary:
          mode === 'create'
            ? 'Record an agreement: reference, term, summary of its security clauses'
            : 'Replace the details of an agreement',
        params: mode === 'create' ? SupplierParams : AgreementParams,
        body: AgreementBody,
        response: { 200: SupplierDetailOut },
      },
      handler: async (req) => {
        const p = req.params as { supplierId: string; agreementId?: string };
        const b = req.body;
        if (!(await repo.lockSupplier(p.supplierId))) throw notFound();
        if (p.agreementId && !(await repo.agreements(p.supplierId, p.agreementId)).length) throw notFound();
        if (b.endOn && b.endOn < b.startOn)
          throw bad('/body/endOn', 'before_start', '開始日より前です。', 'Before the start date.', req.lang);
        const aid = await repo.upsertAgreement(p.supplierId, p.agreementId ?? null, {
          reference: b.reference.trim(),
          start_on: b.startOn,
          end_on: b.endOn ?? null,
          security_clauses: b.securityClauses?.trim() ?? '',
        });
        await auditRequest(req, {
          action: `equipment.agreement_${mode}`,
          tenantId: null,
          targetType: 'supplier',
          targetId: p.supplierId,
          summary: {
            agreement: aid,
            reference: b.reference.trim(),
            startOn: b.startOn,
            endOn: b.endOn ?? null,
          },
        });
        return detail(p.supplierId);
      },
    });
  }
}
