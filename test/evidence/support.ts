import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import type { Database } from '../../src/db/client.ts';
import { recordAudit } from '../../src/modules/audit/service.ts';
import { ensurePartitions } from '../../src/modules/traffic/partitions.ts';
import type { TenantFixture } from '../support/factories.ts';

/**
 * Seeds one tenant with records of every kind an evidence bundle holds, each carrying the
 * tenant's `marker` so a search of another tenant's bundle for it finds any leak.
 */
export async function seedRecords(
  database: Database,
  t: TenantFixture,
  marker: string,
  shared?: { other: TenantFixture },
): Promise<{ monitorIds: string[] }> {
  return inTransaction(database, systemScope(), async () => {
    const at = new Date(Date.now() - 3_600_000);
    for (let i = 0; i < 3; i++)
      await recordAudit({
        action: 'service.label_updated',
        tenantId: t.id,
        targetType: 'service',
        targetId: `${marker}-svc-${i}`,
        summary: { label: `${marker} ラベル ${i}` },
      });
    const monitors = await db()
      .selectFrom('customer.monitor')
      .select(['id', 'connection_id'])
      .where('tenant_id', '=', t.id)
      .execute();
    for (const m of monitors) {
      for (let k = 0; k < 3; k++)
        await db()
          .insertInto('customer.monitor_round')
          .values({
            monitor_id: m.id,
            at: new Date(at.getTime() + k * 60_000),
            tenant_id: t.id,
            sent: 3,
            received: 3,
            loss_pct: 0,
            rtt_min_ms: 1.5,
            rtt_median_ms: 2,
            rtt_max_ms: 3.25,
            state: 'up',
          })
          .execute();
      await db()
        .insertInto('customer.monitor_event')
        .values({
          tenant_id: t.id,
          monitor_id: m.id,
          at,
          kind: 'paused',
          from_state: 'up',
          to_state: 'up',
          detail: JSON.stringify({ reason: `${marker} 工事` }),
        })
        .execute();
    }
    await ensurePartitions('5m', at, at);
    for (const c of t.connectionIds) {
      for (const table of ['ops.traffic_5m', 'ops.traffic_1d'] as const)
        await db()
          .insertInto(table)
          .values({
            connection_id: c,
            at,
            seconds: 300,
            in_octets: 123_456_789,
            out_octets: 987_654,
            in_max_bps: 1000,
            out_max_bps: 2000,
          })
          .execute();
    }
    const cr = await db()
      .insertInto('customer.change_request')
      .values({
        tenant_id: t.id,
        number: `CR-${marker}`,
        service_id: t.serviceIds[0]!,
        kind: 'other',
        desired: JSON.stringify({ description: `${marker} 変更` }),
        current: null,
        desired_date: '2026-12-01',
        reason: '',
        requested_by: null,
        decided_by: null,
        executed_by: null,
        decision_reason: null,
        execution_note: null,
        decided_at: null,
        executed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('customer.change_request_event')
      .values({
        tenant_id: t.id,
        change_request_id: cr.id,
        actor_kind: 'system',
        to_status: 'submitted',
        note: null,
      })
      .execute();
    // a notice the tenant received (with the other tenant too, when shared): targeting names both
    const recipients = shared ? [t, shared.other] : [t];
    const notice = await db()
      .insertInto('ops.notice')
      .values({
        number: `ANN-${marker}`,
        kind: 'information',
        severity: null,
        status: 'published',
        title_ja: 'お知らせ',
        title_en: 'Information',
        body_ja: '本文',
        body_en: 'Body',
        window_start: null,
        window_end: null,
        target: JSON.stringify({ tenantIds: recipients.map((x) => x.id) }),
        report: null,
        created_by: null,
        published_by: null,
        published_at: at,
        closed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const x of recipients)
      await db()
        .insertInto('customer.notice_recipient')
        .values({
          notice_id: notice.id,
          tenant_id: x.id,
          service_ids: [x.serviceIds[0]!],
          acknowledged_by: null,
          acknowledged_at: null,
        })
        .execute();
    if (shared) {
      // one provider change touching both tenants: each bundle shows it, with its own connections only
      const both = [t, shared.other];
      await db()
        .insertInto('ops.config_change')
        .values({
          number: `CHG-${marker}`,
          kind: 'apply',
          title: `${marker} PE maintenance`,
          impact: JSON.stringify({
            tenants: both.map((x) => ({
              id: x.id,
              code: x.code,
              name: x.code,
              connections: 1,
              direct: true,
            })),
            connections: both.map((x) => ({
              id: x.connectionIds[0],
              name: `conn ${x.code}`,
              kind: 'ipsec',
              status: 'active',
              bandwidthMbps: 100,
              tenantId: x.id,
              tenantCode: x.code,
              serviceCode: x.code,
              deviceId: '00000000-0000-0000-0000-000000000001',
              hostname: 'pe1',
              direct: true,
            })),
          }),
          prepared_by: null,
        })
        .execute();
    }
    return { monitorIds: monitors.map((m) => m.id) };
  });
}
