import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { auditNetwork, NoContent, TAGS } from './physical-audit.ts';
import { listPortClasses } from './physical-repository.ts';
import { ClassCodeParams, PortClassBody, PortClassPatch } from './physical-schema.ts';
import * as svc from './physical-service.ts';
import { PortClassOut, portClassOut } from './physical-views.ts';

/** Port classes: the oversubscription limit and utilisation threshold of their ports (management listener only). */
export function physicalClassRoutes(app: App): void {
  const klass = async (code: string) => {
    const c = (await listPortClasses(code))[0];
    if (!c) throw notFound();
    return portClassOut(c);
  };

  app.get(
    '/api/v1/network/port-classes',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listPortClasses',
        tags: TAGS,
        summary: 'Port classes with their oversubscription limit and utilisation threshold',
        response: { 200: Type.Array(PortClassOut) },
      },
    },
    async () => (await listPortClasses()).map(portClassOut),
  );
  app.post(
    '/api/v1/network/port-classes',
    {
      config: { auth: 'network.manage', action: 'network.port_class.create' },
      schema: {
        operationId: 'createPortClass',
        tags: TAGS,
        summary: 'Add a port class',
        body: PortClassBody,
        response: { 201: PortClassOut },
      },
    },
    async (req, reply) => {
      await svc.createPortClass(req.body, req.lang);
      const out = await klass(req.body.code);
      await auditNetwork(
        req,
        'network.port_class.create',
        { type: 'port_class', id: out.code },
        { oversubscription: out.oversubscription, thresholdPct: out.thresholdPct },
      );
      reply.code(201);
      return out;
    },
  );
  app.patch(
    '/api/v1/network/port-classes/:code',
    {
      config: { auth: 'network.manage', action: 'network.port_class.update' },
      schema: {
        operationId: 'updatePortClass',
        tags: TAGS,
        summary:
          'Change a port class; lowering its oversubscription below what a port of the class carries is refused (409 capacity_exceeded) unless `override.reason` is given (audited)',
        params: ClassCodeParams,
        body: PortClassPatch,
        response: { 200: PortClassOut },
      },
    },
    async (req) => {
      const r = await svc.updatePortClass(req.params.code, req.body, req.lang);
      await auditNetwork(
        req,
        'network.port_class.update',
        { type: 'port_class', id: req.params.code },
        {
          changes: r.changes,
          ...(r.override ? { override: { portsOverLimit: r.override.ports } } : {}),
        },
        r.override?.reason,
      );
      return klass(req.params.code);
    },
  );
  app.delete(
    '/api/v1/network/port-classes/:code',
    {
      config: { auth: 'network.manage', action: 'network.port_class.delete' },
      schema: {
        operationId: 'deletePortClass',
        tags: TAGS,
        summary: 'Delete a port class no port uses (otherwise 409 in_use)',
        params: ClassCodeParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      await svc.deletePortClass(req.params.code);
      await auditNetwork(req, 'network.port_class.delete', { type: 'port_class', id: req.params.code }, {});
      reply.code(204);
      return null;
    },
  );
}
