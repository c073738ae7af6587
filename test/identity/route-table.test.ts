import { randomBytes, randomUUID } from 'node:crypto';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/types.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { insertDocument } from '../../src/modules/documents/repository.ts';
import { allocateIsolationId } from '../../src/modules/network/isolation.ts';
import { insertVirtualNetwork } from '../../src/modules/network/virtual-repository.ts';
import { isCustomerPermission, isStaffPermission } from '../../src/modules/identity/policy.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

const methodsOf = (r: RouteOptions): string[] =>
  (Array.isArray(r.method) ? r.method : [r.method]).map(String);
/** The route table each app keeps as routes register (src/app/plugins/auth.ts). */
const routesOf = (app: App): RouteOptions[] => {
  if (!app.pva.routes.length) throw new Error('the route table is empty');
  return app.pva.routes;
};
/** Routes compare without slashes: printRoutes splits paths at different places than they were declared. */
const key = (method: string, url: string): string => `${method} ${url.replace(/\//g, '')}`;

/** The printed tree shows a wildcard under the nearest printed node: `/a/b/*` may print as `/a` + `*`. */
const isSeen = (seen: Set<string>, served: string): boolean =>
  seen.has(served) ||
  (served.endsWith('*') && [...seen].some((s) => s.endsWith('*') && s.startsWith(served.slice(0, -1))));

/** Every method+path the router serves, read from its printed tree. */
function servedRoutes(app: App): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.search(/[^│├└─\s]/);
    if (at < 0) continue;
    const depth = Math.floor(at / 4);
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at))!;
    stack[depth] = (stack[depth - 1] ?? '') + m[1]!;
    stack.length = depth + 1;
    for (const method of m[2]?.split(', ') ?? []) out.push(key(method, stack[depth]));
  }
  return out;
}

describe(`route table (${engineName})`, () => {
  it('every route of both listeners declares its auth requirement (9.4.4: no path around it)', () => {
    for (const [plane, app] of [
      ['portal', p.portal],
      ['mgmt', p.mgmt],
    ] as const) {
      const routes = routesOf(app);
      const lacking = routes.filter((r) => !r.config?.auth).map((r) => `${methodsOf(r).join(',')} ${r.url}`);
      expect(lacking, `${plane}: routes without config.auth`).toEqual([]);
      // a permission of the other audience would make the route unreachable (or worse, a mix-up)
      const audience = plane === 'portal' ? isCustomerPermission : isStaffPermission;
      const wrong = routes
        .filter((r) => !['public', 'pending', 'authenticated'].includes(r.config!.auth!))
        .filter((r) => !audience(r.config!.auth!))
        .map((r) => `${methodsOf(r).join(',')} ${r.url}: ${r.config!.auth}`);
      expect(wrong, `${plane}: routes with another audience's permission`).toEqual([]);
      // the capture is complete: every route the router serves went through the hook above
      const seen = new Set(routes.flatMap((r) => methodsOf(r).map((m) => key(m, r.url))));
      const served = servedRoutes(app);
      expect(served.length).toBeGreaterThan(10);
      expect(
        served.filter((s) => !isSeen(seen, s)),
        `${plane}: routes served but not seen`,
      ).toEqual([]);
      const doc = app.swagger() as unknown as { paths: Record<string, Record<string, unknown>> };
      const documented = Object.entries(doc.paths).flatMap(([path, ms]) =>
        Object.keys(ms).map((m) => key(m.toUpperCase(), path.replace(/\{([^}]+)\}/g, ':$1'))),
      );
      expect(
        documented.filter((d) => !seen.has(d)),
        `${plane}: documented but not seen`,
      ).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-tenant matrix: tenant B's administrator calls every portal route that takes an id with
// tenant A's ids, and must get 404 (a foreign id answers exactly like a missing one).

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
};

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
const hex64 = (): string => randomBytes(32).toString('hex');

/** A small value that satisfies the schema, so the request gets past validation to the lookup. */
function sample(s: JsonSchema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const options = s.anyOf ?? s.oneOf;
  if (options) {
    const nonNull = options.find((o) => o.type !== 'null');
    return sample(nonNull ?? options[0]!);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const props = s.properties ?? {};
      const names = [...(s.required ?? [])];
      for (const n of Object.keys(props))
        if (names.length < (s.minProperties ?? 0) && !names.includes(n)) names.push(n);
      return Object.fromEntries(names.map((n) => [n, sample(props[n] ?? {})]));
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return s.maximum !== undefined ? Math.min(min, s.maximum) : min;
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'string': {
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'email') return `matrix-${randomBytes(3).toString('hex')}@example.com`;
      if (s.format === 'date-time') return new Date().toISOString();
      if (s.format === 'date') return '2026-01-01';
      const candidates = ['matrix-test', 'Matrix test 1', hex64(), randomUUID(), '203.0.113.1', '1'];
      const fits = (c: string) =>
        (!s.pattern || new RegExp(s.pattern, 'u').test(c)) &&
        c.length >= (s.minLength ?? 0) &&
        c.length <= (s.maxLength ?? Infinity);
      return candidates.find(fits) ?? 'x'.repeat(Math.max(1, s.minLength ?? 1));
    }
    default:
      return {};
  }
}

/** Which kind of object a path parameter names: `:serviceId` → services; `/users/:id` → users. */
function resourceOf(url: string, param: string): string {
  if (param !== 'id') return `${param.replace(/Id$/, '')}s`;
  const segs = url.split('/');
  return segs[segs.indexOf(':id') - 1] ?? 'unknown';
}

const sql = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);

/** Everything tenant A owns, to prove a refused cross-tenant call changed nothing. */
async function snapshotOf(t: TenantFixture): Promise<string> {
  return sql(async () => {
    const q = async (table: Parameters<ReturnType<typeof db>['selectFrom']>[0]) =>
      db()
        .selectFrom(table)
        .selectAll()
        .where('tenant_id' as never, '=', t.id as never)
        .execute();
    const snap = {
      tenant: await db().selectFrom('ops.tenant').selectAll().where('id', '=', t.id).execute(),
      users: await q('customer.app_user'),
      services: await q('customer.service'),
      connections: await q('customer.connection'),
      contracts: await q('customer.contract'),
      settings: await q('customer.tenant_setting'),
      tokens: await q('iam.api_token'),
      sessions: await q('iam.session'),
      passkeys: await q('iam.passkey'),
      totp: await q('iam.totp'),
      links: await q('iam.one_time_link'),
      changeRequests: await q('customer.change_request'),
      changeRequestEvents: await q('customer.change_request_event'),
      virtualNetworks: await q('customer.virtual_network'),
      pools: await q('ops.tenant_pool'),
      isolationIds: await q('ops.isolation_id'),
      audit: await db()
        .selectFrom('audit.log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', t.id)
        .execute(),
    };
    const rows = (x: unknown[]) =>
      x.map((r) => JSON.stringify(r)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify(Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, rows(v)])));
  });
}

describe(`cross-tenant matrix (${engineName})`, () => {
  it("answers 404 to tenant B's administrator for tenant A's ids on every portal route that takes one", async () => {
    const a = await createTenant(p.db.database);
    const b = await createTenant(p.db.database);
    const adminA = await createUser(p.db.database, a.id, { role: 'admin' });
    const operatorA = await createUser(p.db.database, a.id, { role: 'operator' });
    const adminB = await createUser(p.db.database, b.id, { role: 'admin' });
    const sa = await login(p.portal, p.db.database, adminA);
    // A's objects that live behind ids: a token, a passkey, a session
    const tok = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'a', scope: 'read-write', expiresInDays: 5 },
      headers: sa.headers,
    });
    expect(tok.statusCode, tok.body).toBe(201);
    await sql(() =>
      db()
        .insertInto('iam.passkey')
        .values({
          id: randomBytes(16).toString('base64url'),
          principal_kind: 'customer',
          principal_id: adminA.id,
          tenant_id: a.id,
          public_key: randomBytes(32).toString('base64url'),
          counter: 0,
          transports: [],
          name: 'a',
          last_used_at: null,
        })
        .execute(),
    );
    const cr = await p.portal.inject({
      method: 'POST',
      url: '/api/v1/change-requests',
      payload: {
        serviceId: a.serviceIds[0],
        kind: 'bandwidth',
        desired: { bandwidthMbps: 500 },
        desiredDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      },
      headers: sa.headers,
    });
    expect(cr.statusCode, cr.body).toBe(201);
    // a service document for a service type only A contracts (direct): B must not reach it
    const docOfA = await sql(async () => {
      await db()
        .insertInto('customer.service')
        .values({
          tenant_id: a.id,
          contract_id: a.contractId,
          code: `PVA${randomBytes(4).toString('hex').toUpperCase()}`,
          type: 'direct',
          bandwidth_mbps: 100,
        })
        .execute();
      return insertDocument({
        serviceType: 'direct',
        kind: 'specification',
        version: '9.0',
        titleJa: 'A のみ',
        titleEn: 'A only',
        effectiveFrom: '2024-01-01',
        createdBy: null,
        content: { format: 'markdown', bodyJa: 'a', bodyEn: 'a' },
      });
    });
    // A's virtual network with A's first connection in it, addressed from A's pool
    const vnetOfA = await sql(async () => {
      const id = await insertVirtualNetwork(a.id, 'matrix', await allocateIsolationId(a.id, 64512));
      await db()
        .insertInto('ops.tenant_pool')
        .values({ tenant_id: a.id, prefix: '10.99.0.0/24', assign_length: 30 })
        .execute();
      await db()
        .updateTable('customer.connection')
        .set({ virtual_network_id: id, ipv4_prefix: '10.99.0.0/30' })
        .where('id', '=', a.connectionIds[0]!)
        .execute();
      return id;
    });
    const firstId = async (s: LoggedIn, url: string): Promise<string | undefined> => {
      const r = await p.portal.inject({ url, headers: s.headers });
      return r.statusCode === 200 ? r.json<{ id: string }[]>()[0]?.id : undefined;
    };
    const idsOfA: Record<string, string | undefined> = {
      users: operatorA.id,
      tokens: tok.json<{ id: string }>().id,
      sessions: await firstId(sa, '/api/v1/me/sessions'),
      passkeys: await firstId(sa, '/api/v1/me/passkeys'),
      services: a.serviceIds[0],
      connections: a.connectionIds[0],
      contracts: a.contractId,
      tenants: a.id,
      documents: docOfA,
      'change-requests': cr.json<{ id: string }>().id,
      'virtual-networks': vnetOfA,
      monitors: await sql(async () => {
        const m = await db()
          .selectFrom('customer.monitor')
          .select('id')
          .where('connection_id', '=', a.connectionIds[0]!)
          .executeTakeFirstOrThrow();
        return m.id;
      }),
    };
    const sb = await login(p.portal, p.db.database, adminB);
    const before = await snapshotOf(a);

    const unknown: string[] = [];
    const failures: string[] = [];
    const tried: string[] = [];
    for (const r of routesOf(p.portal)) {
      if (!r.url.startsWith('/api/') || !r.url.includes('/:')) continue;
      const schema = (r.schema ?? {}) as { params?: JsonSchema; body?: JsonSchema; querystring?: JsonSchema };
      let url = r.url;
      for (const param of [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!)) {
        const resource = resourceOf(r.url, param);
        let value = idsOfA[resource];
        if (!value) {
          unknown.push(`${r.url} :${param} (${resource})`);
          value = String(sample(schema.params?.properties?.[param] ?? { type: 'string', format: 'uuid' }));
        }
        url = url.replace(`:${param}`, encodeURIComponent(value));
      }
      const query = schema.querystring ? (sample(schema.querystring) as Record<string, string>) : {};
      const qs = new URLSearchParams(
        Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
      const body = schema.body ? sample(schema.body) : undefined;
      if (schema.body && !ajv.validate(schema.body, body)) {
        failures.push(`${r.url}: could not build a valid body (${ajv.errorsText()})`);
        continue;
      }
      for (const method of methodsOf(r)) {
        if (method === 'HEAD') continue;
        tried.push(`${method} ${r.url}`);
        const res = await p.portal.inject({
          method: method as 'GET',
          url: qs ? `${url}?${qs}` : url,
          headers: sb.headers,
          ...(body !== undefined ? { payload: body as object } : {}),
        });
        if (res.statusCode !== 404 || !/application\/problem\+json/.test(String(res.headers['content-type'])))
          failures.push(`${method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    if (unknown.length)
      console.info(`cross-tenant matrix: parameters without a tenant-A id:\n  ${unknown.join('\n  ')}`);
    console.info(`cross-tenant matrix (${engineName}): ${tried.length} calls\n  ${tried.join('\n  ')}`);
    expect(tried.length).toBeGreaterThan(0);
    expect(failures, 'cross-tenant calls that did not answer 404').toEqual([]);
    expect(await snapshotOf(a), "tenant A's data changed").toBe(before);
  });
});
