import { AppError, type Lang } from '../../app/errors.ts';
import {
  firstFreeBlock,
  MAX_TRANSFER_LENGTH,
  overlaps,
  prefixOf,
  prefixText,
  type Family,
  type Prefix,
} from './addressing.ts';
import { mgmtPrefixes, poolsForAllocation, usedPrefixes } from './connections-repository.ts';
import { assertClearOfMgmt, inputPrefix } from './pools-service.ts';
import { invalid } from './virtual-input.ts';

/**
 * A connection's addresses inside its virtual network: transfer prefixes (explicit, or the first
 * free block of the tenant's pools) and customer subnets, none overlapping another connection's
 * addresses in the same virtual network, nor a management network. The caller holds the virtual
 * network's row lock, so allocations inside one virtual network are serialised.
 */
export interface AddressInput {
  /** undefined: allocate from the tenant's pools of this family (if it has any); null: none */
  ipv4Prefix?: string | null | undefined;
  ipv6Prefix?: string | null | undefined;
  customerSubnets: string[];
}

export interface Addresses {
  ipv4Prefix: string | null;
  ipv6Prefix: string | null;
  customerSubnets: string[];
  /** which transfer prefixes came from a pool */
  allocated: Family[];
}

interface Item {
  prefix: Prefix;
  text: string;
  field: string;
}

const FIELD: Record<Family, string> = { 4: '/body/ipv4Prefix', 6: '/body/ipv6Prefix' };

function explicitTransfer(text: string, family: Family, lang: Lang): Item {
  const field = FIELD[family];
  const prefix = inputPrefix(text, field, lang);
  if (prefix.family !== family)
    throw invalid(
      field,
      'family',
      family === 4
        ? { ja: 'IPv4 のプレフィックスを入力してください。', en: 'Enter an IPv4 prefix.' }
        : { ja: 'IPv6 のプレフィックスを入力してください。', en: 'Enter an IPv6 prefix.' },
      lang,
    );
  const max = MAX_TRANSFER_LENGTH[family];
  if (prefix.length > max)
    throw invalid(
      field,
      'too_small',
      {
        ja: `接続用プレフィックスは /${max} 以下にしてください（2 つのアドレスが必要です）。`,
        en: `A transfer prefix must be /${max} or shorter (it needs two host addresses).`,
      },
      lang,
    );
  return { prefix, text: prefixText(prefix), field };
}

function overlapError(mine: Item, other: { text: string; what: string }, lang: Lang): AppError {
  void lang;
  return new AppError('address_overlap', {
    detail: {
      ja: `${mine.text} は ${other.what} の ${other.text} と重複します。`,
      en: `${mine.text} overlaps ${other.text} of ${other.what}.`,
    },
    extensions: { field: mine.field, prefix: mine.text, overlapsWith: other.text },
  });
}

export async function assignAddresses(
  vnetId: string,
  tenantId: string,
  exceptConnectionId: string | null,
  input: AddressInput,
  lang: Lang,
): Promise<Addresses> {
  const own: Item[] = [];
  const transfer: Record<Family, string | null> = { 4: null, 6: null };
  for (const family of [4, 6] as const) {
    const value = family === 4 ? input.ipv4Prefix : input.ipv6Prefix;
    if (typeof value === 'string') {
      const item = explicitTransfer(value, family, lang);
      own.push(item);
      transfer[family] = item.text;
    }
  }
  input.customerSubnets.forEach((s, i) => {
    const prefix = inputPrefix(s, `/body/customerSubnets/${i}`, lang);
    own.push({ prefix, text: prefixText(prefix), field: `/body/customerSubnets/${i}` });
  });
  for (let i = 0; i < own.length; i++)
    for (let j = i + 1; j < own.length; j++)
      if (overlaps(own[i]!.prefix, own[j]!.prefix))
        throw overlapError(
          own[j]!,
          { text: own[i]!.text, what: lang === 'ja' ? 'この接続' : 'this connection' },
          lang,
        );
  await assertClearOfMgmt(own.map((o) => o.text));

  const used = (await usedPrefixes(vnetId, exceptConnectionId)).map((u) => ({ ...u, p: prefixOf(u.prefix) }));
  for (const mine of own) {
    const hit = used.find((u) => overlaps(mine.prefix, u.p));
    if (hit)
      throw overlapError(
        mine,
        { text: hit.prefix, what: lang === 'ja' ? `接続「${hit.name}」` : `connection "${hit.name}"` },
        lang,
      );
  }

  const allocated: Family[] = [];
  const blocked = [
    ...used.map((u) => u.p),
    ...own.map((o) => o.prefix),
    ...(await mgmtPrefixes()).map(prefixOf),
  ];
  for (const family of [4, 6] as const) {
    if ((family === 4 ? input.ipv4Prefix : input.ipv6Prefix) !== undefined) continue;
    const pools = await poolsForAllocation(tenantId, family);
    if (!pools.length) continue;
    let block: Prefix | null = null;
    for (const pool of pools) {
      block = firstFreeBlock(prefixOf(pool.prefix), pool.assign_length, blocked);
      if (block) break;
    }
    if (!block)
      throw new AppError('pool_exhausted', {
        detail: {
          ja: `IPv${family} のアドレスプール（${pools.map((p) => p.prefix).join(', ')}）に空きがありません。`,
          en: `The IPv${family} address pools (${pools.map((p) => p.prefix).join(', ')}) have no free prefix left.`,
        },
        extensions: { family, pools: pools.map((p) => p.prefix).join(', ') },
      });
    transfer[family] = prefixText(block);
    blocked.push(block);
    allocated.push(family);
  }
  if (transfer[4] === null && transfer[6] === null)
    throw new AppError('pool_exhausted', {
      detail: {
        ja: 'この顧客にはアドレスプールがありません。プールを追加するか、プレフィックスを指定してください。',
        en: 'This customer has no address pool: add one, or give the prefix explicitly.',
      },
      extensions: { family: null, pools: '' },
    });
  return {
    ipv4Prefix: transfer[4],
    ipv6Prefix: transfer[6],
    customerSubnets: own.filter((o) => o.field.startsWith('/body/customerSubnets')).map((o) => o.text),
    allocated,
  };
}
