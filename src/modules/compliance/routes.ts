import { notFound } from '../../app/errors.ts';
import { requestScope } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { inTransaction } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';
import { formatInstant } from '../../lib/time.ts';
import { buildAssessment } from './assessment.ts';
import { CHECK_INFOS, checkById } from './checks/index.ts';
import { editRoutes } from './edit-routes.ts';
import { checkHistory, getRun, latestRun, resultOut, resultsOf, runsSince } from './repository.ts';
import { runAll } from './runner.ts';
import {
  AssessmentOut,
  CheckDetailOut,
  CheckParams,
  ExportOut,
  RunsOut,
  RunsQuery,
  RunSummaryOut,
} from './schema.ts';
import type { CheckStatus } from './types.ts';

const tags = ['compliance'];

type RunRow = NonNullable<Awaited<ReturnType<typeof getRun>>>;

async function runSummaries(runs: RunRow[]) {
  const results = await resultsOf(runs.map((r) => r.id));
  return runs.map((r) => {
    const statuses: Record<string, CheckStatus> = {};
    const totals: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, error: 0 };
    for (const x of results) {
      if (x.run_id !== r.id) continue;
      statuses[x.check_id] = x.status;
      totals[x.status] += 1;
    }
    return {
      id: r.id,
      trigger: r.trigger,
      startedAt: formatInstant(r.started_at),
      finishedAt: r.finished_at ? formatInstant(r.finished_at) : null,
      startedBy: r.started_by ? { id: r.started_by, name: r.started_by_name ?? '' } : null,
      totals,
      statuses,
    };
  });
}

/**
 * The compliance centre (issue 11). Management listener: the staff assessment with drill-down,
 * runs on demand and their history, the GRC export, statement and policy edits. Portal: the
 * customer-audience assessment for any signed-in customer user.
 */
export function complianceRoutes(app: App): void {
  const { config, database } = app.pva;

  if (app.pva.plane === 'portal') {
    app.get(
      '/api/v1/compliance/assessment',
      {
        config: { auth: 'authenticated' },
        schema: {
          operationId: 'getCustomerComplianceAssessment',
          tags,
          summary:
            "The provider's ISO/IEC 27017 statement with the live evidence of the latest run: every clause, its statement, features and check results (no drill-down objects)",
          response: { 200: AssessmentOut },
        },
      },
      async () => buildAssessment(database, { audience: 'customer', config }),
    );
    return;
  }

  app.get(
    '/api/v1/compliance/assessment',
    {
      config: { auth: 'compliance.read' },
      schema: {
        operationId: 'getComplianceAssessment',
        tags,
        summary:
          'The assessment from the latest finished run: every clause with its statement and check results, including the objects behind each figure',
        response: { 200: AssessmentOut },
      },
    },
    async () => buildAssessment(database, { audience: 'staff', config }),
  );

  app.get(
    '/api/v1/compliance/export',
    {
      config: { auth: 'compliance.read' },
      schema: {
        operationId: 'exportComplianceAssessment',
        tags,
        summary:
          'The whole assessment as a JSON document for GRC tools (docs/compliance-format.md), as a download',
        response: { 200: ExportOut },
      },
    },
    async (_req, reply) => {
      const assessment = await buildAssessment(database, { audience: 'staff', config });
      const stamp = assessment.generatedAt.slice(0, 10);
      reply.header('content-disposition', `attachment; filename="pva-compliance-${stamp}.json"`);
      return {
        format: 'pva-compliance-assessment' as const,
        version: 1 as const,
        standard: 'ISO/IEC 27017:2015' as const,
        assessment,
      };
    },
  );

  app.post(
    '/api/v1/compliance/runs',
    {
      config: { auth: 'compliance.manage', action: 'compliance.run', tx: false },
      schema: {
        operationId: 'runComplianceChecks',
        tags,
        summary:
          'Run every evidence check now; answers when the run has finished, with the status of each check (audited)',
        response: { 201: RunSummaryOut },
      },
    },
    async (req, reply) => {
      // no request transaction: each check opens its own, so network probes never hold the database
      const { runId } = await runAll(config, database, { trigger: 'manual', staffId: req.principal!.id });
      const summary = await inTransaction(database, requestScope(req), async () => {
        const [out] = await runSummaries([(await getRun(runId))!]);
        await recordAudit({
          action: 'compliance.run',
          targetType: 'compliance_run',
          targetId: runId,
          summary: { totals: out!.totals },
        });
        return out!;
      });
      reply.code(201);
      return summary;
    },
  );

  app.get(
    '/api/v1/compliance/runs',
    {
      config: { auth: 'compliance.read' },
      schema: {
        operationId: 'listComplianceRuns',
        tags,
        summary: 'Runs of the last N days with the status of each check, oldest first (the history chart)',
        querystring: RunsQuery,
        response: { 200: RunsOut },
      },
    },
    async (req) => {
      const days = req.query.days ?? 30;
      const runs = await runsSince(new Date(Date.now() - days * 86_400_000), req.query.limit ?? 500);
      return { checks: CHECK_INFOS, runs: (await runSummaries(runs)).reverse() };
    },
  );

  app.get(
    '/api/v1/compliance/checks/:checkId',
    {
      config: { auth: 'compliance.read' },
      schema: {
        operationId: 'getComplianceCheck',
        tags,
        summary:
          'One check: its criteria, its latest result with the objects behind the figures, and its recent statuses',
        params: CheckParams,
        response: { 200: CheckDetailOut },
      },
    },
    async (req) => {
      const def = checkById(req.params.checkId);
      if (!def) throw notFound();
      const run = await latestRun();
      const rows = run ? (await resultsOf([run.id])).filter((r) => r.check_id === def.id) : [];
      const history = await checkHistory(def.id, 100);
      return {
        check: CHECK_INFOS.find((c) => c.id === def.id)!,
        result: rows[0] ? resultOut(rows[0], true) : null,
        history: history.reverse().map((h) => ({
          runId: h.run_id,
          checkedAt: formatInstant(h.checked_at),
          status: h.status,
        })),
      };
    },
  );

  editRoutes(app);
}
