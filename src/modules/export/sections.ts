import { formatInstant } from '../../lib/time.ts';
import type { CustomerPermission } from '../identity/policy.ts';
import * as repo from './repository.ts';

/** Who owns an object (8.1.1): the customer's stored data, or the provider's. */
export type Owner = 'customer' | 'provider';

/** What the export of one request may include. */
export interface ExportContext {
  tenantId: string;
  /** Service ids the principal is limited to; null = every service of the tenant. */
  serviceScope: string[] | null;
  can(permission: CustomerPermission): boolean;
}

type Key = string | number;
export type ExportObject = Record<string, unknown>;

/**
 * One section of the export: a top-level member of the JSON document and one CSV file. A later
 * capability (monitors, addresses …) adds a section by appending a definition to SECTIONS and its
 * shape to docs/export-schema.json; the stream, the counts, the CSV and the audit follow.
 * All functions run inside a short tenant-scoped transaction opened by the stream.
 */
export interface Section {
  name: string;
  owner: Owner;
  /** 'object': one object (or null); 'list': an array read page by page. */
  shape: 'object' | 'list';
  /** The JSON members in order; also the CSV columns. */
  columns: readonly string[];
  /** A permission the principal needs for this section (beyond settings.export). */
  permission?: CustomerPermission;
  /** Whether this principal's export has the section (permission, table present). */
  included(ctx: ExportContext): Promise<boolean>;
  count(ctx: ExportContext): Promise<number>;
  /** The next page after `after` (null: the first), each row with its keyset key. */
  page(ctx: ExportContext, after: Key | null, limit: number): Promise<{ key: Key; object: ExportObject }[]>;
}

function section<Row, K extends Key>(def: {
  name: string;
  owner: Owner;
  shape?: 'object' | 'list';
  columns: readonly string[];
  permission?: CustomerPermission;
  included?: (ctx: ExportContext) => Promise<boolean> | boolean;
  count: (ctx: ExportContext) => Promise<number>;
  rows: (ctx: ExportContext, after: K | null, limit: number) => Promise<Row[]>;
  key: (row: Row) => K;
  map: (row: Row) => Omit<ExportObject, 'owner'>;
}): Section {
  return {
    name: def.name,
    owner: def.owner,
    shape: def.shape ?? 'list',
    columns: def.columns,
    ...(def.permission ? { permission: def.permission } : {}),
    included: async (ctx) =>
      (!def.permission || ctx.can(def.permission)) && (def.included ? def.included(ctx) : true),
    count: def.count,
    async page(ctx, after, limit) {
      const rows = await def.rows(ctx, after as K | null, limit);
      // `owner` first: a reader (and the SPA's progress count) sees it before the fields
      return rows.map((r) => ({ key: def.key(r), object: { owner: def.owner, ...def.map(r) } }));
    },
  };
}

const instant = (d: Date | null): string | null => (d ? formatInstant(d) : null);
const one = async () => 1;

export const SECTIONS: readonly Section[] = [
  section({
    name: 'tenant',
    owner: 'provider',
    shape: 'object',
    columns: ['owner', 'id', 'code', 'name', 'status', 'createdAt'],
    count: one,
    rows: (ctx) => repo.tenant(ctx.tenantId),
    key: (r) => r.id,
    map: (r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      status: r.status,
      createdAt: instant(r.created_at),
    }),
  }),
  section({
    name: 'contracts',
    owner: 'provider',
    columns: ['owner', 'id', 'number', 'startDate', 'endDate', 'status', 'createdAt'],
    count: (ctx) => repo.countContracts(ctx.serviceScope),
    rows: (ctx, after: string | null, limit) => repo.contractPage(ctx.serviceScope, after, limit),
    key: (r) => r.number,
    map: (r) => ({
      id: r.id,
      number: r.number,
      startDate: r.start_date,
      endDate: r.end_date,
      status: r.status,
      createdAt: instant(r.created_at),
    }),
  }),
  section({
    name: 'services',
    owner: 'provider',
    columns: [
      'owner',
      'id',
      'code',
      'label',
      'labelUpdatedAt',
      'type',
      'bandwidthMbps',
      'options',
      'contractId',
      'contractNumber',
      'createdAt',
    ],
    count: (ctx) => repo.countServices(ctx.serviceScope),
    rows: (ctx, after: string | null, limit) => repo.servicePage(ctx.serviceScope, after, limit),
    key: (r) => r.code,
    map: (r) => ({
      id: r.id,
      code: r.code,
      label: r.label,
      labelUpdatedAt: instant(r.label_updated_at),
      type: r.type,
      bandwidthMbps: r.bandwidth_mbps,
      options: r.options,
      contractId: r.contract_id,
      contractNumber: r.contract_number,
      createdAt: instant(r.created_at),
    }),
  }),
  section({
    name: 'virtualNetworks',
    owner: 'customer',
    columns: ['owner', 'id', 'name', 'createdAt'],
    count: (ctx) => repo.countVirtualNetworks(ctx.serviceScope),
    rows: (ctx, after: string | null, limit) => repo.virtualNetworkPage(ctx.serviceScope, after, limit),
    key: (r) => r.id,
    map: (r) => ({ id: r.id, name: r.name, createdAt: instant(r.created_at) }),
  }),
  section({
    name: 'connections',
    owner: 'customer',
    columns: [
      'owner',
      'id',
      'serviceId',
      'serviceCode',
      'name',
      'kind',
      'bandwidthMbps',
      'status',
      'createdAt',
      'virtualNetworkId',
      'ipv4Prefix',
      'ipv6Prefix',
      'customerSubnets',
      'ipsec',
      'handoffId',
      'updatedAt',
    ],
    count: (ctx) => repo.countConnections(ctx.serviceScope),
    rows: (ctx, after: string | null, limit) => repo.connectionPage(ctx.serviceScope, after, limit),
    key: (r) => r.id,
    map: (r) => ({
      id: r.id,
      serviceId: r.service_id,
      serviceCode: r.service_code,
      name: r.name,
      kind: r.kind,
      bandwidthMbps: r.bandwidth_mbps,
      status: r.status,
      createdAt: instant(r.created_at),
      virtualNetworkId: r.virtual_network_id,
      ipv4Prefix: r.ipv4_prefix,
      ipv6Prefix: r.ipv6_prefix,
      customerSubnets: r.customer_subnets,
      ipsec: r.ipsec,
      handoffId: r.handoff_id,
      updatedAt: instant(r.updated_at),
    }),
  }),
  section({
    name: 'users',
    owner: 'customer',
    columns: [
      'owner',
      'id',
      'login',
      'name',
      'email',
      'role',
      'status',
      'serviceScope',
      'lastLoginAt',
      'createdAt',
    ],
    permission: 'users.read',
    count: () => repo.countUsers(),
    rows: (_ctx, after: string | null, limit) => repo.userPage(after, limit),
    key: (r) => r.login,
    map: (r) => ({
      id: r.id,
      login: r.login,
      name: r.name,
      email: r.email,
      role: r.role,
      status: r.status,
      serviceScope: r.service_codes,
      lastLoginAt: instant(r.last_login_at),
      createdAt: instant(r.created_at),
    }),
  }),
  section({
    name: 'securitySettings',
    owner: 'customer',
    shape: 'object',
    columns: ['owner', 'ipAllowlist', 'allowlistScope', 'allowlistTokens', 'mfaRequiredAll', 'updatedAt'],
    permission: 'security.read',
    count: one,
    rows: (ctx) => repo.securitySettings(ctx.tenantId),
    key: () => 0,
    // a tenant that never changed them has the defaults
    map: (r) => ({
      ipAllowlist: r.ip_allowlist ?? [],
      allowlistScope: r.allowlist_scope ?? 'admins',
      allowlistTokens: r.allowlist_tokens ?? false,
      mfaRequiredAll: r.mfa_required_all ?? false,
      updatedAt: instant(r.updated_at),
    }),
  }),
  section({
    name: 'changeRequests',
    owner: 'customer',
    columns: [
      'owner',
      'id',
      'number',
      'serviceId',
      'serviceCode',
      'kind',
      'desired',
      'current',
      'desiredDate',
      'reason',
      'status',
      'requestedBy',
      'decisionReason',
      'executionNote',
      'decidedAt',
      'executedAt',
      'createdAt',
      'updatedAt',
    ],
    included: () => repo.tableExists('customer.change_request'),
    count: (ctx) => repo.countChangeRequests(ctx.serviceScope),
    rows: (ctx, after: string | null, limit) => repo.changeRequestPage(ctx.serviceScope, after, limit),
    key: (r) => r.number,
    map: (r) => ({
      id: r.id,
      number: r.number,
      serviceId: r.service_id,
      serviceCode: r.service_code,
      kind: r.kind,
      desired: r.desired,
      current: r.current,
      desiredDate: r.desired_date,
      reason: r.reason,
      status: r.status,
      requestedBy: r.requested_by,
      decisionReason: r.decision_reason,
      executionNote: r.execution_note,
      decidedAt: instant(r.decided_at),
      executedAt: instant(r.executed_at),
      createdAt: instant(r.created_at),
      updatedAt: instant(r.updated_at),
    }),
  }),
  section({
    name: 'changeRequestEvents',
    owner: 'customer',
    columns: [
      'owner',
      'id',
      'changeRequestId',
      'changeRequestNumber',
      'at',
      'actorKind',
      'fromStatus',
      'toStatus',
      'note',
    ],
    included: () => repo.tableExists('customer.change_request_event'),
    count: (ctx) => repo.countChangeRequestEvents(ctx.serviceScope),
    rows: (ctx, after: number | null, limit) => repo.changeRequestEventPage(ctx.serviceScope, after, limit),
    key: (r) => Number(r.id),
    map: (r) => ({
      id: Number(r.id),
      changeRequestId: r.change_request_id,
      changeRequestNumber: r.change_request_number,
      at: instant(r.at),
      actorKind: r.actor_kind,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      note: r.note,
    }),
  }),
];

export const SECTION_NAMES = SECTIONS.map((s) => s.name);

export function sectionNamed(name: string): Section | undefined {
  return SECTIONS.find((s) => s.name === name);
}
