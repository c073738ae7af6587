import { AppError, notFound, type Lang } from '../../app/errors.ts';
import type { ContractStatusValue, ServiceOptionsValue } from '../services/schema.ts';
import { lockService } from '../services/repository.ts';
import { changeServiceBandwidth } from '../services/service.ts';
import * as repo from './repository.ts';
import { formatServiceCode, type ServiceCodeFormat } from './service-code.ts';

/**
 * The provider's register of customers: tenants with customer codes, their contracts with a
 * status lifecycle, and contracted services with generated service codes (8.2.2).
 */

const taken = (field: string, lang: Lang, what: { ja: string; en: string }) =>
  new AppError('conflict', {
    fields: [
      {
        field,
        code: 'taken',
        message:
          lang === 'ja' ? `この${what.ja}はすでに使われています。` : `This ${what.en} is already in use.`,
      },
    ],
  });

const invalid = (field: string, code: string, message: { ja: string; en: string }, lang: Lang) =>
  new AppError('validation_failed', { fields: [{ field, code, message: message[lang] }] });

const conflict = (ja: string, en: string) => new AppError('conflict', { detail: { ja, en } });

export async function createTenant(
  input: { code?: string | undefined; name: string },
  lang: Lang,
): Promise<{ id: string; code: string }> {
  const name = input.name.trim();
  if (input.code) {
    const id = await repo.insertTenant(input.code, name);
    if (!id) throw taken('/body/code', lang, { ja: '顧客コード', en: 'customer code' });
    return { id, code: input.code };
  }
  // the sequence never repeats; a code chosen by hand may already hold the next number
  for (let attempt = 0; attempt < 50; attempt++) {
    const code = `C${String(await repo.nextCustomerNumber()).padStart(7, '0')}`;
    const id = await repo.insertTenant(code, name);
    if (id) return { id, code };
  }
  throw conflict('顧客コードを割り当てられませんでした。', 'No free customer code could be allocated.');
}

// active → terminating → terminated → erased; terminating → active cancels a termination.
const TRANSITIONS: Record<ContractStatusValue, readonly ContractStatusValue[]> = {
  active: ['terminating'],
  terminating: ['active', 'terminated'],
  terminated: ['erased'],
  erased: [],
};

export function transitionAllowed(from: ContractStatusValue, to: ContractStatusValue): boolean {
  return TRANSITIONS[from].includes(to);
}

function checkDates(start: string, end: string | null, lang: Lang, field = '/body/endDate'): void {
  if (end !== null && end < start) {
    throw invalid(
      field,
      'before_start',
      {
        ja: '終了日は開始日以降の日付にしてください。',
        en: 'The end date must not be before the start date.',
      },
      lang,
    );
  }
}

export async function createContract(
  tenantId: string,
  input: { number: string; startDate: string; endDate?: string | null | undefined },
  lang: Lang,
): Promise<string> {
  const tenant = await repo.lockTenant(tenantId);
  if (!tenant) throw notFound();
  if (tenant.status === 'erased')
    throw conflict('データ消去済みの顧客です。', 'This customer has been erased.');
  const endDate = input.endDate ?? null;
  checkDates(input.startDate, endDate, lang);
  const id = await repo.insertContract({
    tenantId,
    number: input.number,
    startDate: input.startDate,
    endDate,
  });
  if (!id) throw taken('/body/number', lang, { ja: '契約番号', en: 'contract number' });
  return id;
}

export type ContractChanges = Record<string, { before: unknown; after: unknown }>;

export async function updateContract(
  id: string,
  input: { number?: string | undefined; startDate?: string | undefined; endDate?: string | null | undefined },
  lang: Lang,
): Promise<{ tenantId: string; changes: ContractChanges }> {
  const c = await repo.findContract(id, true);
  if (!c) throw notFound();
  if (c.status === 'erased')
    throw conflict('データ消去済みの契約は変更できません。', 'An erased contract cannot be changed.');
  const next = {
    number: input.number ?? c.number,
    start_date: input.startDate ?? c.start_date,
    end_date: input.endDate !== undefined ? input.endDate : c.end_date,
  };
  checkDates(
    next.start_date,
    next.end_date,
    lang,
    input.endDate !== undefined ? '/body/endDate' : '/body/startDate',
  );
  const changes: ContractChanges = {};
  for (const k of ['number', 'start_date', 'end_date'] as const) {
    if (next[k] !== c[k]) changes[k] = { before: c[k], after: next[k] };
  }
  if (changes.number && (await repo.numberTaken(next.number, id)))
    throw taken('/body/number', lang, { ja: '契約番号', en: 'contract number' });
  if (Object.keys(changes).length) {
    try {
      await repo.updateContract(id, next);
    } catch (e) {
      if (repo.isUniqueViolation(e))
        throw taken('/body/number', lang, { ja: '契約番号', en: 'contract number' });
      throw e;
    }
  }
  return { tenantId: c.tenant_id, changes };
}

/** Moves a contract along its lifecycle; anything but the allowed steps is a 409. */
export async function transitionContract(
  id: string,
  to: ContractStatusValue,
  endDate: string | undefined,
  lang: Lang,
): Promise<{ tenantId: string; changes: ContractChanges }> {
  const c = await repo.findContract(id, true);
  if (!c) throw notFound();
  if (!transitionAllowed(c.status, to)) {
    throw new AppError('conflict', {
      detail: {
        ja: `契約の状態を「${c.status}」から「${to}」に変更することはできません。`,
        en: `A contract cannot go from "${c.status}" to "${to}".`,
      },
    });
  }
  const changes: ContractChanges = { status: { before: c.status, after: to } };
  const set: Parameters<typeof repo.updateContract>[1] = { status: to };
  if (endDate !== undefined && endDate !== c.end_date) {
    checkDates(c.start_date, endDate, lang);
    set.end_date = endDate;
    changes.end_date = { before: c.end_date, after: endDate };
  }
  await repo.updateContract(id, set);
  return { tenantId: c.tenant_id, changes };
}

export async function createContractedService(
  format: ServiceCodeFormat,
  contractId: string,
  input: {
    type: 'ipsec' | 'direct' | 'option';
    bandwidthMbps?: number | undefined;
    options?: ServiceOptionsValue | undefined;
  },
  lang: Lang,
): Promise<{ id: string; code: string; tenantId: string }> {
  const c = await repo.findContract(contractId, true);
  if (!c) throw notFound();
  if (c.status !== 'active') {
    throw conflict(
      '有効な契約にのみサービスを追加できます。',
      'Services can be added to an active contract only.',
    );
  }
  if (input.type !== 'option' && input.bandwidthMbps === undefined) {
    throw invalid(
      '/body/bandwidthMbps',
      'required',
      {
        ja: 'IPsec・専用線のサービスには帯域が必要です。',
        en: 'IPsec and direct services need a bandwidth.',
      },
      lang,
    );
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const code = formatServiceCode(format, await repo.nextServiceNumber());
    const id = await repo.insertService({
      tenantId: c.tenant_id,
      contractId,
      code,
      type: input.type,
      bandwidthMbps: input.bandwidthMbps ?? null,
      options: input.options ?? {},
    });
    if (id) return { id, code, tenantId: c.tenant_id };
  }
  throw conflict('サービスコードを割り当てられませんでした。', 'No free service code could be allocated.');
}

// jsonb does not keep the key order of the input
const canonical = (o: Record<string, unknown>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))));

/** A provider edit of a service: bandwidth through the one code path, options beside it. */
export async function updateContractedService(
  id: string,
  input: { bandwidthMbps?: number | undefined; options?: ServiceOptionsValue | undefined },
): Promise<{ tenantId: string; changes: ContractChanges }> {
  const s = await lockService(id);
  if (!s) throw notFound();
  const c = (await repo.findContract(s.contract_id))!;
  if (c.status === 'terminated' || c.status === 'erased') {
    throw conflict(
      '解約済みの契約のサービスは変更できません。',
      'A service of a terminated contract cannot be changed.',
    );
  }
  const changes: ContractChanges = {};
  if (input.bandwidthMbps !== undefined && input.bandwidthMbps !== s.bandwidth_mbps) {
    await changeServiceBandwidth(id, input.bandwidthMbps);
    changes.bandwidth_mbps = { before: s.bandwidth_mbps, after: input.bandwidthMbps };
  }
  if (input.options !== undefined && canonical(input.options) !== canonical(s.options)) {
    await repo.updateServiceOptions(id, input.options);
    changes.options = { before: s.options, after: input.options };
  }
  return { tenantId: s.tenant_id, changes };
}
