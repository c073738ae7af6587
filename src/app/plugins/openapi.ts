import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { App } from '../types.ts';

export const API_VERSION = '0.1.0';

/** OpenAPI 3.1 generated from the route schemas of this listener only, with a docs page. */
export async function openapi(app: App): Promise<void> {
  const portal = app.pva.plane === 'portal';
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: portal ? 'PVA customer API' : 'PVA management API',
        version: API_VERSION,
        description: portal
          ? 'The customer portal API: the customer-owned settings of the service (stored data) and what the provider publishes to the customer.'
          : 'The provider management API, served only on the management listener.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pva_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    hideUntagged: false,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // no frames, and no call to the public validator badge service
    transformStaticCSP: (header: string) => header.replace(/frame-ancestors[^;]*/, "frame-ancestors 'none'"),
    uiConfig: { docExpansion: 'list', deepLinking: false, validatorUrl: null },
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { tx: false, auth: 'public' } }, async () =>
    app.swagger(),
  );
}
