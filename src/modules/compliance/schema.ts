import { Type, type TSchema } from '@sinclair/typebox';

/**
 * Request and response schemas of the compliance routes. The response shapes mirror types.ts
 * (Assessment, Clause, CheckInfo, CheckResult, EvidenceObject) so the generated client matches it.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ description: 'Date-time in the configured zone with its offset (JST +09:00)' });
const Lit = <T extends string>(xs: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...xs], ...(description ? { description } : {}) });

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'error'] as const;
export const CheckStatusOut = Lit(CHECK_STATUSES, 'error: the check could not run (the summary says why)');
const ClauseStatus = Lit(
  [...CHECK_STATUSES, 'none'] as const,
  'The worst status of its checks; none: no check',
);
const Trigger = Lit(['schedule', 'manual'] as const);

export const BilingualOut = Type.Object({ ja: Type.String(), en: Type.String() });

export const EvidenceObjectOut = Type.Object({
  kind: Type.String({ description: "e.g. 'user', 'staff', 'tenant', 'port', 'device', 'change'" }),
  id: Type.String(),
  label: Type.String(),
  note: Type.Optional(BilingualOut),
  href: Type.Optional(Type.String({ description: 'Management-console path that shows it' })),
});

const Figure = Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()]);

export const CheckResultOut = Type.Object({
  checkId: Type.String(),
  status: CheckStatusOut,
  summary: BilingualOut,
  figures: Type.Record(Type.String(), Figure),
  objects: Type.Array(EvidenceObjectOut, { description: 'Staff only: always empty for customers' }),
  checkedAt: Instant,
});

export const CheckInfoOut = Type.Object({
  id: Type.String(),
  clauses: Type.Array(Type.String()),
  title: BilingualOut,
  criteria: BilingualOut,
});

export const ClauseOut = Type.Object({
  clause: Type.String({ description: "'5.1.1', 'CLD.8.1.5' or 'principle-N'" }),
  section: Type.String({ description: "The whitepaper's section number" }),
  title: BilingualOut,
  statement: BilingualOut,
  edited: Type.Boolean(),
  features: Type.Array(BilingualOut),
  checkIds: Type.Array(Type.String()),
});

export const ClauseAssessmentOut = Type.Composite([
  ClauseOut,
  Type.Object({ status: ClauseStatus, results: Type.Array(CheckResultOut) }),
]);

const Totals = Type.Object({
  pass: Type.Integer(),
  warn: Type.Integer(),
  fail: Type.Integer(),
  error: Type.Integer(),
});

export const PolicyOut = Type.Object({
  text: BilingualOut,
  url: Nullable(Type.String()),
});

export const RunRef = Type.Object({
  id: Type.String(),
  startedAt: Instant,
  finishedAt: Nullable(Instant),
  trigger: Trigger,
});

export const AssessmentOut = Type.Object({
  generatedAt: Instant,
  run: Nullable(RunRef),
  totals: Totals,
  clauses: Type.Array(ClauseAssessmentOut),
  checks: Type.Array(CheckInfoOut),
  policy: PolicyOut,
});

/** The GRC export (docs/compliance-format.md): the assessment wrapped with a format marker. */
export const ExportOut = Type.Object({
  format: Type.Literal('pva-compliance-assessment'),
  version: Type.Literal(1),
  standard: Type.Literal('ISO/IEC 27017:2015'),
  assessment: AssessmentOut,
});

export const RunSummaryOut = Type.Composite([
  RunRef,
  Type.Object({
    startedBy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    totals: Totals,
    statuses: Type.Record(Type.String(), CheckStatusOut, { description: 'checkId -> status in this run' }),
  }),
]);

export const RunsQuery = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 400, description: 'Runs of the last N days (30)' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, description: 'At most (500)' })),
  },
  { additionalProperties: false },
);

export const RunsOut = Type.Object({
  checks: Type.Array(CheckInfoOut),
  runs: Type.Array(RunSummaryOut, { description: 'Oldest first, for a history chart' }),
});

export const CheckParams = Type.Object({
  checkId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9.\\-]*$' }),
});

export const CheckDetailOut = Type.Object({
  check: CheckInfoOut,
  result: Nullable(CheckResultOut),
  history: Type.Array(Type.Object({ runId: Type.String(), checkedAt: Instant, status: CheckStatusOut }), {
    description: 'Latest 100 results of this check, oldest first',
  }),
});

export const ClauseParams = Type.Object({
  clause: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9.\\-]*$' }),
});

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

export const StatementBody = Type.Object({ ja: Text(8000), en: Text(8000) }, { additionalProperties: false });

export const PolicyBody = Type.Object(
  {
    text: Type.Object({ ja: Text(20000), en: Text(20000) }, { additionalProperties: false }),
    url: Nullable(Type.String({ maxLength: 2000, pattern: '^https?://\\S+$' })),
  },
  { additionalProperties: false },
);

export const PolicyDetailOut = Type.Composite([
  PolicyOut,
  Type.Object({
    edited: Type.Boolean(),
    updatedAt: Nullable(Instant),
    updatedBy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    default: PolicyOut,
  }),
]);
