import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import { LABEL_MAX } from './label.ts';

/** Who owns an object (8.1.1): the customer's stored data, or the provider's. */
export const Owner = (owner: 'customer' | 'provider') =>
  Type.Literal(owner, {
    description:
      owner === 'customer'
        ? "customer-owned: the customer's stored data (settings of the service functions)"
        : 'provider-owned: contracts, service documents, infrastructure',
  });

export const ServiceType = Type.Union([
  Type.Literal('ipsec'),
  Type.Literal('direct'),
  Type.Literal('option'),
]);
export const ContractStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('terminating'),
  Type.Literal('terminated'),
  Type.Literal('erased'),
]);
export type ContractStatusValue = Static<typeof ContractStatus>;

/** The contracted options of a service: a closed set, validated like any other input. */
export const ServiceOptions = Type.Object(
  {
    monitoring: Type.Optional(
      Type.Union([Type.Literal('standard'), Type.Literal('extended')], {
        description: 'Reachability monitoring level (extended: shorter interval, more targets)',
      }),
    ),
    redundancy: Type.Optional(
      Type.Union([Type.Literal('single'), Type.Literal('dual')], { description: 'Access line redundancy' }),
    ),
    burstMbps: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100_000,
        description: 'Burst bandwidth above the contract (Mbit/s)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ServiceOptionsValue = Static<typeof ServiceOptions>;

export const LabelOut = Type.Object(
  {
    text: Type.String({ maxLength: LABEL_MAX, description: 'Plain text; never markup' }),
    owner: Owner('customer'),
    updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { description: "The customer's label of the service code (8.2.2)" },
);

export const ServiceOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String({ description: 'Service code (8.2.2)' }),
  type: ServiceType,
  bandwidthMbps: Type.Union([Type.Integer(), Type.Null()]),
  options: ServiceOptions,
  /** the service's status is that of its contract */
  status: ContractStatus,
  contractId: Type.String({ format: 'uuid' }),
  contractNumber: Type.String(),
  label: LabelOut,
  owner: Owner('provider'),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ServiceOutValue = Static<typeof ServiceOut>;

export interface ServiceRow {
  id: string;
  code: string;
  type: 'ipsec' | 'direct' | 'option';
  bandwidth_mbps: number | null;
  options: Record<string, unknown>;
  label: string;
  label_updated_at: Date | null;
  created_at: Date;
  contract_id: string;
  contract_number: string;
  contract_status: ContractStatusValue;
}

export function serviceOut(s: ServiceRow): ServiceOutValue {
  return {
    id: s.id,
    code: s.code,
    type: s.type,
    bandwidthMbps: s.bandwidth_mbps,
    options: s.options,
    status: s.contract_status,
    contractId: s.contract_id,
    contractNumber: s.contract_number,
    label: {
      text: s.label,
      owner: 'customer',
      updatedAt: s.label_updated_at ? formatInstant(s.label_updated_at) : null,
    },
    owner: 'provider',
    createdAt: formatInstant(s.created_at),
  };
}

export const ConnectionOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  kind: Type.String(),
  bandwidthMbps: Type.Integer(),
  status: Type.String(),
  owner: Owner('customer'),
  service: Type.Object({
    id: Type.String(),
    code: Type.String(),
    label: Type.String({ description: "The customer's label of the service code, plain text" }),
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export interface ConnectionRow {
  id: string;
  name: string;
  kind: string;
  bandwidth_mbps: number;
  status: string;
  created_at: Date;
  service_id: string;
  service_code: string;
  service_label: string;
}

export function connectionOut(c: ConnectionRow): Static<typeof ConnectionOut> {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    bandwidthMbps: c.bandwidth_mbps,
    status: c.status,
    owner: 'customer',
    service: { id: c.service_id, code: c.service_code, label: c.service_label },
    createdAt: formatInstant(c.created_at),
  };
}

export const ContractSummaryOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  status: ContractStatus,
  startDate: Type.String({ format: 'date' }),
  endDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  owner: Owner('provider'),
});

export function contractSummaryOut(c: {
  id: string;
  number: string;
  status: ContractStatusValue;
  start_date: string;
  end_date: string | null;
}): Static<typeof ContractSummaryOut> {
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    startDate: c.start_date,
    endDate: c.end_date,
    owner: 'provider',
  };
}
