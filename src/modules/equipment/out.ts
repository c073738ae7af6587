import { formatInstant } from '../../lib/time.ts';
import type { DisposalRow, EvidenceMeta } from './disposal-repository.ts';
import * as drepo from './disposal-repository.ts';
import type { ItemRow, TransitionRow } from './inventory-repository.ts';
import type { DisposalOutT, InventoryItemOutT } from './schema.ts';

const who = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export function itemOut(r: ItemRow): InventoryItemOutT {
  return {
    kind: r.kind,
    id: r.id,
    deviceId: r.device_id,
    hostname: r.hostname,
    componentKind: r.component_kind,
    storesData: r.stores_data,
    vendor: r.vendor,
    model: r.model,
    serial: r.serial,
    version: r.version,
    status: r.status,
    pop: r.pop_id ? { id: r.pop_id, code: r.pop_code ?? '' } : null,
    rack: r.rack,
    position: r.position,
    owner: { staffId: r.owner_staff_id, staffName: r.owner_name, team: r.owner_team },
  };
}

export function transitionOut(t: TransitionRow) {
  return {
    id: t.id,
    from: t.from_status,
    to: t.to_status,
    reason: t.reason,
    actor: who(t.actor_staff_id, t.actor_name),
    at: formatInstant(t.at),
  };
}

function disposalOut(
  d: DisposalRow,
  components: { id: string; label: string }[],
  evidence: EvidenceMeta[],
): DisposalOutT {
  return {
    id: d.id,
    item: d.device_id
      ? { kind: 'device', id: d.device_id, label: d.label }
      : { kind: 'component', id: d.component_id!, label: d.label },
    outcome: d.outcome,
    method: d.method,
    supplier: d.supplier_id ? { id: d.supplier_id, name: d.supplier_name ?? '' } : null,
    status: d.status,
    performer: who(d.performer_staff_id, d.performer_name),
    performedOn: d.performed_on,
    verifier: who(d.verifier_staff_id, d.verifier_name),
    completedAt: d.completed_at ? formatInstant(d.completed_at) : null,
    notes: d.notes,
    components,
    evidence: evidence.map((e) => ({
      id: e.id,
      kind: e.kind,
      filename: e.filename,
      contentType: e.content_type,
      sizeBytes: e.size_bytes,
      sha256: e.sha256,
      uploadedBy: who(e.uploaded_by, e.uploaded_by_name),
      uploadedAt: formatInstant(e.uploaded_at),
    })),
    createdAt: formatInstant(d.created_at),
  };
}

/** Disposal records with their covered components and evidence (metadata only). */
export async function disposalsOut(rows: DisposalRow[]): Promise<DisposalOutT[]> {
  const ids = rows.map((r) => r.id);
  const components = await drepo.coveredComponents(ids);
  const evidence = await drepo.evidenceOf(ids);
  return rows.map((r) =>
    disposalOut(
      r,
      components.filter((c) => c.disposal_id === r.id).map(({ id, label }) => ({ id, label })),
      evidence.filter((e) => e.disposal_id === r.id),
    ),
  );
}
