import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { zonedDate, zonedParts } from '../../lib/time.ts';
import { insertEvent, insertNotice, insertRecipient, nextNumber, updateNotice } from './repository.ts';
import { computeAffected, normaliseTarget } from './targeting.ts';

const DAY = 86_400_000;

/** The PE with the most customers on it (the journey's "maintenance on a PE in Tokyo"). */
async function busiestPe(): Promise<{ id: string; hostname: string } | undefined> {
  const r = await sql<{ id: string; hostname: string }>`
    SELECT d.id, d.hostname FROM ops.device d
      JOIN ops.port p ON p.device_id = d.id
      JOIN customer.connection c ON c.port_id = p.id AND c.status <> 'disabled'
     WHERE d.role = 'pe'
     GROUP BY d.id, d.hostname
     ORDER BY count(DISTINCT c.tenant_id) DESC, d.hostname
     LIMIT 2`.execute(db());
  return r.rows[0];
}

/** Next Tuesday 02:00 JST (at least 5 days ahead), as in the operations manager's journey. */
function nextTuesdayJst(now: Date): Date {
  let day = zonedDate(new Date(now.getTime() + 5 * DAY));
  // the weekday of a calendar day does not depend on the zone: read it at noon UTC
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 2)
    day = zonedDate(new Date(new Date(`${day}T12:00:00Z`).getTime() + DAY));
  return new Date(`${day}T02:00:00+09:00`);
}

/**
 * A published maintenance announcement on the busiest PE and a resolved incident on another PE,
 * with their recipients computed from the model. Idempotent: nothing happens once notices exist.
 * No email is queued (the demo's mail folder would otherwise fill on every start).
 */
export async function seedNoticesDemo(staffId: string, now = new Date()): Promise<number> {
  if ((await db().selectFrom('ops.notice').select('id').limit(1).execute()).length) return 0;
  const pe = await busiestPe();
  if (!pe) return 0;
  const year = zonedParts(now).y;
  const start = nextTuesdayJst(now);
  const target = normaliseTarget({ deviceIds: [pe.id] });
  const id = await insertNotice({
    number: await nextNumber('maintenance', year),
    kind: 'maintenance',
    severity: null,
    status: 'draft',
    title_ja: `${pe.hostname} ソフトウェア更新作業`,
    title_en: `Software upgrade of ${pe.hostname}`,
    body_ja:
      '収容ルーターのソフトウェアを更新します。作業中、対象サービスで最大 10 分程度の通信断が 2 回発生します。',
    body_en:
      'We will upgrade the software of the access router. Expect up to two interruptions of about 10 minutes on the listed services.',
    window_start: start,
    window_end: new Date(start.getTime() + 2 * 3_600_000),
    target,
    created_by: staffId,
  });
  const affected = await computeAffected(target);
  for (const a of affected)
    await insertRecipient({ notice_id: id, tenant_id: a.tenantId, service_ids: a.services.map((s) => s.id) });
  await updateNotice(id, { status: 'published', published_by: staffId, published_at: now });
  await insertEvent({ notice_id: id, kind: 'published', status: 'published', staff_id: staffId, emails: 0 });

  const other = await db()
    .selectFrom('ops.device')
    .select(['id', 'hostname'])
    .where('role', '=', 'pe')
    .where('id', '<>', pe.id)
    .orderBy('hostname')
    .executeTakeFirst();
  const scope = normaliseTarget({ deviceIds: [(other ?? pe).id] });
  const reach = await computeAffected(scope);
  if (!reach.length) return 1;
  const began = new Date(now.getTime() - 5 * DAY - 3 * 3_600_000);
  const inc = await insertNotice({
    number: await nextNumber('incident', year),
    kind: 'incident',
    severity: 'major',
    status: 'investigating',
    title_ja: `${(other ?? pe).hostname} 通信断`,
    title_en: `Outage on ${(other ?? pe).hostname}`,
    body_ja: '一部のお客様で通信断が発生しています。原因を調査しています。',
    body_en: 'Some customers have lost connectivity. We are investigating.',
    window_start: began,
    window_end: null,
    target: scope,
    created_by: staffId,
    published_by: staffId,
    published_at: began,
  });
  for (const a of reach)
    await insertRecipient({
      notice_id: inc,
      tenant_id: a.tenantId,
      service_ids: a.services.map((s) => s.id),
    });
  const step = (min: number) => new Date(began.getTime() + min * 60_000);
  await insertEvent({
    notice_id: inc,
    kind: 'declared',
    status: 'investigating',
    body_ja: '一部のお客様で通信断が発生しています。',
    body_en: 'Some customers have lost connectivity.',
    staff_id: staffId,
    emails: 0,
    at: step(5),
  });
  await insertEvent({
    notice_id: inc,
    kind: 'update',
    status: 'identified',
    body_ja: 'ラインカードの故障を特定しました。予備品と交換します。',
    body_en: 'A failed line card was identified; it is being replaced with a spare.',
    staff_id: staffId,
    emails: 0,
    at: step(35),
  });
  const report = {
    cause: { ja: 'ラインカードのハードウェア故障', en: 'Hardware failure of a line card' },
    actions: {
      ja: '予備品への交換と全接続の疎通確認',
      en: 'Replaced it with a spare and checked every connection',
    },
    prevention: {
      ja: '同型ラインカードの予防交換を計画し、予備品を各 PoP に配置します。',
      en: 'Planned preventive replacement of the same model and spares at every PoP.',
    },
  };
  await updateNotice(inc, { status: 'resolved', report, window_end: step(80), closed_at: step(90) });
  await insertEvent({
    notice_id: inc,
    kind: 'resolved',
    status: 'resolved',
    staff_id: staffId,
    emails: 0,
    at: step(90),
  });
  return 2;
}
