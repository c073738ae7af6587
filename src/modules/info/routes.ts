import { Type } from '@sinclair/typebox';
import type { App } from '../../app/types.ts';
import { formatInstant, getTimezone } from '../../lib/time.ts';

const Localized = Type.Object({ ja: Type.String(), en: Type.String() });
export const ServiceInfo = Type.Object({
  provider: Type.Object({ name: Localized, address: Localized }),
  inquiry: Type.Object({ email: Type.String(), phone: Type.String(), hours: Localized }),
  dataLocation: Localized,
  jurisdiction: Localized,
  policyUrl: Type.Union([Type.String(), Type.Null()]),
  timezone: Type.String(),
  serverTime: Type.String({ format: 'date-time' }),
});

/** Who runs the service, where the data is, whom to contact (6.1.3, 18.1.1): public on both listeners. */
export function infoRoutes(app: App): void {
  app.get(
    '/api/v1/service-info',
    {
      config: { tx: false, auth: 'public' },
      schema: {
        operationId: 'getServiceInfo',
        tags: ['service information'],
        summary: 'Provider, inquiry desk, data location and jurisdiction (6.1.3, 18.1.1)',
        response: { 200: ServiceInfo },
      },
    },
    async () => {
      const p = app.pva.config.provider;
      return {
        provider: { name: p.name, address: p.address },
        inquiry: p.inquiry,
        dataLocation: p.dataLocation,
        jurisdiction: p.jurisdiction,
        policyUrl: p.policyUrl ?? null,
        timezone: getTimezone(),
        serverTime: formatInstant(new Date()),
      };
    },
  );
}
