import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { listDevices, listPorts } from './physical-device-repository.ts';
import * as svc from './physical-device-service.ts';
import { auditNetwork, NoContent, TAGS } from './physical-audit.ts';
import {
  DeviceBody,
  DeviceListQuery,
  DevicePatch,
  IdParams,
  PortBody,
  PortPatch,
} from './physical-schema.ts';
import { DeviceDetail, DeviceOut, deviceOut, PortOut, portOut } from './physical-views.ts';

/** Devices with their ports (management listener only). */
export function physicalDeviceRoutes(app: App): void {
  const device = async (id: string) => {
    const d = (await listDevices({ id }))[0];
    if (!d) throw notFound();
    return { ...deviceOut(d), ports: (await listPorts({ deviceId: id })).map(portOut) };
  };
  const port = async (id: string) => {
    const p = (await listPorts({ id }))[0];
    if (!p) throw notFound();
    return portOut(p);
  };

  app.get(
    '/api/v1/network/devices',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listDevices',
        tags: TAGS,
        summary: 'Devices by PoP and host name, filtered by PoP, role, status or a search term',
        querystring: DeviceListQuery,
        response: { 200: Type.Array(DeviceOut) },
      },
    },
    async (req) => (await listDevices({ ...req.query, q: req.query.q?.trim() || undefined })).map(deviceOut),
  );
  app.get(
    '/api/v1/network/devices/:id',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getDevice',
        tags: TAGS,
        summary:
          'One device with its ports: per port the contracted total and the number of connections (counts only)',
        params: IdParams,
        response: { 200: DeviceDetail },
      },
    },
    async (req) => device(req.params.id),
  );
  app.post(
    '/api/v1/network/devices',
    {
      config: { auth: 'network.manage', action: 'network.device.create' },
      schema: {
        operationId: 'createDevice',
        tags: TAGS,
        summary:
          'Register a device; its management address must be a host inside its management network and unique',
        body: DeviceBody,
        response: { 201: DeviceDetail },
      },
    },
    async (req, reply) => {
      const { id, values: v } = await svc.createDevice(req.body, req.lang);
      await auditNetwork(
        req,
        'network.device.create',
        { type: 'device', id },
        {
          hostname: v.hostname,
          role: v.role,
          pop: v.pop_id,
          vendor: v.vendor,
          model: v.model,
          osVersion: v.os_version,
          mgmtAddress: v.mgmt_address,
          underlayAddress: v.underlay_address,
          driver: v.driver,
          status: v.status,
        },
      );
      reply.code(201);
      return device(id);
    },
  );
  app.patch(
    '/api/v1/network/devices/:id',
    {
      config: { auth: 'network.manage', action: 'network.device.update' },
      schema: {
        operationId: 'updateDevice',
        tags: TAGS,
        summary:
          "Change a device's attributes, addresses, driver or status (null underlayAddress removes it)",
        params: IdParams,
        body: DevicePatch,
        response: { 200: DeviceDetail },
      },
    },
    async (req) => {
      const r = await svc.updateDevice(req.params.id, req.body, req.lang);
      await auditNetwork(req, 'network.device.update', { type: 'device', id: req.params.id }, r);
      return device(req.params.id);
    },
  );
  app.delete(
    '/api/v1/network/devices/:id',
    {
      config: { auth: 'network.manage', action: 'network.device.delete' },
      schema: {
        operationId: 'deleteDevice',
        tags: TAGS,
        summary:
          'Delete a device with its ports; 409 in_use while a port carries a connection (any status) or a link',
        params: IdParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      const r = await svc.deleteDevice(req.params.id);
      await auditNetwork(req, 'network.device.delete', { type: 'device', id: req.params.id }, r);
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/v1/network/devices/:id/ports',
    {
      config: { auth: 'network.manage', action: 'network.port.create' },
      schema: {
        operationId: 'createPort',
        tags: TAGS,
        summary: 'Add a port to a device (name unique on the device)',
        params: IdParams,
        body: PortBody,
        response: { 201: PortOut },
      },
    },
    async (req, reply) => {
      const r = await svc.createPort(req.params.id, req.body, req.lang);
      await auditNetwork(
        req,
        'network.port.create',
        { type: 'port', id: r.id },
        {
          device: req.params.id,
          hostname: r.hostname,
          name: r.values.name,
          capacityMbps: r.values.capacity_mbps,
          classCode: r.values.class_code,
          purpose: r.values.purpose,
          status: r.values.status,
        },
      );
      reply.code(201);
      return port(r.id);
    },
  );
  app.get(
    '/api/v1/network/ports/:id',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getPort',
        tags: TAGS,
        summary: 'One port with its class, limit, contracted total and link',
        params: IdParams,
        response: { 200: PortOut },
      },
    },
    async (req) => port(req.params.id),
  );
  app.patch(
    '/api/v1/network/ports/:id',
    {
      config: { auth: 'network.manage', action: 'network.port.update' },
      schema: {
        operationId: 'updatePort',
        tags: TAGS,
        summary:
          'Change a port; lowering its capacity or changing its class below its contracted total is refused (409 capacity_exceeded) unless `override.reason` is given (audited)',
        params: IdParams,
        body: PortPatch,
        response: { 200: PortOut },
      },
    },
    async (req) => {
      const r = await svc.updatePort(req.params.id, req.body, req.lang);
      await auditNetwork(
        req,
        'network.port.update',
        { type: 'port', id: req.params.id },
        {
          device: r.deviceId,
          hostname: r.hostname,
          name: r.name,
          changes: r.changes,
          ...(r.override ? { override: r.override.ports[0] } : {}),
        },
        r.override?.reason,
      );
      return port(req.params.id);
    },
  );
  app.delete(
    '/api/v1/network/ports/:id',
    {
      config: { auth: 'network.manage', action: 'network.port.delete' },
      schema: {
        operationId: 'deletePort',
        tags: TAGS,
        summary: 'Delete a port; 409 in_use while it carries a connection (any status) or a link',
        params: IdParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      const r = await svc.deletePort(req.params.id);
      await auditNetwork(req, 'network.port.delete', { type: 'port', id: req.params.id }, r);
      reply.code(204);
      return null;
    },
  );
}
