import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { db } from '../../db/context.ts';
import { formatInstant } from '../../lib/time.ts';
import { Owner } from '../services/schema.ts';
import { upsertCollector } from './collector-repository.ts';
import { deriveLinuxInterfaces } from './derive.ts';
import { IdParams } from './schema.ts';
import { secretsStatus, type SecretField } from './secrets.ts';

/**
 * Console: how a device's interface counters are read. The SNMP community and v3 keys are
 * write-only: stored sealed (secrets.ts), never returned; responses say only whether each is set.
 */

const tags = ['traffic'];

const CollectorBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('snmp'), Type.Literal('linux')]),
    host: Type.Optional(
      Type.String({ minLength: 1, maxLength: 255, description: 'snmp: default the management address' }),
    ),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'snmp: default 161' })),
    community: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'snmp v2c community (write only)' }),
    ),
    version: Type.Optional(
      Type.Union([Type.Literal('2c'), Type.Literal('3')], { description: 'snmp: 2c (default) or 3 (USM)' }),
    ),
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'snmp v3: security name' })),
    authProtocol: Type.Optional(
      Type.Union(
        [
          Type.Literal('none'),
          Type.Literal('md5'),
          Type.Literal('sha'),
          Type.Literal('sha224'),
          Type.Literal('sha256'),
          Type.Literal('sha384'),
          Type.Literal('sha512'),
        ],
        { description: 'snmp v3: default sha; none = noAuthNoPriv' },
      ),
    ),
    authKey: Type.Optional(
      Type.String({ minLength: 8, maxLength: 128, description: 'snmp v3 (write only)' }),
    ),
    privProtocol: Type.Optional(
      Type.Union(
        [
          Type.Literal('none'),
          Type.Literal('des'),
          Type.Literal('aes'),
          Type.Literal('aes256b'),
          Type.Literal('aes256r'),
        ],
        { description: 'snmp v3: default aes; none = authNoPriv' },
      ),
    ),
    privKey: Type.Optional(
      Type.String({ minLength: 8, maxLength: 128, description: 'snmp v3 (write only)' }),
    ),
    namespace: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$', description: 'linux: the PE namespace' }),
    ),
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 3600, default: 60 })),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
const SecretState = Type.Union([Type.Literal('set'), Type.Literal('not set')]);
const CollectorView = Type.Object({
  deviceId: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('snmp'), Type.Literal('linux')]),
  settings: Type.Record(Type.String(), Type.Unknown(), {
    description: 'host, port, version, user, protocols, timeout or namespace: everything but the secrets',
  }),
  secrets: Type.Object(
    { community: SecretState, authKey: SecretState, privKey: SecretState },
    { description: 'write-only fields: whether each is set, never the value' },
  ),
  intervalSeconds: Type.Integer(),
  enabled: Type.Boolean(),
  lastPolledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastPolledBy: Type.Union([Type.String(), Type.Null()], {
    description: 'the worker process (host:pid) that polled last; several workers share the devices',
  }),
});
const CollectorOut = Type.Object({
  owner: Owner('provider'),
  ok: Type.Literal(true),
  interfacesDerived: Type.Integer({
    description:
      'linux driver: mappings added for direct connections (their VXLAN interface in the tenant namespace); existing mappings are kept',
  }),
  collector: CollectorView,
});
const CollectorGetOut = Type.Object({ owner: Owner('provider'), collector: CollectorView });

const collectorRow = (deviceId: string) =>
  db()
    .selectFrom('ops.traffic_collector')
    .select([
      'device_id',
      'kind',
      'settings',
      'secrets_sealed',
      'interval_s',
      'enabled',
      'last_polled_at',
      'last_error',
      'last_polled_by',
    ])
    .where('device_id', '=', deviceId)
    .executeTakeFirst();

function view(r: NonNullable<Awaited<ReturnType<typeof collectorRow>>>) {
  const { secretFields, ...settings } = r.settings;
  const fields = Array.isArray(secretFields) ? (secretFields as SecretField[]) : [];
  // a row not yet sealed (written before secrets were sealed) shows nothing of its secrets either
  for (const f of ['community', 'authKey', 'privKey']) delete settings[f];
  return {
    deviceId: r.device_id,
    kind: r.kind,
    settings,
    secrets: secretsStatus(r.secrets_sealed, fields),
    intervalSeconds: r.interval_s,
    enabled: r.enabled,
    lastPolledAt: r.last_polled_at ? formatInstant(new Date(r.last_polled_at)) : null,
    lastError: r.last_error,
    lastPolledBy: r.last_polled_by,
  };
}

export function trafficCollectorRoutes(app: App): void {
  app.get(
    '/api/v1/devices/:id/traffic-collector',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getTrafficCollector',
        tags,
        summary: "How this device's interface counters are read (secrets shown only as set or not set)",
        params: IdParams,
        response: { 200: CollectorGetOut },
      },
    },
    async (req) => {
      const r = await collectorRow(req.params.id);
      if (!r) throw notFound();
      return { owner: 'provider' as const, collector: view(r) };
    },
  );

  app.put(
    '/api/v1/devices/:id/traffic-collector',
    {
      config: { auth: 'network.manage', action: 'traffic.collector_set' },
      schema: {
        operationId: 'setTrafficCollector',
        tags,
        summary:
          "How this device's interface counters are read (SNMP v2c or the Linux driver's own counters)",
        params: IdParams,
        body: CollectorBody,
        response: { 200: CollectorOut },
      },
    },
    async (req) => {
      const d = await db()
        .selectFrom('ops.device')
        .select(['id', 'hostname'])
        .where('id', '=', req.params.id)
        .executeTakeFirst();
      if (!d) throw notFound();
      const b = req.body;
      const settings =
        b.kind === 'snmp'
          ? {
              ...(b.host ? { host: b.host } : {}),
              ...(b.port ? { port: b.port } : {}),
              community: b.community ?? 'public',
              ...(b.version === '3'
                ? {
                    version: '3',
                    user: b.user ?? '',
                    authProtocol: b.authProtocol ?? 'sha',
                    authKey: b.authKey ?? '',
                    privProtocol: b.privProtocol ?? 'aes',
                    privKey: b.privKey ?? '',
                  }
                : {}),
            }
          : { namespace: b.namespace ?? '' };
      await upsertCollector(
        d.id,
        b.kind,
        settings,
        b.intervalSeconds ?? 60,
        b.enabled ?? true,
        app.pva.config,
      );
      const interfacesDerived = b.kind === 'linux' ? await deriveLinuxInterfaces(d.id) : 0;
      await auditRequest(req, {
        action: 'traffic.collector_set',
        tenantId: null,
        targetType: 'device',
        targetId: d.id,
        summary: {
          hostname: d.hostname,
          kind: b.kind,
          intervalSeconds: b.intervalSeconds ?? 60,
          enabled: b.enabled ?? true,
          interfacesDerived,
        },
      });
      const row = await collectorRow(d.id);
      return { owner: 'provider' as const, ok: true as const, interfacesDerived, collector: view(row!) };
    },
  );
}
