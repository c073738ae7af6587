import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { auditNetwork, NoContent, TAGS } from './physical-audit.ts';
import { listLinks } from './physical-link-repository.ts';
import { IdParams, LinkBody, LinkPatch } from './physical-schema.ts';
import { createLink, deleteLink, updateLink } from './physical-link-service.ts';
import { LinkOut, linkOut } from './physical-views.ts';

/** Links between ports of two different devices (management listener only). */
export function physicalLinkRoutes(app: App): void {
  const link = async (id: string) => {
    const l = (await listLinks({ id }))[0];
    if (!l) throw notFound();
    return linkOut(l);
  };

  app.get(
    '/api/v1/network/links',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listLinks',
        tags: TAGS,
        summary: 'Links between ports of two devices',
        querystring: Type.Object(
          { deviceId: Type.Optional(Type.String({ format: 'uuid' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(LinkOut) },
      },
    },
    async (req) => (await listLinks({ deviceId: req.query.deviceId })).map(linkOut),
  );
  app.post(
    '/api/v1/network/links',
    {
      config: { auth: 'network.manage', action: 'network.link.create' },
      schema: {
        operationId: 'createLink',
        tags: TAGS,
        summary: 'Link two ports of two different devices; a port has at most one link',
        body: LinkBody,
        response: { 201: LinkOut },
      },
    },
    async (req, reply) => {
      const { id, a, z } = await createLink(req.body, req.lang);
      await auditNetwork(
        req,
        'network.link.create',
        { type: 'link', id },
        {
          a: { port: a.id, name: `${a.hostname} ${a.name}` },
          b: { port: z.id, name: `${z.hostname} ${z.name}` },
        },
      );
      reply.code(201);
      return link(id);
    },
  );
  app.patch(
    '/api/v1/network/links/:id',
    {
      config: { auth: 'network.manage', action: 'network.link.update' },
      schema: {
        operationId: 'updateLink',
        tags: TAGS,
        summary: "Change a link's description",
        params: IdParams,
        body: LinkPatch,
        response: { 200: LinkOut },
      },
    },
    async (req) => {
      const changes = await updateLink(req.params.id, req.body.description);
      await auditNetwork(req, 'network.link.update', { type: 'link', id: req.params.id }, { changes });
      return link(req.params.id);
    },
  );
  app.delete(
    '/api/v1/network/links/:id',
    {
      config: { auth: 'network.manage', action: 'network.link.delete' },
      schema: {
        operationId: 'deleteLink',
        tags: TAGS,
        summary: 'Remove a link',
        params: IdParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      const l = await deleteLink(req.params.id);
      await auditNetwork(
        req,
        'network.link.delete',
        { type: 'link', id: req.params.id },
        {
          a: { port: l.a_port_id, name: `${l.a_hostname} ${l.a_port}` },
          b: { port: l.b_port_id, name: `${l.b_hostname} ${l.b_port}` },
        },
      );
      reply.code(204);
      return null;
    },
  );
}
