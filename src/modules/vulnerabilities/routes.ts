import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { formatInstant, zonedDate } from '../../lib/time.ts';
import { openCounts, trend } from './daily.ts';
import { writeRoutes } from './write-routes.ts';
import { advisoryDetailOut, advisoryOut, historyOut, matchOut } from './out.ts';
import {
  AdvisoriesQuery,
  AdvisoryDetailOut,
  AdvisoryOut,
  AdvisoryParams,
  DashboardOut,
  MatchDetailOut,
  MatchesQuery,
  MatchOut,
  MatchParams,
} from './schema.ts';
import {
  assessmentHistory,
  feedStatuses,
  getAdvisory,
  listAdvisories,
  listMatches,
} from './views-repository.ts';

const tags = ['vulnerabilities'];
const TREND_DAYS = 90;

/** Advisories, matching against the inventory and assessments (issue 10: 12.6.1), management listener only. */
export function vulnerabilitiesRoutes(app: App): void {
  if (app.pva.plane !== 'mgmt') return;

  app.get(
    '/api/v1/vulnerabilities/dashboard',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getVulnerabilityDashboard',
        tags,
        summary:
          'Open exposures by severity (current matches that are new or assessed affected), overdue items, the daily trend (JST days), recently imported advisories and the state of the advisory feeds',
        response: { 200: DashboardOut },
      },
    },
    async () => {
      const now = new Date();
      const today = zonedDate(now);
      const c = await openCounts(today);
      const from = zonedDate(new Date(now.getTime() - TREND_DAYS * 86_400_000));
      const overdue = await listMatches({ open: true, overdueBefore: today, limit: 50 });
      return {
        today,
        open: {
          critical: c.critical,
          high: c.high,
          medium: c.medium,
          low: c.low,
          other: c.other,
          total: c.critical + c.high + c.medium + c.low + c.other,
        },
        overdue: c.overdue,
        undetermined: c.undetermined,
        overdueItems: overdue.map((m) => matchOut(m, today)),
        trend: await trend(from),
        recentAdvisories: (await listAdvisories({ limit: 10 })).map(advisoryOut),
        feeds: (await feedStatuses()).map((f) => ({
          url: f.url,
          lastRunAt: formatInstant(f.last_run_at),
          lastOkAt: f.last_ok_at ? formatInstant(f.last_ok_at) : null,
          lastError: f.last_error,
          imported: f.imported,
        })),
      };
    },
  );

  app.get(
    '/api/v1/vulnerabilities/advisories',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listAdvisories',
        tags,
        summary: 'Imported advisories, newest first, with how many inventory items each currently matches',
        querystring: AdvisoriesQuery,
        response: { 200: Type.Array(AdvisoryOut) },
      },
    },
    async (req) =>
      (
        await listAdvisories({ q: req.query.q, severity: req.query.severity, limit: req.query.limit ?? 200 })
      ).map(advisoryOut),
  );

  app.get(
    '/api/v1/vulnerabilities/advisories/:advisoryId',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getAdvisory',
        tags,
        summary:
          'One advisory: products and version ranges, remediations, references and every match with its assessment',
        params: AdvisoryParams,
        response: { 200: AdvisoryDetailOut },
      },
    },
    async (req) => {
      const a = await getAdvisory(req.params.advisoryId);
      if (!a) throw notFound();
      const today = zonedDate(new Date());
      const matches = (await listMatches({ advisoryId: a.id, limit: 5000 })).map((m) => matchOut(m, today));
      const current = matches.filter((m) => m.current);
      return advisoryDetailOut(
        a,
        {
          matched: current.length,
          open: current.filter((m) => m.state === 'new' || m.state === 'affected').length,
        },
        matches,
      );
    },
  );

  app.get(
    '/api/v1/vulnerabilities/matches',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listVulnerabilityMatches',
        tags,
        summary:
          'Matches of advisories with inventory items (devices and components), most severe and soonest due first; filter by advisory, device, item, open or overdue',
        querystring: MatchesQuery,
        response: { 200: Type.Array(MatchOut) },
      },
    },
    async (req) => {
      const q = req.query;
      const today = zonedDate(new Date());
      const rows = await listMatches({
        advisoryId: q.advisoryId,
        deviceId: q.deviceId,
        itemId: q.itemId,
        open: q.open || q.overdue,
        overdueBefore: q.overdue ? today : undefined,
        limit: q.limit ?? 500,
      });
      return rows.map((m) => matchOut(m, today));
    },
  );

  app.get(
    '/api/v1/vulnerabilities/matches/:matchId',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getVulnerabilityMatch',
        tags,
        summary: 'One match with the history of its assessments (who, when, what, why)',
        params: MatchParams,
        response: { 200: MatchDetailOut },
      },
    },
    async (req) => {
      const [m] = await listMatches({ matchId: req.params.matchId, limit: 1 });
      if (!m) throw notFound();
      return {
        ...matchOut(m, zonedDate(new Date())),
        history: (await assessmentHistory(m.id)).map(historyOut),
      };
    },
  );

  writeRoutes(app);
}
