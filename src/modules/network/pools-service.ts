import { AppError, notFound, type Lang } from '../../app/errors.ts';
import {
  DEFAULT_ASSIGN_LENGTH,
  MAX_TRANSFER_LENGTH,
  parsePrefix,
  prefixText,
  type Prefix,
} from './addressing.ts';
import * as repo from './pools-repository.ts';
import { invalid, type Text } from './virtual-input.ts';

const PREFIX_MESSAGES: Record<'format' | 'host_bits', (s?: string) => Text> = {
  format: () => ({
    ja: 'IPv4 または IPv6 のプレフィックス（例: 10.10.0.0/24、2001:db8::/56）を入力してください。',
    en: 'Enter an IPv4 or IPv6 prefix (e.g. 10.10.0.0/24, 2001:db8::/56).',
  }),
  host_bits: (s) => ({
    ja: `ホスト部が 0 ではありません（${s ?? ''} のことですか）。`,
    en: `The host bits are not zero (did you mean ${s ?? ''}?).`,
  }),
};

/** Parses a prefix given as input, or a 400 naming the field. */
export function inputPrefix(text: string, field: string, lang: Lang): Prefix {
  const r = parsePrefix(text);
  if ('prefix' in r) return r.prefix;
  throw invalid(field, `prefix_${r.problem}`, PREFIX_MESSAGES[r.problem](r.suggestion), lang);
}

/** Refuses any prefix overlapping a management network (409 mgmt_network_overlap). */
export async function assertClearOfMgmt(prefixes: string[]): Promise<void> {
  const hit = (await repo.mgmtOverlaps(prefixes))[0];
  if (!hit) return;
  throw new AppError('mgmt_network_overlap', {
    detail: {
      ja: `${hit.hit} は管理ネットワーク ${hit.name}（${hit.prefix}）と重複します。`,
      en: `${hit.hit} overlaps the management network ${hit.name} (${hit.prefix}).`,
    },
    extensions: { prefix: hit.hit, mgmtNetwork: hit.name, mgmtPrefix: hit.prefix },
  });
}

/**
 * Adds an address pool to a tenant: a prefix from which each connection gets one transfer prefix
 * of `assignLength` (default /30, /126). Pools of one tenant do not overlap; no pool overlaps a
 * management network.
 */
export async function createPool(
  tenantId: string,
  input: { prefix: string; assignLength?: number | undefined },
  lang: Lang,
): Promise<{ id: string; prefix: string; assignLength: number }> {
  const tenant = await repo.lockTenantRow(tenantId);
  if (!tenant) throw notFound();
  const p = inputPrefix(input.prefix, '/body/prefix', lang);
  const assignLength = input.assignLength ?? DEFAULT_ASSIGN_LENGTH[p.family];
  const max = MAX_TRANSFER_LENGTH[p.family];
  if (assignLength < p.length || assignLength > max)
    throw invalid(
      '/body/assignLength',
      'out_of_range',
      {
        ja: `割当長は /${p.length} 以上 /${max} 以下にしてください。`,
        en: `The assignment length must be between /${p.length} and /${max}.`,
      },
      lang,
    );
  const prefix = prefixText(p);
  await assertClearOfMgmt([prefix]);
  const other = (await repo.overlappingPools(tenantId, prefix))[0];
  if (other)
    throw new AppError('address_overlap', {
      detail: {
        ja: `${prefix} はこの顧客の既存のアドレスプール ${other} と重複します。`,
        en: `${prefix} overlaps this customer's address pool ${other}.`,
      },
      extensions: { prefix, overlapsWith: other },
    });
  const id = await repo.insertPool(tenantId, prefix, assignLength);
  return { id, prefix, assignLength };
}

/** Deletes a pool from which no connection holds a prefix. */
export async function deletePool(id: string): Promise<{ tenantId: string; prefix: string }> {
  const locked = await repo.lockPool(id);
  if (!locked) throw notFound();
  const pool = (await repo.findPool(id))!;
  if (pool.assigned > 0)
    throw new AppError('in_use', {
      detail: {
        ja: `このアドレスプールから ${pool.assigned} 件の接続にアドレスが割り当てられています。`,
        en: `${pool.assigned} connection(s) hold addresses from this pool.`,
      },
    });
  await repo.deletePool(id);
  return { tenantId: pool.tenant_id, prefix: pool.prefix };
}
