import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { auditNetwork, NoContent, TAGS } from './physical-audit.ts';
import { physicalClassRoutes } from './physical-class-routes.ts';
import { physicalDeviceRoutes } from './physical-device-routes.ts';
import { physicalLinkRoutes } from './physical-link-routes.ts';
import { listMgmtNetworks, listPops } from './physical-repository.ts';
import { IdParams, MgmtNetworkBody, MgmtNetworkPatch, PopBody, PopPatch } from './physical-schema.ts';
import * as svc from './physical-service.ts';
import { MgmtNetworkOut, mgmtNetworkOut, PopOut, popOut } from './physical-views.ts';
import { topology, TopologyOut } from './topology.ts';

/** PoPs, management networks, port classes, devices, ports and links (management listener only). */
export function physicalRoutes(app: App): void {
  const pop = async (id: string) => {
    const p = (await listPops(id))[0];
    if (!p) throw notFound();
    return popOut(p);
  };
  const mgmt = async (id: string) => mgmtNetworkOut((await listMgmtNetworks(id))[0]!);

  app.get(
    '/api/v1/network/topology',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getNetworkTopology',
        tags: TAGS,
        summary: 'The physical topology: PoPs with their devices and ports, and the links between ports',
        response: { 200: TopologyOut },
      },
    },
    async () => topology(),
  );

  app.get(
    '/api/v1/network/pops',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listPops',
        tags: TAGS,
        summary: 'Points of presence, by code, with their number of devices',
        response: { 200: Type.Array(PopOut) },
      },
    },
    async () => (await listPops()).map(popOut),
  );
  app.get(
    '/api/v1/network/pops/:id',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getPop',
        tags: TAGS,
        summary: 'One PoP',
        params: IdParams,
        response: { 200: PopOut },
      },
    },
    async (req) => pop(req.params.id),
  );
  app.post(
    '/api/v1/network/pops',
    {
      config: { auth: 'network.manage', action: 'network.pop.create' },
      schema: {
        operationId: 'createPop',
        tags: TAGS,
        summary: 'Register a point of presence (code unique)',
        body: PopBody,
        response: { 201: PopOut },
      },
    },
    async (req, reply) => {
      const id = await svc.createPop(req.body, req.lang);
      await auditNetwork(req, 'network.pop.create', { type: 'pop', id }, { code: req.body.code });
      reply.code(201);
      return pop(id);
    },
  );
  app.patch(
    '/api/v1/network/pops/:id',
    {
      config: { auth: 'network.manage', action: 'network.pop.update' },
      schema: {
        operationId: 'updatePop',
        tags: TAGS,
        summary: "Change a PoP's code, names or address",
        params: IdParams,
        body: PopPatch,
        response: { 200: PopOut },
      },
    },
    async (req) => {
      const r = await svc.updatePop(req.params.id, req.body, req.lang);
      await auditNetwork(req, 'network.pop.update', { type: 'pop', id: req.params.id }, r);
      return pop(req.params.id);
    },
  );
  app.delete(
    '/api/v1/network/pops/:id',
    {
      config: { auth: 'network.manage', action: 'network.pop.delete' },
      schema: {
        operationId: 'deletePop',
        tags: TAGS,
        summary: 'Delete a PoP that has no devices (otherwise 409 in_use)',
        params: IdParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      const r = await svc.deletePop(req.params.id);
      await auditNetwork(req, 'network.pop.delete', { type: 'pop', id: req.params.id }, r);
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/api/v1/network/mgmt-networks',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listMgmtNetworks',
        tags: TAGS,
        summary: 'Management networks (device management addresses live only here)',
        response: { 200: Type.Array(MgmtNetworkOut) },
      },
    },
    async () => (await listMgmtNetworks()).map(mgmtNetworkOut),
  );
  app.post(
    '/api/v1/network/mgmt-networks',
    {
      config: { auth: 'network.manage', action: 'network.mgmt_network.create' },
      schema: {
        operationId: 'createMgmtNetwork',
        tags: TAGS,
        summary:
          'Add a management network; 409 mgmt_network_overlap when it overlaps another management network, a tenant pool, a connection prefix, a customer subnet or a PE underlay address',
        body: MgmtNetworkBody,
        response: { 201: MgmtNetworkOut },
      },
    },
    async (req, reply) => {
      const r = await svc.createMgmtNetwork(req.body, req.lang);
      await auditNetwork(
        req,
        'network.mgmt_network.create',
        { type: 'mgmt_network', id: r.id },
        { name: req.body.name.trim(), prefix: r.prefix },
      );
      reply.code(201);
      return mgmt(r.id);
    },
  );
  app.patch(
    '/api/v1/network/mgmt-networks/:id',
    {
      config: { auth: 'network.manage', action: 'network.mgmt_network.update' },
      schema: {
        operationId: 'updateMgmtNetwork',
        tags: TAGS,
        summary: 'Rename a management network or change its prefix (it must still hold its devices)',
        params: IdParams,
        body: MgmtNetworkPatch,
        response: { 200: MgmtNetworkOut },
      },
    },
    async (req) => {
      const r = await svc.updateMgmtNetwork(req.params.id, req.body, req.lang);
      await auditNetwork(req, 'network.mgmt_network.update', { type: 'mgmt_network', id: req.params.id }, r);
      return mgmt(req.params.id);
    },
  );
  app.delete(
    '/api/v1/network/mgmt-networks/:id',
    {
      config: { auth: 'network.manage', action: 'network.mgmt_network.delete' },
      schema: {
        operationId: 'deleteMgmtNetwork',
        tags: TAGS,
        summary: 'Delete a management network no device uses (otherwise 409 in_use)',
        params: IdParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      const r = await svc.deleteMgmtNetwork(req.params.id);
      await auditNetwork(req, 'network.mgmt_network.delete', { type: 'mgmt_network', id: req.params.id }, r);
      reply.code(204);
      return null;
    },
  );

  physicalClassRoutes(app);
  physicalDeviceRoutes(app);
  physicalLinkRoutes(app);
}
