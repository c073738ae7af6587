import { sql } from 'kysely';
import { db } from '../../../db/context.ts';
import { MAX_OBJECTS, t, type CheckDef } from '../check.ts';
import type { EvidenceObject } from '../types.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** How far back the notice checks look. */
const WINDOW_DAYS = 90;
/** A maintenance window announced less than this ahead is short notice. */
export const LEAD_DAYS = 3;
/** An open incident without a timeline update for this long leaves customers without news. */
const STALE_UPDATE_HOURS = 24;
/** A customer's event report not yet acknowledged (still "received") after these hours. */
const REPORT_WARN_HOURS = 24;
const REPORT_FAIL_HOURS = 72;

const cap = (objects: EvidenceObject[]) => objects.slice(0, MAX_OBJECTS);

export const incidentsCheck: CheckDef = {
  id: 'incidents.reporting',
  clauses: ['16.1.1', '16.1.2', 'principle-10'],
  title: t('インシデントの報告と事象報告への対応', 'Incident reporting and handling of event reports'),
  criteria: t(
    `過去 ${WINDOW_DAYS} 日のインシデントと、お客様からの事象報告を確認します。対応中のインシデントに ${STALE_UPDATE_HOURS} 時間以上経過の更新がない、または受付のまま ${REPORT_WARN_HOURS} 時間を超えた事象報告があれば警告。受付のまま ${REPORT_FAIL_HOURS} 時間を超えた事象報告、または報告書（原因・対応・再発防止）のない解決済みインシデントがあれば不合格。`,
    `Looks at the incidents of the last ${WINDOW_DAYS} days and at customers' event reports. Warn when an open incident has had no timeline update for ${STALE_UPDATE_HOURS} hours, or an event report has stayed "received" for more than ${REPORT_WARN_HOURS} hours. Fail when an event report has stayed "received" for more than ${REPORT_FAIL_HOURS} hours, or a resolved incident has no report (cause, actions, prevention).`,
  ),
  async run(ctx) {
    const since = new Date(ctx.now.getTime() - WINDOW_DAYS * DAY);
    const { incidents, reports } = await ctx.read(async () => ({
      incidents: await db()
        .selectFrom('ops.notice as n')
        .select([
          'n.id',
          'n.number',
          'n.title_ja',
          'n.title_en',
          'n.status',
          sql<boolean>`n.report IS NULL`.as('no_report'),
          sql<Date>`coalesce((SELECT max(e.at) FROM ops.notice_event e WHERE e.notice_id = n.id), n.published_at)`.as(
            'last_update',
          ),
          sql<number>`(SELECT count(*) FROM customer.notice_recipient r WHERE r.notice_id = n.id)`.as(
            'tenants',
          ),
        ])
        .where('n.kind', '=', 'incident')
        .where('n.published_at', 'is not', null)
        .where((eb) => eb.or([eb('n.published_at', '>=', since), eb('n.status', '<>', 'resolved')]))
        .execute(),
      reports: await db()
        .selectFrom('customer.event_report as r')
        .innerJoin('ops.tenant as tn', 'tn.id', 'r.tenant_id')
        .select(['r.id', 'r.number', 'r.title', 'r.created_at', 'tn.code'])
        .where('r.status', '=', 'received')
        .where('r.created_at', '<', new Date(ctx.now.getTime() - REPORT_WARN_HOURS * HOUR))
        .orderBy('r.created_at')
        .execute(),
    }));
    const objects: EvidenceObject[] = [];
    let stale = 0;
    let unreported = 0;
    for (const i of incidents) {
      if (i.status === 'resolved' && i.no_report) {
        unreported += 1;
        objects.push({
          kind: 'incident',
          id: i.id,
          label: `${i.number} ${i.title_ja}`,
          note: t('報告書なしで解決', 'resolved without a report'),
          href: `/incidents?id=${i.id}`,
        });
      } else if (
        i.status !== 'resolved' &&
        ctx.now.getTime() - new Date(i.last_update).getTime() >= STALE_UPDATE_HOURS * HOUR
      ) {
        stale += 1;
        objects.push({
          kind: 'incident',
          id: i.id,
          label: `${i.number} ${i.title_ja}`,
          note: t(`${STALE_UPDATE_HOURS} 時間以上更新なし`, `no update for ${STALE_UPDATE_HOURS}+ hours`),
          href: `/incidents?id=${i.id}`,
        });
      }
    }
    let late = 0;
    for (const r of reports) {
      const hours = Math.floor((ctx.now.getTime() - new Date(r.created_at).getTime()) / HOUR);
      if (hours > REPORT_FAIL_HOURS) late += 1;
      objects.push({
        kind: 'event_report',
        id: r.id,
        label: `${r.number} (${r.code}) ${r.title}`,
        note: t(`受付のまま ${hours} 時間`, `still received after ${hours} hours`),
        href: `/event-reports?id=${r.id}`,
      });
    }
    const status = late || unreported ? 'fail' : stale || reports.length ? 'warn' : 'pass';
    return {
      status,
      summary: t(
        `過去 ${WINDOW_DAYS} 日のインシデント ${incidents.length} 件（更新が滞っているもの ${stale} 件、報告書のない解決 ${unreported} 件）。受付のまま ${REPORT_WARN_HOURS} 時間を超えた事象報告 ${reports.length} 件（うち ${REPORT_FAIL_HOURS} 時間超 ${late} 件）。`,
        `Incidents in the last ${WINDOW_DAYS} days: ${incidents.length} (without a recent update: ${stale}; resolved without a report: ${unreported}). Event reports still "received" after ${REPORT_WARN_HOURS} hours: ${reports.length} (over ${REPORT_FAIL_HOURS} hours: ${late}).`,
      ),
      figures: {
        incidents: incidents.length,
        tenantsNotified: incidents.reduce((n, i) => n + Number(i.tenants), 0),
        staleIncidents: stale,
        resolvedWithoutReport: unreported,
        reportsUnacknowledged: reports.length,
        reportsUnacknowledgedOver72h: late,
      },
      objects: cap(objects),
    };
  },
};

export const leadTimeCheck: CheckDef = {
  id: 'notices.lead-time',
  clauses: ['12.1.2', 'principle-6'],
  title: t('メンテナンスの事前告知', 'Advance notice of maintenance'),
  criteria: t(
    `過去 ${WINDOW_DAYS} 日以降に始まるメンテナンスの告知を確認します。すべて開始の ${LEAD_DAYS} 日以上前に公開されていれば合格。${LEAD_DAYS} 日未満前の公開があれば警告。開始後に公開されたものがあれば不合格。`,
    `Looks at maintenance announcements whose window starts from ${WINDOW_DAYS} days ago on. Pass when each was published at least ${LEAD_DAYS} days before its window. Warn when one was published less than ${LEAD_DAYS} days ahead. Fail when one was published after its window had started.`,
  ),
  async run(ctx) {
    const since = new Date(ctx.now.getTime() - WINDOW_DAYS * DAY);
    const rows = await ctx.read(() =>
      db()
        .selectFrom('ops.notice')
        .select(['id', 'number', 'title_ja', 'window_start', 'published_at'])
        .where('kind', '=', 'maintenance')
        .where('published_at', 'is not', null)
        .where('window_start', '>=', since)
        .execute(),
    );
    const objects: EvidenceObject[] = [];
    let short = 0;
    let after = 0;
    let minLead: number | null = null;
    for (const r of rows) {
      const lead = new Date(r.window_start!).getTime() - new Date(r.published_at!).getTime();
      minLead = minLead === null ? lead : Math.min(minLead, lead);
      const days = Math.round((lead / DAY) * 10) / 10;
      if (lead < 0) after += 1;
      else if (lead < LEAD_DAYS * DAY) short += 1;
      else continue;
      objects.push({
        kind: 'notice',
        id: r.id,
        label: `${r.number} ${r.title_ja}`,
        note:
          lead < 0
            ? t('開始後に公開', 'published after the window started')
            : t(`${days} 日前に公開`, `published ${days} days ahead`),
        href: `/announcements?id=${r.id}`,
      });
    }
    return {
      status: after ? 'fail' : short ? 'warn' : 'pass',
      summary: t(
        `メンテナンス告知 ${rows.length} 件、${LEAD_DAYS} 日未満前の公開 ${short} 件、開始後の公開 ${after} 件。`,
        `Maintenance announcements: ${rows.length}; published less than ${LEAD_DAYS} days ahead: ${short}; after the window started: ${after}.`,
      ),
      figures: {
        announcements: rows.length,
        shortNotice: short,
        publishedAfterStart: after,
        shortestLeadDays: minLead === null ? null : Math.round((minLead / DAY) * 10) / 10,
      },
      objects: cap(objects),
    };
  },
};
