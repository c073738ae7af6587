import { AppError, notFound, type Lang } from '../../app/errors.ts';
import { allocateIsolationId, type IsolationIds } from './isolation.ts';
import * as repo from './virtual-repository.ts';
import { oneLine, taken } from './virtual-input.ts';

const NAME = { ja: '仮想ネットワーク名', en: 'virtual network name' };

/**
 * Creates a tenant's virtual network. Its isolation identifiers (VNI, RD, RT, namespace) are
 * allocated in the same transaction, race-free (isolation.ts): two concurrent creations never
 * share one, and a rollback leaves no identifier behind.
 */
export async function createVirtualNetwork(
  tenantId: string,
  rawName: string,
  asn: number,
  lang: Lang,
): Promise<{ id: string; name: string; ids: IsolationIds }> {
  const tenant = await repo.tenantState(tenantId);
  if (!tenant) throw notFound();
  if (tenant.status === 'terminated' || tenant.status === 'erased')
    throw new AppError('conflict', {
      detail: {
        ja: '解約済みの顧客には仮想ネットワークを作成できません。',
        en: 'A terminated customer cannot get a new virtual network.',
      },
    });
  const name = oneLine(rawName, '/body/name', lang);
  if (await repo.nameTaken(tenantId, name)) throw taken('/body/name', NAME, lang);
  const ids = await allocateIsolationId(tenantId, asn);
  const id = await repo.insertVirtualNetwork(tenantId, name, ids);
  return { id, name, ids };
}

export async function renameVirtualNetwork(
  id: string,
  rawName: string,
  lang: Lang,
): Promise<{ tenantId: string; before: string; after: string }> {
  const v = await repo.lockVirtualNetwork(id);
  if (!v) throw notFound();
  const name = oneLine(rawName, '/body/name', lang);
  if (name !== v.name) {
    if (await repo.nameTaken(v.tenant_id, name, id)) throw taken('/body/name', NAME, lang);
    await repo.renameVirtualNetwork(id, name);
  }
  return { tenantId: v.tenant_id, before: v.name, after: name };
}

/**
 * Deletes a virtual network without connections. Its VNI stays with the tenant (the
 * ops.isolation_id row is never deleted) and is quarantined only at the tenant's erasure.
 */
export async function deleteVirtualNetwork(
  id: string,
): Promise<{ tenantId: string; name: string; vni: number }> {
  const v = await repo.lockVirtualNetwork(id);
  if (!v) throw notFound();
  const row = (await repo.findVirtualNetwork(id))!;
  if (row.connection_count > 0)
    throw new AppError('in_use', {
      detail: {
        ja: `この仮想ネットワークには接続が ${row.connection_count} 件あります。先に接続を削除してください。`,
        en: `This virtual network still has ${row.connection_count} connection(s): delete them first.`,
      },
    });
  await repo.deleteVirtualNetwork(id);
  return { tenantId: v.tenant_id, name: v.name, vni: v.vni };
}
