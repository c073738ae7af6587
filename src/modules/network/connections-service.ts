import { randomUUID } from 'node:crypto';
import { AppError, notFound, type Lang } from '../../app/errors.ts';
import type { Config } from '../../config.ts';
import type { ConnectionStatus, IpsecSettings, PlacementOverride } from '../../db/schema-network.ts';
import { formatInstant } from '../../lib/time.ts';
import { enqueue } from '../../jobs/queue.ts';
import { checkPlacement, COUNTED_STATUSES, type PlacementOutcome } from '../capacity/placement.ts';
import { sealSecret } from '../tenancy/keys.ts';
import { assignAddresses } from './connections-addressing.ts';
import { checkIpsec, type IpsecInput } from './connections-ipsec.ts';
import * as repo from './connections-repository.ts';
import { assertClearOfMgmt } from './pools-service.ts';
import { lockVirtualNetwork } from './virtual-repository.ts';
import { invalid, oneLine, taken } from './virtual-input.ts';

/**
 * Placing connections (CLD.13.1.4): a tenant's service attached to one of its virtual networks on
 * a PE access port, within the port's oversubscription limit unless a staff member overrides it
 * with a reason; addresses from the tenant's pools; the IPsec PSK sealed with the tenant's key.
 */
export interface Ctx {
  config: Pick<Config, 'masterKeyFile'>;
  /** who places (recorded in an override); null for the system (demo) */
  staffId: string | null;
  lang: Lang;
}

export interface PlacementFields {
  name: string;
  portId: string;
  bandwidthMbps: number;
  status?: 'planned' | 'active' | undefined;
  ipv4Prefix?: string | null | undefined;
  ipv6Prefix?: string | null | undefined;
  customerSubnets?: string[] | undefined;
  ipsec?: IpsecInput | undefined;
  handoffId?: number | undefined;
  placementOverride?: { reason: string } | undefined;
}

export interface OverrideFacts {
  record: PlacementOverride;
  portId: string;
  port: string;
  capacityMbps: number;
  requestedTotalMbps: number;
}

export interface PlacementResult {
  id: string;
  tenantId: string;
  pskGenerated: boolean;
  override: OverrideFacts | null;
  summary: Record<string, unknown>;
}

export const counted = (s: ConnectionStatus): boolean => (COUNTED_STATUSES as readonly string[]).includes(s);

/** The customer's peer is on the internet side: never an address of a management network. */
export async function assertPeerClearOfMgmt(peer: string): Promise<void> {
  await assertClearOfMgmt([`${peer}/${peer.includes(':') ? 128 : 32}`]);
}

export async function checkedPort(portId: string, kind: 'ipsec' | 'direct', lang: Lang) {
  const port = await repo.portForPlacement(portId);
  if (!port)
    throw invalid(
      '/body/portId',
      'unknown_port',
      { ja: 'ポートが見つかりません。', en: 'No such port.' },
      lang,
    );
  if (
    port.purpose !== 'access' ||
    port.role !== 'pe' ||
    port.status !== 'active' ||
    ['decommissioning', 'reused', 'disposed'].includes(port.device_status)
  )
    throw invalid(
      '/body/portId',
      'not_access_port',
      {
        ja: '接続を収容できるのは PE の有効なアクセスポートだけです。',
        en: 'Connections go on an active access port of a PE only.',
      },
      lang,
    );
  if (kind === 'ipsec' && !port.underlay_address)
    throw invalid(
      '/body/portId',
      'no_underlay',
      {
        ja: 'この PE にはアンダーレイアドレスがないため IPsec 接続を収容できません。',
        en: 'This PE has no underlay address, so it cannot terminate IPsec.',
      },
      lang,
    );
  return port;
}

export function checkBandwidth(mbps: number, contracted: number | null, lang: Lang): void {
  if (contracted === null || mbps > contracted)
    throw invalid(
      '/body/bandwidthMbps',
      'over_contract',
      {
        ja: `契約帯域（${contracted ?? 0} Mbit/s）を超える帯域は設定できません。`,
        en: `The bandwidth cannot exceed the contracted ${contracted ?? 0} Mbit/s.`,
      },
      lang,
    );
}

/** Runs the placement check; an over-limit placement passes only with a reason, and is recorded. */
export async function place(
  ctx: Ctx,
  portId: string,
  mbps: number,
  exclude: string[],
  override: { reason: string } | undefined,
): Promise<{ outcome: PlacementOutcome; facts: OverrideFacts | null }> {
  const reason = override ? oneLine(override.reason, '/body/placementOverride/reason', ctx.lang) : null;
  const outcome = await checkPlacement(portId, mbps, { exclude, override: reason !== null });
  // a placement may take the port over its alert threshold: check within a minute, not at the next
  // hourly run (one check per minute however many placements; the job exists only if this commits)
  await enqueue(
    'capacity.alerts',
    {},
    { singletonKey: `capacity.alerts:${Math.floor(Date.now() / 60_000)}` },
  );
  if (!outcome.overLimit || reason === null) return { outcome, facts: null };
  const { load } = outcome;
  return {
    outcome,
    facts: {
      record: {
        staffId: ctx.staffId ?? 'system',
        reason,
        at: formatInstant(new Date()),
        totalMbps: outcome.totalMbps,
        limitMbps: load.limitMbps,
      },
      portId,
      port: `${load.deviceHostname} ${load.portName}`,
      capacityMbps: load.capacityMbps,
      requestedTotalMbps: outcome.totalMbps,
    },
  };
}

export async function handoffFor(
  portId: string,
  wanted: number | undefined,
  exceptId: string | null,
  lang: Lang,
): Promise<number> {
  await repo.lockDeviceOfPort(portId);
  if (wanted === undefined) return repo.nextHandoffId(portId, exceptId);
  if (await repo.handoffTaken(portId, wanted, exceptId))
    throw taken('/body/handoffId', { ja: 'ハンドオフ ID（この PE）', en: 'handoff id (on this PE)' }, lang);
  return wanted;
}

export function kindFields(
  kind: 'ipsec' | 'direct',
  f: { ipsec?: unknown; handoffId?: number | undefined },
  lang: Lang,
) {
  if (kind === 'ipsec' && f.handoffId !== undefined)
    throw invalid(
      '/body/handoffId',
      'not_allowed',
      { ja: 'IPsec 接続にはハンドオフ ID はありません。', en: 'An IPsec connection has no handoff id.' },
      lang,
    );
  if (kind === 'direct' && f.ipsec !== undefined)
    throw invalid(
      '/body/ipsec',
      'not_allowed',
      { ja: '専用線接続には IPsec 設定はありません。', en: 'A direct connection has no IPsec settings.' },
      lang,
    );
}

/**
 * Creates a connection in a virtual network, or (with `existingId`) completes a connection row
 * that exists without a placement. Serialised per virtual network (its row lock) and per port
 * (placement locks the port row).
 */
export async function placeConnection(
  ctx: Ctx,
  vnetId: string,
  input: PlacementFields & { serviceId: string },
  existingId: string | null = null,
): Promise<PlacementResult> {
  const { lang } = ctx;
  const vnet = await lockVirtualNetwork(vnetId);
  if (!vnet) throw notFound();
  const service = await repo.serviceForConnection(input.serviceId);
  if (!service || service.tenant_id !== vnet.tenant_id)
    throw invalid(
      '/body/serviceId',
      'unknown_service',
      { ja: 'この顧客のサービスではありません。', en: 'This is not a service of this customer.' },
      lang,
    );
  if (service.type === 'option')
    throw invalid(
      '/body/serviceId',
      'not_a_line',
      {
        ja: 'オプションサービスには接続を作成できません。',
        en: 'An option service has no connections.',
      },
      lang,
    );
  // a row written before placement existed may be completed while its contract runs out
  const running =
    service.contract_status === 'active' ||
    (existingId !== null && service.contract_status === 'terminating');
  if (!running)
    throw new AppError('conflict', {
      detail: {
        ja: '有効な契約のサービスにのみ接続を作成できます。',
        en: 'Connections can be placed for services of an active contract only.',
      },
    });
  const kind = service.type;
  kindFields(kind, input, lang);
  const name = oneLine(input.name, '/body/name', lang);
  checkBandwidth(input.bandwidthMbps, service.bandwidth_mbps, lang);
  const port = await checkedPort(input.portId, kind, lang);
  let ipsec: IpsecSettings | null = null;
  let psk: string | null = null;
  let pskGenerated = false;
  if (kind === 'ipsec') {
    if (!input.ipsec)
      throw invalid('/body/ipsec', 'required', { ja: '必須項目です。', en: 'This field is required.' }, lang);
    const checked = checkIpsec(input.ipsec, '/body/ipsec', port.underlay_address!, lang);
    ipsec = checked.settings;
    psk = checked.psk;
    pskGenerated = checked.pskGenerated;
  }
  const addresses = await assignAddresses(
    vnet.id,
    vnet.tenant_id,
    existingId,
    {
      ipv4Prefix: input.ipv4Prefix,
      ipv6Prefix: input.ipv6Prefix,
      customerSubnets: input.customerSubnets ?? [],
    },
    lang,
  );
  if (ipsec) await assertPeerClearOfMgmt(ipsec.peerAddress);
  const status = input.status ?? 'planned';
  // device before port, the order of the physical network's own locks
  if (kind === 'direct') await repo.lockDeviceOfPort(port.id);
  const { outcome, facts } = await place(
    ctx,
    port.id,
    input.bandwidthMbps,
    existingId ? [existingId] : [],
    input.placementOverride,
  );
  const handoffId = kind === 'direct' ? await handoffFor(port.id, input.handoffId, existingId, lang) : null;
  const id = existingId ?? randomUUID();
  const write: repo.ConnectionWrite = {
    name,
    bandwidth_mbps: input.bandwidthMbps,
    status,
    virtual_network_id: vnet.id,
    port_id: port.id,
    ipv4_prefix: addresses.ipv4Prefix,
    ipv6_prefix: addresses.ipv6Prefix,
    customer_subnets: addresses.customerSubnets,
    ipsec,
    psk_sealed: psk === null ? null : await sealSecret(ctx.config, vnet.tenant_id, `psk:${id}`, psk),
    handoff_id: handoffId,
    placement_override: facts?.record ?? null,
  };
  if (existingId) await repo.updateConnection(id, write);
  else await repo.insertConnection(id, vnet.tenant_id, service.id, kind, write);
  return {
    id,
    tenantId: vnet.tenant_id,
    pskGenerated,
    override: facts,
    summary: {
      name,
      kind,
      service: service.id,
      serviceCode: service.code,
      virtualNetwork: vnet.id,
      port: port.id,
      bandwidthMbps: input.bandwidthMbps,
      status,
      ipv4Prefix: addresses.ipv4Prefix,
      ipv6Prefix: addresses.ipv6Prefix,
      customerSubnets: addresses.customerSubnets,
      ...(handoffId !== null ? { handoffId } : {}),
      ...(ipsec ? { ipsec: { peerAddress: ipsec.peerAddress, auth: ipsec.auth, pskGenerated } } : {}),
      portLoad: { contractedMbps: outcome.totalMbps, limitMbps: outcome.load.limitMbps },
      ...(facts ? { placementOverride: true } : {}),
    },
  };
}
