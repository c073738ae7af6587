import type { App, Plane } from '../../src/app/types.ts';
import type { Schema } from './values.ts';

export interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

/** One operation of a listener's OpenAPI document, as the fuzzer drives it. */
export interface Operation {
  plane: Plane;
  method: string;
  /** OpenAPI path, e.g. /api/v1/users/{id} */
  path: string;
  params: Param[];
  body: Schema | undefined;
  auth: string;
  /** answers with a never-ending text/event-stream: read its head, then hang up */
  stream: boolean;
}

/**
 * Routes the fuzzer does not drive, each with its reason. Every other route of both listeners
 * must be in the plan; the test fails when one is neither planned nor listed here.
 */
export const SKIPPED: Record<string, string> = {
  'GET /api/openapi.json': 'serves the OpenAPI document itself (no input; read by the plan)',
  'GET /api/docs': 'third-party API documentation page (static, no input)',
  'GET /api/docs/json': 'third-party API documentation page (static, no input)',
  'GET /api/docs/yaml': 'third-party API documentation page (static, no input)',
  'GET /api/docs/static/index.html': 'third-party API documentation page (static, no input)',
  'GET /api/docs/static/swagger-initializer.js': 'third-party API documentation page (static, no input)',
  'GET /api/docs/static/*': 'third-party API documentation assets (static files)',
};

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
        requestBody?: { content?: Record<string, { schema: Schema }> };
        responses?: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
}

const toOpenApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The plan: every operation of this listener's published OpenAPI document. */
export function planFor(app: App): Operation[] {
  const doc = JSON.parse(JSON.stringify(app.swagger())) as OpenApiDoc;
  const auth = new Map<string, string>();
  for (const r of app.pva.routes) {
    for (const m of [r.method].flat()) auth.set(`${m} ${toOpenApiPath(r.url)}`, String(r.config?.auth));
  }
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = m.toUpperCase();
      ops.push({
        plane: app.pva.plane,
        method,
        path,
        params: (op.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({
            name: p.name,
            in: p.in as 'path' | 'query',
            required: p.required ?? false,
            schema: p.schema,
          })),
        body: op.requestBody?.content?.['application/json']?.schema,
        auth: auth.get(`${method} ${path}`) ?? 'unknown',
        stream: Object.values(op.responses ?? {}).some((r) => 'text/event-stream' in (r.content ?? {})),
      });
    }
  }
  return ops;
}

/** Routes registered on the listener that are neither in the plan nor skipped with a reason. */
export function unplannedRoutes(app: App, plan: Operation[]): string[] {
  const planned = new Set(plan.map((o) => `${o.method} ${o.path}`));
  const missing: string[] = [];
  for (const r of app.pva.routes) {
    for (const m of [r.method].flat()) {
      if (m === 'HEAD') continue; // Fastify's automatic twin of each GET route
      const key = `${m} ${toOpenApiPath(r.url)}`;
      if (planned.has(key) || key in SKIPPED) continue;
      // the SPA's static files, served outside /api on a build with the web bundle
      if (!r.url.startsWith('/api') && r.url !== '/livez' && r.url !== '/readyz') continue;
      missing.push(key);
    }
  }
  return [...new Set(missing)];
}
