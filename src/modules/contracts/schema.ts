import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import {
  ContractStatus,
  ContractSummaryOut,
  contractSummaryOut,
  Owner,
  ServiceOptions,
  ServiceOut,
  serviceOut,
  ServiceType,
  type ServiceRow,
} from '../services/schema.ts';
import type { ContractRow } from './repository.ts';

/** Request and response schemas of tenants, contracts and contracted services. */
export const TenantIdParams = Type.Object({ tenantId: Type.String({ format: 'uuid' }) });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CustomerCode = Type.String({
  pattern: '^C[0-9]{7}$',
  maxLength: 8,
  description: "Customer code: 'C' and 7 digits, unique (omit on creation to allocate the next free one)",
});
const TenantName = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const ContractNumber = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_./-]*$',
  description: 'Contract number, unique (letters, digits, - _ . /)',
});
const DateString = Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD (JST day)' });
const Bandwidth = Type.Integer({ minimum: 1, maximum: 100_000, description: 'Contracted bandwidth, Mbit/s' });

export const TenantOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  status: ContractStatus,
  contractCount: Type.Integer(),
  serviceCount: Type.Integer(),
  owner: Owner('provider'),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CreateTenantBody = Type.Object(
  {
    code: Type.Optional(CustomerCode),
    name: TenantName,
  },
  { additionalProperties: false },
);
export const PatchTenantBody = Type.Object({ name: TenantName }, { additionalProperties: false });

export const ContractOut = Type.Composite([
  ContractSummaryOut,
  Type.Object({
    tenantId: Type.String({ format: 'uuid' }),
    createdAt: Type.String({ format: 'date-time' }),
    services: Type.Array(ServiceOut),
  }),
]);

export const CreateContractBody = Type.Object(
  {
    number: ContractNumber,
    startDate: DateString,
    endDate: Type.Optional(Type.Union([DateString, Type.Null()])),
  },
  { additionalProperties: false },
);
export const PatchContractBody = Type.Object(
  {
    number: Type.Optional(ContractNumber),
    startDate: Type.Optional(DateString),
    endDate: Type.Optional(Type.Union([DateString, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const TransitionBody = Type.Object(
  {
    to: ContractStatus,
    endDate: Type.Optional(DateString),
  },
  { additionalProperties: false },
);

export const CreateServiceBody = Type.Object(
  {
    type: ServiceType,
    bandwidthMbps: Type.Optional(Bandwidth),
    options: Type.Optional(ServiceOptions),
  },
  { additionalProperties: false },
);
export const PatchServiceBody = Type.Object(
  { bandwidthMbps: Type.Optional(Bandwidth), options: Type.Optional(ServiceOptions) },
  { additionalProperties: false, minProperties: 1 },
);

export const ProviderServiceOut = Type.Composite([
  ServiceOut,
  Type.Object({ tenantId: Type.String({ format: 'uuid' }) }),
]);
export const ServiceLookupOut = Type.Composite([
  ProviderServiceOut,
  Type.Object({ tenant: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }) }),
]);

export function contractOut(c: ContractRow, services: ServiceRow[]): Static<typeof ContractOut> {
  return {
    ...contractSummaryOut(c),
    tenantId: c.tenant_id,
    createdAt: formatInstant(c.created_at),
    services: services.filter((s) => s.contract_id === c.id).map(serviceOut),
  };
}

export function tenantOut(t: {
  id: string;
  code: string;
  name: string;
  status: Static<typeof ContractStatus>;
  created_at: Date;
  contracts: number;
  services: number;
}): Static<typeof TenantOut> {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    status: t.status,
    contractCount: t.contracts,
    serviceCount: t.services,
    owner: 'provider',
    createdAt: formatInstant(t.created_at),
  };
}

export function providerServiceOut(s: ServiceRow & { tenant_id: string }): Static<typeof ProviderServiceOut> {
  return { ...serviceOut(s), tenantId: s.tenant_id };
}
