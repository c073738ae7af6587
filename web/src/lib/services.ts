import type { Service } from '../api/portal-api.ts';

/** The tenant's services as choices: service code and the customer's label. */
export function serviceOptions(services: Service[]) {
  return services.map((s) => ({ value: s.id, label: `${s.code}${s.label.text ? ` ${s.label.text}` : ''}` }));
}
