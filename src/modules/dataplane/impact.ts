import { db } from '../../db/context.ts';
import type { Impact, ImpactConnection, ImpactTenant } from '../../db/schema-dataplane.ts';

/**
 * The impact of a configuration change, from the model (14.2.1 risk assessment): every
 * connection placed on a device the change touches, with its tenant and service. A connection is
 * `direct` when its own configuration changes: it is named in a changed line of the device's diff
 * (by id, by the short id the renderers use, or by its virtual network's namespace), or the caller
 * knows it changes (a customer's bandwidth request). The others share a device that is
 * reconfigured: they are at risk if the apply goes wrong, but their settings stay.
 */
export interface ImpactInput {
  devices: { id: string; diff: string }[];
  /** connections known to change, whatever the diff says */
  directConnectionIds?: readonly string[];
}

/** Only the changed lines of a unified diff: `+`/`-` lines without the file headers. */
export function changedLines(diff: string): string[] {
  return diff
    .split('\n')
    .filter((l) => (l.startsWith('+') || l.startsWith('-')) && !l.startsWith('+++') && !l.startsWith('---'))
    .map((l) => l.slice(1));
}

function mentions(lines: readonly string[], tokens: readonly string[]): boolean {
  return lines.some((l) => tokens.some((t) => t.length >= 6 && l.includes(t)));
}

export async function computeImpact(input: ImpactInput): Promise<Impact> {
  const ids = input.devices.map((d) => d.id);
  if (!ids.length) return { tenants: [], connections: [] };
  const rows = await db()
    .selectFrom('customer.connection as c')
    .innerJoin('ops.port as p', 'p.id', 'c.port_id')
    .innerJoin('ops.device as d', 'd.id', 'p.device_id')
    .innerJoin('ops.tenant as t', 't.id', 'c.tenant_id')
    .innerJoin('customer.service as s', 's.id', 'c.service_id')
    .leftJoin('customer.virtual_network as v', 'v.id', 'c.virtual_network_id')
    .select([
      'c.id',
      'c.name',
      'c.kind',
      'c.status',
      'c.bandwidth_mbps',
      'c.tenant_id',
      't.code as tenant_code',
      't.name as tenant_name',
      's.code as service_code',
      'd.id as device_id',
      'd.hostname',
      'v.namespace',
    ])
    .where('p.device_id', 'in', ids)
    .where('c.status', '<>', 'disabled')
    .orderBy('t.code')
    .orderBy('d.hostname')
    .orderBy('c.name')
    .execute();
  const lines = new Map(input.devices.map((d) => [d.id, changedLines(d.diff)]));
  const known = new Set(input.directConnectionIds ?? []);
  const connections: ImpactConnection[] = rows.map((r) => {
    const tokens = [r.id, r.id.replace(/-/g, '').slice(0, 8), r.id.slice(0, 8)];
    const onDevice = lines.get(r.device_id) ?? [];
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      status: r.status,
      bandwidthMbps: r.bandwidth_mbps,
      tenantId: r.tenant_id,
      tenantCode: r.tenant_code,
      serviceCode: r.service_code,
      deviceId: r.device_id,
      hostname: r.hostname,
      direct: known.has(r.id) || mentions(onDevice, tokens),
    };
  });
  // a changed line naming a tenant's namespace touches all of that tenant's connections there
  for (const [i, r] of rows.entries()) {
    if (!connections[i]!.direct && r.namespace && mentions(lines.get(r.device_id) ?? [], [r.namespace]))
      connections[i]!.direct = true;
  }
  const tenants = new Map<string, ImpactTenant>();
  for (const [i, c] of connections.entries()) {
    const t = tenants.get(c.tenantId) ?? {
      id: c.tenantId,
      code: c.tenantCode,
      name: rows[i]!.tenant_name,
      connections: 0,
      direct: false,
    };
    t.connections++;
    t.direct ||= c.direct;
    tenants.set(c.tenantId, t);
  }
  return { tenants: [...tenants.values()], connections };
}
