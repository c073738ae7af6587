import { AppError, notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { zonedDate } from '../../lib/time.ts';
import { AliasTable } from './aliases.ts';
import { assessMatch } from './assess.ts';
import { invalid, parseDocument, storeAdvisory } from './importer.ts';
import { manualAdvisory } from './manual.ts';
import { runMatching } from './matcher.ts';
import { AdvisoryInvalid, type ParsedAdvisory } from './model.ts';
import { advisoryOut, matchOut } from './out.ts';
import {
  AssessBody,
  ImportBody,
  ImportOut,
  AdvisoryParams,
  ManualBody,
  ManualUpdateBody,
  MatchOut,
  MatchParams,
  RematchOut,
} from './schema.ts';
import { findAdvisoryByExternalId } from './repository.ts';
import { getAdvisory, listAdvisories, listMatches } from './views-repository.ts';

const tags = ['vulnerabilities'];

/** Import (file upload or manual entry), re-match and assessments: vulnerabilities.manage. */
export function writeRoutes(app: App): void {
  const settings = app.pva.config.vulnerabilities;
  const base = (): string => app.pva.config.mgmtUrl ?? app.pva.publicUrl;

  /** Stores, matches and answers with the stored advisory; shared by upload and manual entry. */
  const store = async (parsed: ParsedAdvisory, origin: string, staffId: string) => {
    const r = await storeAdvisory(parsed, origin, staffId);
    const pass =
      r.outcome === 'unchanged'
        ? null
        : await runMatching(settings, { advisoryIds: [r.id], consoleBase: base() });
    const [row] = await listAdvisories({ q: parsed.externalId, limit: 50 }).then((xs) =>
      xs.filter((x) => x.id === r.id),
    );
    return { r, pass, row: row! };
  };

  app.post(
    '/api/v1/vulnerabilities/advisories/import',
    {
      config: { auth: 'vulnerabilities.manage', action: 'vulnerabilities.advisory_import' },
      schema: {
        operationId: 'importAdvisory',
        tags,
        summary:
          'Import a CSAF 2.0 or OSV document (uploaded file). Idempotent by the advisory id: the same revision again changes nothing, a newer one updates it; then it is matched against the inventory. A bad document answers 400 advisory_invalid naming each problem (JSON pointer).',
        body: ImportBody,
        response: { 200: ImportOut, 201: ImportOut },
      },
    },
    async (req, reply) => {
      let parsed: ParsedAdvisory;
      try {
        parsed = parseDocument(req.body.document, new AliasTable(settings.aliases), req.body.format);
      } catch (e) {
        if (e instanceof AdvisoryInvalid) throw invalid(e, req.lang);
        throw e;
      }
      const { r, pass, row } = await store(parsed, 'upload', req.principal!.id);
      await auditRequest(req, {
        action: 'vulnerabilities.advisory_import',
        tenantId: null,
        targetType: 'vuln_advisory',
        targetId: r.id,
        summary: {
          externalId: parsed.externalId,
          source: parsed.source,
          revision:
            r.previousRevision && r.previousRevision !== parsed.revision
              ? { from: r.previousRevision, to: parsed.revision }
              : parsed.revision,
          outcome: r.outcome,
          severity: parsed.severity,
          matched: pass?.current ?? row.matched,
        },
      });
      if (r.outcome === 'created') reply.code(201);
      return {
        outcome: r.outcome,
        advisory: advisoryOut(row),
        matched: row.matched,
        added: pass?.added ?? 0,
      };
    },
  );

  app.post(
    '/api/v1/vulnerabilities/advisories',
    {
      config: { auth: 'vulnerabilities.manage', action: 'vulnerabilities.advisory_manual' },
      schema: {
        operationId: 'createManualAdvisory',
        tags,
        summary:
          'Enter an advisory by hand: products with exact versions or a vers: range, a CVSS 3.x vector (scored here) or a severity. The same id again replaces it.',
        body: ManualBody,
        response: { 200: ImportOut, 201: ImportOut },
      },
    },
    async (req, reply) => {
      // a hand-made entry never silently replaces a vendor's document of the same id
      const existing = await findAdvisoryByExternalId(req.body.externalId);
      if (existing && existing.source !== 'manual') throw new AppError('advisory_not_manual');
      const out = await saveManual(req, req.body);
      if (out.outcome === 'created') reply.code(201);
      return out;
    },
  );

  app.put(
    '/api/v1/vulnerabilities/advisories/:advisoryId',
    {
      config: { auth: 'vulnerabilities.manage', action: 'vulnerabilities.advisory_manual' },
      schema: {
        operationId: 'updateManualAdvisory',
        tags,
        summary:
          'Edit a manually entered advisory (everything but its id) and match it again; imported CSAF/OSV advisories answer 409 advisory_not_manual',
        params: AdvisoryParams,
        body: ManualUpdateBody,
        response: { 200: ImportOut },
      },
    },
    async (req) => {
      const a = await getAdvisory(req.params.advisoryId);
      if (!a) throw notFound();
      if (a.source !== 'manual') throw new AppError('advisory_not_manual');
      return saveManual(req, { ...req.body, externalId: a.external_id }, a.published_at);
    },
  );

  /** Validates, stores, matches and audits a manual entry (create or edit). */
  async function saveManual(
    req: Parameters<typeof auditRequest>[0],
    body: Parameters<typeof manualAdvisory>[0],
    publishedAt: Date | null = null,
  ) {
    let parsed: ParsedAdvisory;
    try {
      // an edit keeps the date the advisory was first entered; revision and modified move on
      parsed = {
        ...manualAdvisory(body),
        ...(publishedAt ? { publishedAt: publishedAt.toISOString() } : {}),
      };
    } catch (e) {
      if (e instanceof AdvisoryInvalid) throw invalid(e, req.lang, '/body');
      throw e;
    }
    const { r, pass, row } = await store(parsed, 'manual', req.principal!.id);
    await auditRequest(req, {
      action: 'vulnerabilities.advisory_manual',
      tenantId: null,
      targetType: 'vuln_advisory',
      targetId: r.id,
      summary: {
        externalId: parsed.externalId,
        outcome: r.outcome,
        severity: parsed.severity,
        matched: row.matched,
      },
    });
    return { outcome: r.outcome, advisory: advisoryOut(row), matched: row.matched, added: pass?.added ?? 0 };
  }

  app.post(
    '/api/v1/vulnerabilities/rematch',
    {
      config: { auth: 'vulnerabilities.manage', action: 'vulnerabilities.rematch' },
      schema: {
        operationId: 'rematchVulnerabilities',
        tags,
        summary:
          'Match every advisory against the inventory now (the job does this every 15 minutes): new devices and version changes get or lose matches',
        response: { 200: RematchOut },
      },
    },
    async (req) => {
      const pass = await runMatching(settings, { consoleBase: base() });
      await auditRequest(req, { action: 'vulnerabilities.rematch', tenantId: null, summary: { ...pass } });
      return pass;
    },
  );

  app.post(
    '/api/v1/vulnerabilities/matches/:matchId/assessments',
    {
      config: { auth: 'vulnerabilities.manage', action: 'vulnerabilities.assess' },
      schema: {
        operationId: 'assessVulnerabilityMatch',
        tags,
        summary:
          'Assess one affected item: affected, not_affected or mitigated (both with a justification) or fixed; optionally link the remediating configuration change record (it must exist) and override the due date',
        params: MatchParams,
        body: AssessBody,
        response: { 200: MatchOut },
      },
    },
    async (req) => {
      const r = await assessMatch(req.params.matchId, req.body, req.principal!.id, req.lang);
      const [m] = await listMatches({ matchId: req.params.matchId, limit: 1 });
      if (!m) throw notFound();
      await auditRequest(req, {
        action: 'vulnerabilities.assess',
        tenantId: null,
        targetType: 'vuln_match',
        targetId: m.id,
        summary: {
          advisory: m.external_id,
          item: { kind: m.item_kind, id: m.item_id, label: m.label },
          state:
            r.before.state !== req.body.state ? { from: r.before.state, to: req.body.state } : req.body.state,
          change: r.changeNumber,
          dueDate: req.body.dueDate ?? null,
        },
        ...(r.justification ? { personal: { justification: r.justification } } : {}),
      });
      return matchOut(m, zonedDate(new Date()));
    },
  );
}
