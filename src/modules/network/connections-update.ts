import { AppError, notFound } from '../../app/errors.ts';
import type { ConnectionStatus, IpsecSettings } from '../../db/schema-network.ts';
import { sealSecret } from '../tenancy/keys.ts';
import { assignAddresses } from './connections-addressing.ts';
import { checkIpsec, type IpsecInput } from './connections-ipsec.ts';
import * as repo from './connections-repository.ts';
import {
  assertPeerClearOfMgmt,
  checkBandwidth,
  checkedPort,
  counted,
  handoffFor,
  kindFields,
  place,
  type Ctx,
  type OverrideFacts,
} from './connections-service.ts';
import { lockVirtualNetwork } from './virtual-repository.ts';
import { oneLine } from './virtual-input.ts';

export interface ConnectionPatch {
  name?: string | undefined;
  bandwidthMbps?: number | undefined;
  portId?: string | undefined;
  status?: ConnectionStatus | undefined;
  customerSubnets?: string[] | undefined;
  handoffId?: number | undefined;
  /** replaces the IPsec settings; without `psk` a PSK connection keeps its sealed key */
  ipsec?: IpsecInput | undefined;
  placementOverride?: { reason: string } | undefined;
}

export type Changes = Record<string, { before: unknown; after: unknown }>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Changes a placed connection. A change that adds load to a port (a bandwidth increase, a move to
 * another port, a disabled connection coming back) goes through the placement check; a decrease
 * never does, so a port already over its limit by an override can still be relieved.
 */
export async function updateConnection(
  ctx: Ctx,
  id: string,
  patch: ConnectionPatch,
): Promise<{ tenantId: string; changes: Changes; override: OverrideFacts | null; pskGenerated: boolean }> {
  const { lang } = ctx;
  const c = await repo.lockConnection(id);
  if (!c) throw notFound();
  if (!c.port_id || !c.virtual_network_id) {
    const onlyName = Object.keys(patch).every((k) => k === 'name');
    if (!onlyName)
      throw new AppError('conflict', {
        detail: {
          ja: 'この接続はまだ配置されていません。削除して作成し直してください。',
          en: 'This connection has not been placed yet: delete it and create it again.',
        },
      });
  }
  kindFields(c.kind, patch, lang);
  const service = (await repo.serviceForConnection(c.service_id))!;
  const name = patch.name !== undefined ? oneLine(patch.name, '/body/name', lang) : c.name;
  const mbps = patch.bandwidthMbps ?? c.bandwidth_mbps;
  if (patch.bandwidthMbps !== undefined) checkBandwidth(mbps, service.bandwidth_mbps, lang);
  const status = patch.status ?? c.status;
  const portId = patch.portId ?? c.port_id;
  const moved = portId !== c.port_id;
  const port = portId && (moved || patch.ipsec) ? await checkedPort(portId, c.kind, lang) : null;

  let ipsec: IpsecSettings | null = c.ipsec;
  let pskSealed: Uint8Array | null | undefined;
  let pskGenerated = false;
  if (patch.ipsec) {
    const keep = c.ipsec?.auth === 'psk' && c.psk_set && patch.ipsec.auth === 'psk';
    const checked = checkIpsec(patch.ipsec, '/body/ipsec', port!.underlay_address!, lang, keep);
    ipsec = checked.settings;
    pskGenerated = checked.pskGenerated;
    if (checked.psk !== null) pskSealed = await sealSecret(ctx.config, c.tenant_id, `psk:${id}`, checked.psk);
    else if (ipsec.auth === 'cert') pskSealed = null;
    await assertPeerClearOfMgmt(ipsec.peerAddress);
  } else if (moved && ipsec) {
    // the PE's identity followed the old PE: it follows the new one
    const old = c.port_id ? await repo.portForPlacement(c.port_id) : undefined;
    if (old && ipsec.localId === old.underlay_address) ipsec = { ...ipsec, localId: port!.underlay_address! };
  }

  let subnets = c.customer_subnets;
  if (patch.customerSubnets && c.virtual_network_id) {
    await lockVirtualNetwork(c.virtual_network_id);
    subnets = (
      await assignAddresses(
        c.virtual_network_id,
        c.tenant_id,
        id,
        { ipv4Prefix: c.ipv4_prefix, ipv6Prefix: c.ipv6_prefix, customerSubnets: patch.customerSubnets },
        lang,
      )
    ).customerSubnets;
  }

  const rehandoff = c.kind === 'direct' && portId !== null && (moved || patch.handoffId !== undefined);
  // device before port, the order of the physical network's own locks
  if (rehandoff) await repo.lockDeviceOfPort(portId);
  let override = c.placement_override;
  let facts: OverrideFacts | null = null;
  const addsLoad = counted(status) && (moved || mbps > c.bandwidth_mbps || !counted(c.status));
  if (portId && addsLoad) {
    const r = await place(ctx, portId, mbps, [id], patch.placementOverride);
    facts = r.facts;
    override = r.facts?.record ?? null;
  }
  let handoffId = c.handoff_id;
  if (rehandoff && portId) {
    const wanted = patch.handoffId ?? c.handoff_id ?? undefined;
    const free = wanted !== undefined && !(await repo.handoffTaken(portId, wanted, id));
    handoffId =
      patch.handoffId !== undefined || !free ? await handoffFor(portId, patch.handoffId, id, lang) : wanted;
  }

  const next = {
    name,
    bandwidth_mbps: mbps,
    status,
    port_id: portId,
    customer_subnets: subnets,
    ipsec,
    handoff_id: handoffId,
    placement_override: override,
  };
  const changes: Changes = {};
  for (const [k, v] of Object.entries(next))
    if (!same(v, c[k as keyof typeof c])) changes[k] = { before: c[k as keyof typeof c], after: v };
  if (pskSealed !== undefined)
    changes.psk = { before: c.psk_set ? 'set' : 'none', after: pskSealed ? 'replaced' : 'none' };
  if (changes.ipsec) {
    // the summary names what changed, not the remote CA certificate itself
    const strip = (x: unknown) => (x && typeof x === 'object' ? { ...x, remoteCaPem: undefined } : x);
    changes.ipsec = { before: strip(changes.ipsec.before), after: strip(changes.ipsec.after) };
  }
  if (Object.keys(changes).length) {
    if (!c.port_id || !c.virtual_network_id) await repo.renameConnection(id, name);
    else
      await repo.updateConnection(id, {
        ...next,
        port_id: portId!,
        virtual_network_id: c.virtual_network_id,
        ipv4_prefix: c.ipv4_prefix,
        ipv6_prefix: c.ipv6_prefix,
        ...(pskSealed !== undefined ? { psk_sealed: pskSealed } : {}),
      });
  }
  return { tenantId: c.tenant_id, changes, override: facts, pskGenerated };
}

export async function deleteConnection(
  id: string,
): Promise<{ tenantId: string; name: string; portId: string | null }> {
  const c = await repo.lockConnection(id);
  if (!c) throw notFound();
  await repo.deleteConnection(id);
  return { tenantId: c.tenant_id, name: c.name, portId: c.port_id };
}
