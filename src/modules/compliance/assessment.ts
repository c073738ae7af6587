import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inScope, inTransaction, systemScope } from '../../db/context.ts';
import { formatInstant } from '../../lib/time.ts';
import { CLAUSES, DEFAULT_POLICY, type ClauseDef } from './catalogue.ts';
import { worst } from './check.ts';
import { CHECK_INFOS } from './checks/index.ts';
import {
  getPolicy,
  latestRun,
  resultOut,
  resultsOf,
  statementOverrides,
  type ResultRow,
} from './repository.ts';
import type { Assessment, Bilingual, CheckResult, CheckStatus, Clause } from './types.ts';

export type Audience = 'staff' | 'customer';

/** Figures only staff see (none of the current checks puts a name or id in a figure; this is the guard). */
const STAFF_ONLY_FIGURE = /^(ids?|names?|labels?)$|(Ids?|Names?|Labels?)$/;

function forAudience(r: CheckResult, audience: Audience): CheckResult {
  if (audience === 'staff') return r;
  const figures: CheckResult['figures'] = {};
  for (const [k, v] of Object.entries(r.figures)) if (!STAFF_ONLY_FIGURE.test(k)) figures[k] = v;
  return { ...r, figures, objects: [] };
}

/** Fills the provider's details ({address}, {dataLocation}, {jurisdiction}) from the configuration. */
function fill(text: Bilingual, config?: Config): Bilingual {
  if (!config) return text;
  const p = config.provider;
  const one = (s: string, lang: 'ja' | 'en') =>
    s
      .replaceAll('{address}', p.address[lang])
      .replaceAll('{dataLocation}', p.dataLocation[lang])
      .replaceAll('{jurisdiction}', p.jurisdiction[lang]);
  return { ja: one(text.ja, 'ja'), en: one(text.en, 'en') };
}

/** The catalogue's clauses with staff edits applied. */
export async function clausesWithEdits(config?: Config): Promise<Clause[]> {
  const edits = new Map((await statementOverrides()).map((o) => [o.clause, o]));
  return CLAUSES.map((c) => clauseOut(c, edits.get(c.clause), config));
}

export function clauseOut(
  c: ClauseDef,
  edit?: { statement_ja: string; statement_en: string },
  config?: Config,
): Clause {
  return {
    clause: c.clause,
    section: c.section,
    title: c.title,
    statement: edit ? { ja: edit.statement_ja, en: edit.statement_en } : fill(c.statement, config),
    edited: edit !== undefined,
    features: c.features,
    checkIds: c.checkIds,
  };
}

/** The policy page (5.1.1): the staff's text and link, else the default text and PVA_POLICY_URL. */
export async function currentPolicy(config?: Config): Promise<Assessment['policy']> {
  const p = await getPolicy();
  if (p) return { text: { ja: p.text_ja, en: p.text_en }, url: p.url };
  return { text: DEFAULT_POLICY, url: config?.provider.policyUrl ?? null };
}

async function build(audience: Audience, config?: Config): Promise<Assessment> {
  const run = await latestRun();
  const rows: ResultRow[] = run ? await resultsOf([run.id]) : [];
  const byCheck = new Map(rows.map((r) => [r.check_id, forAudience(resultOut(r, true), audience)]));
  const totals: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, error: 0 };
  for (const r of byCheck.values()) totals[r.status] += 1;
  const clauses = (await clausesWithEdits(config)).map((c) => {
    const results = c.checkIds.map((id) => byCheck.get(id)).filter((r): r is CheckResult => !!r);
    return { ...c, status: worst(results.map((r) => r.status)), results };
  });
  return {
    generatedAt: formatInstant(new Date()),
    run: run
      ? {
          id: run.id,
          startedAt: formatInstant(run.started_at),
          finishedAt: run.finished_at ? formatInstant(run.finished_at) : null,
          trigger: run.trigger,
        }
      : null,
    totals,
    clauses,
    checks: CHECK_INFOS,
    policy: await currentPolicy(config),
  };
}

/**
 * The assessment from the latest finished run. Customers get no drill-down objects and no figure
 * that could name another tenant. Inside a request it reads through the request's transaction;
 * elsewhere (jobs, CLI, document rendering) in a provider-scope transaction of its own.
 */
export async function buildAssessment(
  database: Database,
  opts: { audience: Audience; config?: Config },
): Promise<Assessment> {
  if (inScope()) return build(opts.audience, opts.config);
  return inTransaction(database, systemScope(), () => build(opts.audience, opts.config));
}
