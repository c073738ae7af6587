import { db } from '../../db/context.ts';
import type { EventReportCategory, EventReportStatus } from '../../db/schema-reports.ts';
import { zonedParts } from '../../lib/time.ts';
import { insertAttachment, insertEvent, insertNote, nextNumber } from './repository.ts';
import { createHash } from 'node:crypto';

interface Plan {
  category: EventReportCategory;
  title: string;
  description: string;
  status: EventReportStatus;
  daysAgo: number;
  comment?: string;
  note?: string;
  file?: { name: string; text: string };
}

const PLANS: Plan[] = [
  {
    category: 'security_incident',
    title: 'ルーターへの不明なログイン / Unknown logins on our router',
    description:
      '本日 09:10（日本時間）ごろ、本社ルーターに不明なアドレス 203.0.113.50 からのログインを確認しました。\nAround 09:10 JST we saw logins to our head-office router from an unknown address, 203.0.113.50.',
    status: 'investigating',
    daysAgo: 1,
    comment: 'ログを確認しています。該当アドレスからの接続は当社網内では遮断済みです。',
    note: '該当 IP は既知のスキャナ。顧客側の管理者パスワード漏えいの可能性あり。',
    file: {
      name: 'auth.log',
      text: 'Nov 27 09:10:03 gw sshd[812]: Accepted password for admin from 203.0.113.50\n',
    },
  },
  {
    category: 'outage',
    title: '大阪ラックへの通信断 / Loss of connectivity to the Osaka rack',
    description:
      '10:00〜10:20（日本時間）に大阪ラックへ到達できませんでした。\nThe Osaka rack was unreachable from 10:00 to 10:20 JST.',
    status: 'closed',
    daysAgo: 12,
    comment: 'PE の電源モジュール交換により復旧しました。再発防止策を実施済みです。',
  },
];

/** A report under investigation (with a file and an internal note) and a closed one; once. */
export async function seedReportsDemo(
  tenants: { tenantId: string; requesterId: string; serviceIds: string[] }[],
  staffId: string,
): Promise<void> {
  if (await db().selectFrom('customer.event_report').select('id').limit(1).executeTakeFirst()) return;
  for (const [i, plan] of PLANS.entries()) {
    const t = tenants[i % Math.max(1, tenants.length)];
    if (!t) return;
    const at = new Date(Date.now() - plan.daysAgo * 86_400_000);
    const { id } = await db()
      .insertInto('customer.event_report')
      .values({
        tenant_id: t.tenantId,
        number: await nextNumber(zonedParts(at).y),
        category: plan.category,
        title: plan.title,
        description: plan.description,
        status: plan.status,
        reported_by: t.requesterId,
        assigned_to: staffId,
        created_at: at,
        updated_at: at,
        closed_at: plan.status === 'closed' ? new Date(at.getTime() + 3 * 3_600_000) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (t.serviceIds[0])
      await db()
        .insertInto('customer.event_report_service')
        .values({ tenant_id: t.tenantId, report_id: id, service_id: t.serviceIds[0] })
        .execute();
    if (plan.file) {
      const content = Buffer.from(plan.file.text);
      await insertAttachment({
        tenantId: t.tenantId,
        reportId: id,
        filename: plan.file.name,
        contentType: 'text/plain',
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
      });
    }
    const base = { tenantId: t.tenantId, reportId: id };
    await insertEvent({
      ...base,
      kind: 'submitted',
      actorKind: 'customer',
      actorId: t.requesterId,
      toStatus: 'received',
    });
    await insertEvent({ ...base, kind: 'assigned', actorKind: 'staff', actorId: staffId });
    if (plan.note) await insertNote({ ...base, staffId, body: plan.note });
    await insertEvent({
      ...base,
      kind: 'status',
      actorKind: 'staff',
      actorId: staffId,
      fromStatus: 'received',
      toStatus: plan.status,
      body: plan.comment ?? null,
    });
  }
}
