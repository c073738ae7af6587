import { sql } from 'kysely';
import { AppError, type FieldError, type Lang } from '../../app/errors.ts';
import { db } from '../../db/context.ts';
import type { NoticeTarget } from '../../db/schema-notices.ts';

/** Tenants that still receive notices (an erased tenant has nobody to tell). */
const LIVE_TENANT = ['active', 'terminating'] as const;

export interface AffectedService {
  id: string;
  code: string;
  type: string;
}
export interface AffectedTenant {
  tenantId: string;
  tenantCode: string;
  tenantName: string;
  services: AffectedService[];
}

const msg = (lang: Lang, ja: string, en: string): string => (lang === 'ja' ? ja : en);

/** The target with every list present, de-duplicated (the stored and compared form). */
export function normaliseTarget(t: Partial<NoticeTarget>): NoticeTarget {
  const uniq = <T>(xs: T[] | undefined): T[] => [...new Set(xs ?? [])].sort();
  return {
    popIds: uniq(t.popIds),
    deviceIds: uniq(t.deviceIds),
    portIds: uniq(t.portIds),
    serviceTypes: uniq(t.serviceTypes),
    tenantIds: uniq(t.tenantIds),
  };
}

/** Every id must name something that exists; an empty selection is refused (400 with the fields). */
export async function checkTarget(t: NoticeTarget, lang: Lang): Promise<void> {
  const errors: FieldError[] = [];
  const known = async (
    table: 'ops.pop' | 'ops.device' | 'ops.port' | 'ops.tenant',
    ids: string[],
    field: string,
  ) => {
    if (!ids.length) return;
    const found = new Set(
      (await db().selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id),
    );
    ids.forEach((id, i) => {
      if (!found.has(id))
        errors.push({
          field: `/body/target/${field}/${i}`,
          code: 'unknown',
          message: msg(lang, '存在しない対象です。', 'No such item.'),
        });
    });
  };
  await known('ops.pop', t.popIds, 'popIds');
  await known('ops.device', t.deviceIds, 'deviceIds');
  await known('ops.port', t.portIds, 'portIds');
  await known('ops.tenant', t.tenantIds, 'tenantIds');
  const empty = Object.values(t).every((xs: unknown[]) => xs.length === 0);
  if (empty)
    errors.push({
      field: '/body/target',
      code: 'required',
      message: msg(
        lang,
        '影響範囲（PoP・機器・ポート・サービス種別・お客様）を 1 つ以上選んでください。',
        'Choose at least one affected PoP, device, port, service type or customer.',
      ),
    });
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
}

/**
 * The affected tenants and their services, derived from the model (provider scope): connections
 * that are not disabled on the chosen ports, on the chosen devices' ports or in the chosen PoPs;
 * services of the chosen types; every service of the chosen tenants.
 */
export async function computeAffected(t: NoticeTarget): Promise<AffectedTenant[]> {
  const pairs: { tenant_id: string; service_id: string | null }[] = [];
  if (t.popIds.length || t.deviceIds.length || t.portIds.length) {
    const none = ['00000000-0000-0000-0000-000000000000'];
    const rows = await db()
      .selectFrom('customer.connection as c')
      .innerJoin('ops.port as p', 'p.id', 'c.port_id')
      .innerJoin('ops.device as d', 'd.id', 'p.device_id')
      .select(['c.tenant_id', 'c.service_id'])
      .where('c.status', '<>', 'disabled')
      .where((eb) =>
        eb.or([
          eb('p.id', 'in', t.portIds.length ? t.portIds : none),
          eb('d.id', 'in', t.deviceIds.length ? t.deviceIds : none),
          eb('d.pop_id', 'in', t.popIds.length ? t.popIds : none),
        ]),
      )
      .execute();
    pairs.push(...rows);
  }
  if (t.serviceTypes.length) {
    const rows = await db()
      .selectFrom('customer.service')
      .select(['tenant_id', 'id as service_id'])
      .where('type', 'in', t.serviceTypes)
      .execute();
    pairs.push(...rows);
  }
  if (t.tenantIds.length) {
    const rows = await db()
      .selectFrom('ops.tenant as t')
      .leftJoin('customer.service as s', 's.tenant_id', 't.id')
      .select(['t.id as tenant_id', 's.id as service_id'])
      .where('t.id', 'in', t.tenantIds)
      .execute();
    pairs.push(...rows);
  }
  if (!pairs.length) return [];
  const tenantIds = [...new Set(pairs.map((p) => p.tenant_id))];
  const serviceIds = [...new Set(pairs.flatMap((p) => (p.service_id ? [p.service_id] : [])))];
  const tenants = await db()
    .selectFrom('ops.tenant')
    .select(['id', 'code', 'name'])
    .where('id', 'in', tenantIds)
    .where('status', 'in', LIVE_TENANT)
    .orderBy('code')
    .execute();
  const services = serviceIds.length
    ? await db()
        .selectFrom('customer.service')
        .select(['id', 'tenant_id', 'code', 'type'])
        .where('id', 'in', serviceIds)
        .orderBy(sql`code`)
        .execute()
    : [];
  return tenants.map((tn) => ({
    tenantId: tn.id,
    tenantCode: tn.code,
    tenantName: tn.name,
    services: services
      .filter((s) => s.tenant_id === tn.id)
      .map((s) => ({ id: s.id, code: s.code, type: s.type })),
  }));
}
