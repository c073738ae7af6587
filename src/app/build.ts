import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.ts';
import { listenerUrl } from '../lib/url.ts';
import type { Database } from '../db/client.ts';
import { formatInstant, zoneDates } from '../lib/time.ts';
import { healthRoutes } from '../modules/health/routes.ts';
import { infoRoutes } from '../modules/info/routes.ts';
import { identityRoutes } from '../modules/identity/index.ts';
import { servicesRoutes } from '../modules/services/routes.ts';
import { changesRoutes } from '../modules/changes/routes.ts';
import { contractsRoutes } from '../modules/contracts/routes.ts';
import { documentsRoutes } from '../modules/documents/routes.ts';
import { exportRoutes } from '../modules/export/routes.ts';
import { networkRoutes } from '../modules/network/routes.ts';
import { capacityRoutes } from '../modules/capacity/routes.ts';
import { trafficPortRoutes } from '../modules/traffic/port-routes.ts';
import { trafficRoutes } from '../modules/traffic/routes.ts';
import { dataplaneRoutes } from '../modules/dataplane/routes.ts';
import { monitoringRoutes } from '../modules/monitoring/routes.ts';
import { noticesRoutes } from '../modules/notices/routes.ts';
import { reportsRoutes } from '../modules/reports/routes.ts';
import { evidenceRoutes } from '../modules/evidence/routes.ts';
import { lifecycleRoutes } from '../modules/lifecycle/routes.ts';
import { equipmentRoutes } from '../modules/equipment/routes.ts';
import { vulnerabilitiesRoutes } from '../modules/vulnerabilities/routes.ts';
import { complianceRoutes } from '../modules/compliance/routes.ts';
import { statementRoutes } from '../modules/compliance/statement/routes.ts';
import { auth } from './plugins/auth.ts';
import { sendProblem, errorHandling, frameworkError } from './plugins/errors.ts';
import { jsonBody } from './plugins/json-body.ts';
import { liveEvents } from './plugins/live.ts';
import { httpMetrics, metricsRoute } from './plugins/metrics.ts';
import { openapi } from './plugins/openapi.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { staticSpa } from './plugins/static.ts';
import { requestTransactions } from './plugins/tx.ts';
import { validation } from './plugins/validation.ts';
import { pickLang } from './errors.ts';
import type { App, Plane } from './types.ts';

export interface BuildOptions {
  config: Config;
  database: Database;
  plane: Plane;
  https?: { key: string; cert: string } | undefined;
  logger?: boolean | undefined;
}

/**
 * The one app factory behind both listeners. The portal app registers customer routes only;
 * operator routes exist only on the management app, so the portal has no path that reaches them.
 */
export async function buildApp(opts: BuildOptions): Promise<App> {
  const { config, database, plane } = opts;
  const fastifyOpts: FastifyServerOptions & { https?: object } = {
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            timestamp: () => `,"time":"${formatInstant(new Date())}"`,
            base: { plane },
          },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    return503OnClosing: true,
    frameworkErrors: frameworkError,
  };
  if (opts.https) fastifyOpts.https = { ...opts.https, minVersion: 'TLSv1.2' };
  const app = Fastify(fastifyOpts).withTypeProvider<TypeBoxTypeProvider>();
  const configured = plane === 'portal' ? config.portalUrl : config.mgmtUrl;
  const addr = plane === 'portal' ? config.portal : config.mgmt;
  app.decorate('pva', {
    config,
    database,
    plane,
    publicUrl: configured ?? listenerUrl(addr.host, addr.port),
    routes: [],
  });
  app.decorateRequest('lang', 'ja');
  app.addHook('onRequest', async (req) => {
    req.lang = pickLang(req.headers['accept-language']);
  });

  securityHeaders(app);
  httpMetrics(app);
  validation(app);
  jsonBody(app);
  errorHandling(app);
  requestTransactions(app);
  auth(app);
  // Every Date that leaves the API is rendered in the configured zone with an explicit offset.
  app.addHook('preSerialization', async (_req, _reply, payload) => zoneDates(payload));

  await openapi(app);
  healthRoutes(app);
  infoRoutes(app);
  identityRoutes(app);
  if (plane === 'portal') servicesRoutes(app);
  contractsRoutes(app);
  documentsRoutes(app);
  changesRoutes(app);
  exportRoutes(app);
  networkRoutes(app);
  if (plane === 'mgmt') capacityRoutes(app);
  dataplaneRoutes(app);
  if (plane === 'portal') trafficRoutes(app);
  else trafficPortRoutes(app);
  monitoringRoutes(app);
  noticesRoutes(app);
  reportsRoutes(app);
  evidenceRoutes(app);
  lifecycleRoutes(app);
  equipmentRoutes(app);
  vulnerabilitiesRoutes(app);
  complianceRoutes(app);
  statementRoutes(app);
  liveEvents(app);
  if (plane === 'mgmt') metricsRoute(app);

  const hasSpa = await staticSpa(app);
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    // /metrics exists only on the management listener: elsewhere a 404, not the app's page
    if (
      hasSpa &&
      req.method === 'GET' &&
      !path.startsWith('/api/') &&
      path !== '/api' &&
      path !== '/metrics'
    ) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendProblem(req, reply, 'not_found');
  });
  return app;
}
