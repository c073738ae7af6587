import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { formatInstant } from '../../lib/time.ts';
import { clauseOut, currentPolicy } from './assessment.ts';
import { clauseByNumber, DEFAULT_POLICY } from './catalogue.ts';
import {
  deletePolicy,
  deleteStatement,
  getPolicy,
  getStatementOverride,
  upsertPolicy,
  upsertStatement,
} from './repository.ts';
import { ClauseOut, ClauseParams, PolicyBody, PolicyDetailOut, StatementBody } from './schema.ts';

const tags = ['compliance'];

/** Staff edits of clause statements and of the security policy page: compliance.manage, audited. */
export function editRoutes(app: App): void {
  const config = app.pva.config;

  const policyDetail = async () => {
    const row = await getPolicy();
    const p = await currentPolicy(config);
    return {
      ...p,
      edited: row !== undefined,
      updatedAt: row ? formatInstant(row.updated_at) : null,
      updatedBy: row?.updated_by ? { id: row.updated_by, name: row.updated_by_name ?? '' } : null,
      default: { text: DEFAULT_POLICY, url: config.provider.policyUrl ?? null },
    };
  };

  app.put(
    '/api/v1/compliance/clauses/:clause/statement',
    {
      config: { auth: 'compliance.manage', action: 'compliance.statement_edit' },
      schema: {
        operationId: 'putComplianceStatement',
        tags,
        summary: "Replace a clause's statement (ja and en) with the provider's own text (audited)",
        params: ClauseParams,
        body: StatementBody,
        response: { 200: ClauseOut },
      },
    },
    async (req) => {
      const c = clauseByNumber(req.params.clause);
      if (!c) throw notFound();
      const before = await getStatementOverride(c.clause);
      const { ja, en } = req.body;
      await upsertStatement(c.clause, ja, en, req.principal!.id);
      await auditRequest(req, {
        action: 'compliance.statement_edit',
        tenantId: null,
        targetType: 'compliance_clause',
        targetId: c.clause,
        summary: {
          clause: c.clause,
          from: before ? { ja: before.statement_ja, en: before.statement_en } : 'default',
          to: { ja, en },
        },
      });
      return clauseOut(c, { statement_ja: ja, statement_en: en }, config);
    },
  );

  app.delete(
    '/api/v1/compliance/clauses/:clause/statement',
    {
      config: { auth: 'compliance.manage', action: 'compliance.statement_reset' },
      schema: {
        operationId: 'resetComplianceStatement',
        tags,
        summary: "Reset a clause's statement to the default text (audited; a no-op when not edited)",
        params: ClauseParams,
        response: { 200: ClauseOut },
      },
    },
    async (req) => {
      const c = clauseByNumber(req.params.clause);
      if (!c) throw notFound();
      const before = await getStatementOverride(c.clause);
      const removed = await deleteStatement(c.clause);
      await auditRequest(req, {
        action: 'compliance.statement_reset',
        tenantId: null,
        targetType: 'compliance_clause',
        targetId: c.clause,
        summary: {
          clause: c.clause,
          removed,
          ...(before ? { from: { ja: before.statement_ja, en: before.statement_en } } : {}),
        },
      });
      return clauseOut(c, undefined, config);
    },
  );

  app.get(
    '/api/v1/compliance/policy',
    {
      config: { auth: 'compliance.read' },
      schema: {
        operationId: 'getCompliancePolicy',
        tags,
        summary: 'The security policy page (5.1.1): text, link, whether staff edited it, and the default',
        response: { 200: PolicyDetailOut },
      },
    },
    async () => policyDetail(),
  );

  app.put(
    '/api/v1/compliance/policy',
    {
      config: { auth: 'compliance.manage', action: 'compliance.policy_edit' },
      schema: {
        operationId: 'putCompliancePolicy',
        tags,
        summary: 'Set the security policy text (ja and en) and link (audited)',
        body: PolicyBody,
        response: { 200: PolicyDetailOut },
      },
    },
    async (req) => {
      const before = await getPolicy();
      const { text, url } = req.body;
      await upsertPolicy(text.ja, text.en, url, req.principal!.id);
      await auditRequest(req, {
        action: 'compliance.policy_edit',
        tenantId: null,
        targetType: 'compliance_policy',
        targetId: 'policy',
        summary: {
          from: before ? { ja: before.text_ja, en: before.text_en, url: before.url } : 'default',
          to: { ja: text.ja, en: text.en, url },
        },
      });
      return policyDetail();
    },
  );

  app.delete(
    '/api/v1/compliance/policy',
    {
      config: { auth: 'compliance.manage', action: 'compliance.policy_reset' },
      schema: {
        operationId: 'resetCompliancePolicy',
        tags,
        summary: 'Reset the security policy page to the default text and link (audited)',
        response: { 200: PolicyDetailOut },
      },
    },
    async (req) => {
      const removed = await deletePolicy();
      await auditRequest(req, {
        action: 'compliance.policy_reset',
        tenantId: null,
        targetType: 'compliance_policy',
        targetId: 'policy',
        summary: { removed },
      });
      return policyDetail();
    },
  );
}
