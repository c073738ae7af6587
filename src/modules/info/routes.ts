import { Type } from '@sinclair/typebox';
import type { App } from '../../app/types.ts';
import { formatInstant, getTimezone } from '../../lib/time.ts';
import { publishedKey } from '../evidence/checkpoint-routes.ts';
import { CUSTOMER_CONTROL, DESIGN_PRINCIPLES, GOVERNING_LAW, RESPONSIBILITY } from './principles.ts';

const Localized = Type.Object({ ja: Type.String(), en: Type.String() });
const Responsible = Type.Object({ summary: Localized, items: Type.Array(Localized) });
export const ServiceInfo = Type.Object({
  provider: Type.Object({ name: Localized, address: Localized }),
  inquiry: Type.Object({ email: Type.String(), phone: Type.String(), hours: Localized }),
  dataLocation: Localized,
  jurisdiction: Localized,
  policyUrl: Type.Union([Type.String(), Type.Null()]),
  timezone: Type.String(),
  serverTime: Type.String({ format: 'date-time' }),
  responsibility: Type.Object(
    { provider: Responsible, customer: Responsible },
    {
      description:
        'The responsibility split (6.1.1, CLD.6.3.1): provider = infrastructure, customer = stored data',
    },
  ),
  governingLaw: Localized,
  court: Type.Object(
    { ja: Type.String(), en: Type.String() },
    { description: 'The court with jurisdiction (18.1.1); the same text as `jurisdiction`' },
  ),
  securityPolicy: Type.Object({
    url: Type.Union([Type.String(), Type.Null()]),
    principles: Type.Array(Localized, { description: 'The ten design principles of the policy (5.1.1)' }),
  }),
  customerControl: Type.Object(
    { ja: Type.String(), en: Type.String() },
    { description: "Customer settings remain under the customer's control (18.1.2)" },
  ),
  signingKey: Type.Union(
    [
      Type.Object({
        algorithm: Type.Literal('Ed25519'),
        keyId: Type.String(),
        publicKey: Type.String(),
        pem: Type.String(),
      }),
      Type.Null(),
    ],
    {
      description:
        'The Ed25519 key that signs audit checkpoints and evidence bundles (16.1.7): key id, SPKI base64, PEM',
    },
  ),
});

/**
 * Who runs the service, where the data is, whom to contact, which law and court apply, who is
 * responsible for what and the security policy's principles (5.1.1, 6.1.1, 6.1.3, 18.1.1, 18.1.2):
 * public on both listeners.
 */
export function infoRoutes(app: App): void {
  app.get(
    '/api/v1/service-info',
    {
      config: { tx: false, auth: 'public' },
      schema: {
        operationId: 'getServiceInfo',
        tags: ['service information'],
        summary:
          'Provider, inquiry desk, data location, governing law and court, responsibility split, security policy and its principles (5.1.1, 6.1.1, 6.1.3, 18.1.1, 18.1.2)',
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
        responsibility: {
          provider: { summary: RESPONSIBILITY.provider.summary, items: [...RESPONSIBILITY.provider.items] },
          customer: { summary: RESPONSIBILITY.customer.summary, items: [...RESPONSIBILITY.customer.items] },
        },
        governingLaw: GOVERNING_LAW,
        court: p.jurisdiction,
        securityPolicy: { url: p.policyUrl ?? null, principles: [...DESIGN_PRINCIPLES] },
        customerControl: CUSTOMER_CONTROL,
        signingKey: publishedKey(app),
      };
    },
  );
}
