import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { zonedDate } from '../../lib/time.ts';
import type { ComponentKind } from '../../db/schema-equipment.ts';

/**
 * Demo equipment data: components in the demo devices (storage, power supplies, optics), rack
 * positions and owners, five suppliers with assessments (one review overdue) and agreements, and
 * one spare SSD securely destroyed by a contractor under a completed record (performed by the NOC,
 * verified by security). Reads the devices the network demo created; added once.
 */

const day = (now: Date, offset: number) => zonedDate(new Date(now.getTime() + offset * 86_400_000));
const serial = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 10).toUpperCase();

const PARTS: Record<
  string,
  { kind: ComponentKind; storesData: boolean; vendor: string; model: string; fw: string }[]
> = {
  Juniper: [
    { kind: 'storage', storesData: true, vendor: 'Micron', model: 'M.2 SSD 100GB', fw: 'MU03' },
    { kind: 'psu', storesData: false, vendor: 'Juniper', model: 'JPSU-650W-AC-AFO', fw: '' },
    { kind: 'optic', storesData: false, vendor: 'Juniper', model: 'QSFP-100G-LR4', fw: '' },
  ],
  Arista: [
    { kind: 'storage', storesData: true, vendor: 'Innodisk', model: 'mSATA 32GB', fw: 'S16425i' },
    {
      kind: 'supervisor',
      storesData: true,
      vendor: 'Arista',
      model: '7280R3 CPU module',
      fw: 'Aboot-norcal14-4.1.2',
    },
  ],
};

export async function seedEquipmentDemo(staffIds: Record<string, string>, now = new Date()): Promise<void> {
  const done = await db()
    .selectFrom('ops.supplier')
    .select('id')
    .where('name', '=', 'ECO Shred Services')
    .executeTakeFirst();
  if (done) return;
  const noc = staffIds['tanaka@pva.example'] ?? null;
  const security = staffIds['suzuki@pva.example'] ?? null;
  const devices = await db()
    .selectFrom('ops.device')
    .select(['id', 'hostname', 'vendor', 'pop_id'])
    .orderBy('hostname')
    .execute();
  let rack = 0;
  for (const d of devices) {
    rack++;
    await db()
      .insertInto('ops.device_inventory')
      .values({
        device_id: d.id,
        rack: `R${String(rack).padStart(2, '0')}`,
        position: 'U20-21',
        owner_staff_id: noc,
        owner_team: 'NOC',
      })
      .onConflict((oc) => oc.column('device_id').doNothing())
      .execute();
    for (const p of PARTS[d.vendor] ?? [])
      await db()
        .insertInto('ops.device_component')
        .values({
          device_id: d.id,
          kind: p.kind,
          stores_data: p.storesData,
          vendor: p.vendor,
          model: p.model,
          serial: serial(`${d.hostname}:${p.model}`),
          firmware_version: p.fw,
          status: 'active',
          owner_team: 'NOC',
        })
        .onConflict((oc) => oc.columns(['vendor', 'serial']).doNothing())
        .execute();
  }
  const pops = new Map(
    (await db().selectFrom('ops.pop').select(['id', 'code']).execute()).map((p) => [p.code, p.id] as const),
  );
  const supplier = async (
    name: string,
    category: 'data_centre' | 'equipment' | 'service',
    supplies: string,
    links: { pops?: string[]; vendor?: string },
    assessment: { on: number; rating: 'low' | 'medium' | 'high'; next: number } | null,
    agreement: { reference: string; start: string; clauses: string } | null,
  ): Promise<string> => {
    const { id } = await db()
      .insertInto('ops.supplier')
      .values({ name, category, supplies })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const code of links.pops ?? [])
      if (pops.has(code))
        await db()
          .insertInto('ops.supplier_pop')
          .values({ supplier_id: id, pop_id: pops.get(code)! })
          .execute();
    for (const d of devices.filter((x) => x.vendor === links.vendor))
      await db().insertInto('ops.supplier_device').values({ supplier_id: id, device_id: d.id }).execute();
    if (assessment)
      await db()
        .insertInto('ops.supplier_assessment')
        .values({
          supplier_id: id,
          assessed_on: day(now, assessment.on),
          rating: assessment.rating,
          next_review_on: day(now, assessment.next),
          notes: '',
          assessed_by: security,
        })
        .execute();
    if (agreement)
      await db()
        .insertInto('ops.supplier_agreement')
        .values({
          supplier_id: id,
          reference: agreement.reference,
          start_on: agreement.start,
          end_on: null,
          security_clauses: agreement.clauses,
        })
        .execute();
    return id;
  };
  await supplier(
    '東京ベイ データセンター',
    'data_centre',
    'コロケーション、電源、構内配線',
    { pops: ['TKY1'] },
    { on: -200, rating: 'low', next: 165 },
    {
      reference: 'DC-TKY-2023-004',
      start: '2023-04-01',
      clauses: '入退館記録の 1 年保管、24 時間以内の事故通知、年 1 回の監査受入れ',
    },
  );
  await supplier(
    'Kansai Colo K.K.',
    'data_centre',
    'Colocation and remote hands (Osaka)',
    { pops: ['OSA1'] },
    { on: -380, rating: 'medium', next: -15 },
    {
      reference: 'KC-2024-112',
      start: '2024-01-15',
      clauses: 'Access logging, incident notice within 24h, right to audit',
    },
  );
  await supplier(
    'Juniper 代理店 NetSupply',
    'equipment',
    'MX ルーター、保守（翌営業日交換）',
    { vendor: 'Juniper' },
    { on: -90, rating: 'low', next: 275 },
    null,
  );
  await supplier(
    'Arista Partner Japan',
    'equipment',
    '7280R3 switches and support',
    { vendor: 'Arista' },
    { on: -20, rating: 'medium', next: 20 },
    null,
  );
  const shredder = await supplier(
    'ECO Shred Services',
    'service',
    'Certified on-site destruction of storage media',
    {},
    { on: -60, rating: 'low', next: 305 },
    {
      reference: 'ECO-2025-031',
      start: '2025-06-01',
      clauses: 'Chain of custody, certificate of destruction per serial, NAID AAA certified',
    },
  );

  // one spare SSD, destroyed by the contractor: a completed record with its certificate
  const tky = pops.get('TKY1') ?? null;
  const spare = await db()
    .insertInto('ops.device_component')
    .values({
      kind: 'storage',
      stores_data: true,
      vendor: 'Micron',
      model: 'M.2 SSD 100GB',
      serial: 'DEMO-SSD-RMA-01',
      status: 'disposed',
      pop_id: tky,
      rack: 'Spares',
      owner_team: 'NOC',
    })
    .onConflict((oc) => oc.columns(['vendor', 'serial']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!spare || !noc || !security) return;
  for (const [from, to, offset] of [
    [null, 'planned', -400],
    ['planned', 'active', -399],
    ['active', 'decommissioning', -12],
    ['decommissioning', 'disposed', -5],
  ] as const)
    await db()
      .insertInto('ops.equipment_transition')
      .values({
        component_id: spare.id,
        from_status: from,
        to_status: to,
        reason: to === 'disposed' ? 'destroyed by contractor' : '',
        actor_staff_id: to === 'disposed' ? security : noc,
        at: new Date(now.getTime() + offset * 86_400_000),
      })
      .execute();
  const rec = await db()
    .insertInto('ops.disposal')
    .values({
      component_id: spare.id,
      outcome: 'dispose',
      method: 'physical_destruction',
      supplier_id: shredder,
      status: 'completed',
      performer_staff_id: noc,
      performed_on: day(now, -6),
      verifier_staff_id: security,
      completed_at: new Date(now.getTime() - 5 * 86_400_000),
      notes: 'RMA で返却できなかった SSD / SSD not returnable under RMA',
      created_by: noc,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cert = Buffer.from(
    `Certificate of destruction\nECO Shred Services\nSerial: DEMO-SSD-RMA-01\nMethod: shredding to 2 mm\nDate: ${day(now, -6)}\n`,
  );
  await sql`INSERT INTO ops.disposal_evidence (disposal_id, kind, filename, content_type, size_bytes, sha256, content, uploaded_by)
            VALUES (${rec.id}, 'certificate', 'certificate-DEMO-SSD-RMA-01.txt', 'text/plain', ${cert.length},
                    ${createHash('sha256').update(cert).digest('hex')}, ${cert}, ${noc})`.execute(db());
}
