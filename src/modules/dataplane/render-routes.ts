import { Type } from '@sinclair/typebox';
import type { App } from '../../app/types.ts';
import { Owner } from '../services/schema.ts';
import { redactSecrets } from './backups.ts';
import { secretKey, useDataplaneConfig } from './env.ts';
import { intendedConfig } from './intended.ts';

const IntendedOut = Type.Object({
  owner: Owner('provider'),
  deviceId: Type.String({ format: 'uuid' }),
  hostname: Type.String(),
  files: Type.Array(
    Type.Object({
      name: Type.String({ description: 'e.g. ns/core.conf, swanctl/swanctl.conf' }),
      text: Type.String(),
    }),
    { description: 'Sorted by name; secrets (PSKs) replaced by keyed fingerprints <redacted:…>' },
  ),
  warnings: Type.Array(Type.String(), { description: 'What the renderer left out and why' }),
});

/** Intended configuration of a device, rendered from the model (management). */
export function renderRoutes(app: App): void {
  useDataplaneConfig(app.pva.config);
  app.get(
    '/api/v1/devices/:id/intended-config',
    {
      config: { auth: 'network.read', customerData: true },
      schema: {
        operationId: 'getIntendedConfig',
        tags: ['dataplane'],
        summary: "A device's intended configuration, rendered from the network model by its driver",
        description:
          'The same files the driver applies, with every secret redacted. 404 for an unknown device, 409 driver_unavailable when its driver is not installed, 409 render_failed when the model cannot be rendered (the detail names the reason).',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: IntendedOut },
      },
    },
    async (req) => {
      const rendered = await intendedConfig(req.params.id, { config: app.pva.config });
      const { files } = redactSecrets(rendered.files, secretKey());
      return {
        owner: 'provider' as const,
        deviceId: rendered.deviceId,
        hostname: rendered.hostname,
        files: Object.keys(files)
          .sort()
          .map((name) => ({ name, text: files[name]! })),
        warnings: rendered.warnings ?? [],
      };
    },
  );
}
