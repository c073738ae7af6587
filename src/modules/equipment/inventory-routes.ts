import { Type } from '@sinclair/typebox';
import { AppError, notFound, type Lang } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { zonedDate } from '../../lib/time.ts';
import { listDisposals } from './disposal-repository.ts';
import * as repo from './inventory-repository.ts';
import { deviceDependants, NEXT, transition, type ItemKind } from './lifecycle.ts';
import { disposalsOut, itemOut, transitionOut } from './out.ts';
import {
  ComponentBody,
  ComponentParams,
  ComponentPatch,
  DependantsOut,
  DeviceParams,
  InventoryItemOut,
  InventoryPatch,
  InventoryQuery,
  ItemDetailOut,
  StaffOut,
  TransitionBody,
  type ComponentBodyT,
  type ComponentPatchT,
} from './schema.ts';
import { countOverdue, suppliersOfDevice } from './supplier-repository.ts';

const tags = ['equipment'];
const bad = (field: string, code: string, ja: string, en: string, lang: Lang) =>
  new AppError('validation_failed', { fields: [{ field, code, message: lang === 'ja' ? ja : en }] });

async function detail(kind: ItemKind, id: string) {
  const item = await repo.findItem(kind, id);
  if (!item) throw notFound();
  const components = kind === 'device' ? await repo.listItems({ kind: 'component', deviceId: id }) : [];
  const disposals = await listDisposals(kind === 'device' ? { deviceId: id } : { componentId: id });
  return {
    item: itemOut(item),
    notes: item.notes,
    next: [...NEXT[item.status]],
    components: components.map(itemOut),
    history: (await repo.history(kind, id)).map(transitionOut),
    disposals: await disposalsOut(disposals),
    suppliers: item.device_id ? await suppliersOfDevice(item.device_id) : [],
  };
}

async function checkRefs(b: ComponentPatchT, lang: Lang): Promise<void> {
  if (b.deviceId && !(await repo.deviceExists(b.deviceId)))
    throw bad('/body/deviceId', 'unknown_device', '機器が見つかりません。', 'No such device.', lang);
  if (b.popId && !(await repo.popExists(b.popId)))
    throw bad('/body/popId', 'unknown_pop', 'PoP が見つかりません。', 'No such PoP.', lang);
  if (b.ownerStaffId && !(await repo.activeStaff(b.ownerStaffId)))
    throw bad(
      '/body/ownerStaffId',
      'unknown_staff',
      '担当者が見つかりません。',
      'No such staff member.',
      lang,
    );
}

function componentValues(b: ComponentPatchT): repo.ComponentValues {
  const v: repo.ComponentValues = {
    device_id: b.deviceId,
    kind: b.kind,
    stores_data: b.storesData,
    vendor: b.vendor?.trim(),
    model: b.model?.trim(),
    serial: b.serial?.trim(),
    firmware_version: b.firmwareVersion?.trim(),
    pop_id: b.popId,
    rack: b.rack?.trim(),
    position: b.position?.trim(),
    owner_staff_id: b.ownerStaffId,
    owner_team: b.ownerTeam?.trim(),
    notes: b.notes?.trim(),
  };
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
}

/** Inventory and lifecycle of devices and components (11.2.7 prerequisites), management only. */
export function inventoryRoutes(app: App): void {
  app.get(
    '/api/v1/equipment/inventory',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listInventory',
        tags,
        summary: 'Every device and component with vendor, model, serial, version, location, owner and status',
        querystring: InventoryQuery,
        response: { 200: Type.Array(InventoryItemOut) },
      },
    },
    async (req) => (await repo.listItems(req.query)).map(itemOut),
  );

  app.get(
    '/api/v1/equipment/summary',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'equipmentSummary',
        tags,
        summary: 'Dashboard figures: items by status, open disposal records, overdue supplier reviews',
        response: {
          200: Type.Object({
            byStatus: Type.Record(Type.String(), Type.Integer()),
            openDisposals: Type.Integer(),
            overdueReviews: Type.Integer(),
          }),
        },
      },
    },
    async () => {
      const items = await repo.listItems({});
      const byStatus: Record<string, number> = {};
      for (const i of items) byStatus[i.status] = (byStatus[i.status] ?? 0) + 1;
      return {
        byStatus,
        openDisposals: (await listDisposals({ status: 'open' })).length,
        overdueReviews: await countOverdue(zonedDate(new Date())),
      };
    },
  );

  app.get(
    '/api/v1/equipment/staff',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listEquipmentStaff',
        tags,
        summary: 'Active staff, to name owners, performers and verifiers',
        response: { 200: Type.Array(StaffOut) },
      },
    },
    async () => repo.listStaff(),
  );

  for (const kind of ['device', 'component'] as const) {
    const base =
      kind === 'device' ? '/api/v1/equipment/devices/:deviceId' : '/api/v1/equipment/components/:componentId';
    const params = kind === 'device' ? DeviceParams : ComponentParams;
    const idOf = (p: unknown) =>
      kind === 'device' ? (p as { deviceId: string }).deviceId : (p as { componentId: string }).componentId;
    const Kind = kind === 'device' ? 'Device' : 'Component';

    app.get(
      base,
      {
        config: { auth: 'network.read' },
        schema: {
          operationId: `getInventory${Kind}`,
          tags,
          summary: `A ${kind}: inventory record, allowed next statuses, history, disposal records, suppliers`,
          params,
          response: { 200: ItemDetailOut },
        },
      },
      async (req) => detail(kind, idOf(req.params)),
    );

    app.post(
      `${base}/transitions`,
      {
        config: { auth: 'network.manage', action: `equipment.${kind}_transition` },
        schema: {
          operationId: `transition${Kind}`,
          tags,
          summary: `Move a ${kind} along its lifecycle. Decommissioning a device in use is refused (409 device_in_use, dependants listed); reused and disposed need a completed disposal record.`,
          params,
          body: TransitionBody,
          response: { 200: ItemDetailOut },
        },
      },
      async (req) => {
        const id = idOf(req.params);
        const { from, label } = await transition(kind, id, req.body.to, req.body.reason.trim(), req.lang);
        await auditRequest(req, {
          action: `equipment.${kind}_transition`,
          tenantId: null,
          targetType: kind,
          targetId: id,
          summary: { label, status: { from, to: req.body.to } },
          personal: { reason: req.body.reason.trim() },
        });
        return detail(kind, id);
      },
    );
  }

  app.get(
    '/api/v1/equipment/devices/:deviceId/dependants',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'deviceDependants',
        tags,
        summary: 'What still uses a device: connections (service codes), tenants, virtual networks, ports',
        params: DeviceParams,
        response: { 200: DependantsOut },
      },
    },
    async (req) => {
      if (!(await repo.deviceExists(req.params.deviceId))) throw notFound();
      return deviceDependants(req.params.deviceId);
    },
  );

  app.patch(
    '/api/v1/equipment/devices/:deviceId',
    {
      config: { auth: 'network.manage', action: 'equipment.device_update' },
      schema: {
        operationId: 'updateInventoryDevice',
        tags,
        summary: "A device's rack, position, owner and notes (the rest is edited in the network model)",
        params: DeviceParams,
        body: InventoryPatch,
        response: { 200: ItemDetailOut },
      },
    },
    async (req) => {
      const id = req.params.deviceId;
      const before = await repo.findItem('device', id);
      if (!before) throw notFound();
      const b = req.body;
      await checkRefs({ ownerStaffId: b.ownerStaffId }, req.lang);
      const v = componentValues({ ...b, ownerStaffId: b.ownerStaffId });
      await repo.upsertDeviceInventory(id, v);
      await auditRequest(req, {
        action: 'equipment.device_update',
        tenantId: null,
        targetType: 'device',
        targetId: id,
        summary: { hostname: before.hostname, changed: Object.keys(v) },
      });
      return detail('device', id);
    },
  );

  app.post(
    '/api/v1/equipment/components',
    {
      config: { auth: 'network.manage', action: 'equipment.component_create' },
      schema: {
        operationId: 'createComponent',
        tags,
        summary: 'Register a component: fitted in a device, or a spare in stock at a PoP',
        body: ComponentBody,
        response: { 201: ItemDetailOut },
      },
    },
    async (req, reply) => {
      const b: ComponentBodyT = req.body;
      await checkRefs(b, req.lang);
      const v = componentValues(b) as repo.ComponentValues & ComponentInsert;
      const id = await repo.insertComponent(v);
      if (!id)
        throw bad(
          '/body/serial',
          'taken',
          'このシリアル番号は登録済みです。',
          'This serial is already registered.',
          req.lang,
        );
      await repo.insertTransition({
        kind: 'component',
        id,
        from: null,
        to: 'planned',
        reason: 'registered',
        actor: req.principal!.id,
      });
      await auditRequest(req, {
        action: 'equipment.component_create',
        tenantId: null,
        targetType: 'component',
        targetId: id,
        summary: {
          kind: b.kind,
          vendor: v.vendor,
          model: v.model,
          serial: v.serial,
          deviceId: b.deviceId ?? null,
        },
      });
      reply.code(201);
      return detail('component', id);
    },
  );

  app.patch(
    '/api/v1/equipment/components/:componentId',
    {
      config: { auth: 'network.manage', action: 'equipment.component_update' },
      schema: {
        operationId: 'updateComponent',
        tags,
        summary:
          "A component's attributes, firmware, device (fit, move or take out as a spare), location or owner",
        params: ComponentParams,
        body: ComponentPatch,
        response: { 200: ItemDetailOut },
      },
    },
    async (req) => {
      const id = req.params.componentId;
      const before = await repo.findItem('component', id);
      if (!before) throw notFound();
      if (before.status === 'disposed')
        throw new AppError('conflict', {
          detail: {
            ja: '廃棄済みの構成部品は変更できません。',
            en: 'A disposed component cannot be changed.',
          },
        });
      await checkRefs(req.body, req.lang);
      const v = componentValues(req.body);
      const vendor = v.vendor ?? before.vendor;
      const serial = v.serial ?? before.serial;
      if ((v.vendor || v.serial) && (await repo.serialTaken(vendor, serial, id)))
        throw bad(
          '/body/serial',
          'taken',
          'このシリアル番号は登録済みです。',
          'This serial is already registered.',
          req.lang,
        );
      await repo.updateComponent(id, v);
      await auditRequest(req, {
        action: 'equipment.component_update',
        tenantId: null,
        targetType: 'component',
        targetId: id,
        summary: {
          label: `${before.model} ${before.serial}`,
          changed: Object.keys(v),
          ...(v.firmware_version !== undefined
            ? { firmware: { from: before.version, to: v.firmware_version } }
            : {}),
          ...(v.device_id !== undefined ? { device: { from: before.device_id, to: v.device_id } } : {}),
        },
      });
      return detail('component', id);
    },
  );
}

type ComponentInsert = { kind: ComponentBodyT['kind']; vendor: string; model: string; serial: string };
