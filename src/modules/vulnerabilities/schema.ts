import { Type, type TSchema } from '@sinclair/typebox';

/** Request and response schemas of the vulnerability routes (management listener). */

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T, opts: { description?: string } = {}) =>
  Type.Union([t, Type.Null()], opts);
const Instant = Type.String({ description: 'Date-time in the configured zone with its offset (JST +09:00)' });
/** A string enum whose static type is the union of its values. */
const Lit = <T extends string>(xs: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...xs], ...(description ? { description } : {}) });

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;
export const Severity = Lit(SEVERITIES, 'From the highest CVSS 3.x base score (computed from the vector)');
const State = Lit(
  ['new', 'affected', 'not_affected', 'mitigated', 'fixed'] as const,
  'new: not yet assessed; affected; not_affected and mitigated (with a justification); fixed',
);
const L = <T extends string>(x: T) => Type.Literal(x);
const AssessState = Type.Union([L('affected'), L('not_affected'), L('mitigated'), L('fixed')]);
const SeverityIn = Type.Union([L('critical'), L('high'), L('medium'), L('low'), L('none'), L('unknown')]);

export const AdvisoryParams = Type.Object({ advisoryId: Uuid });
export const MatchParams = Type.Object({ matchId: Uuid });

export const AdvisoriesQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Search id, title and CVE ids' })),
    severity: Type.Optional(SeverityIn),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

export const MatchesQuery = Type.Object(
  {
    advisoryId: Type.Optional(Uuid),
    deviceId: Type.Optional(Uuid),
    itemId: Type.Optional(Uuid),
    open: Type.Optional(
      Type.Boolean({ description: 'Only current matches not assessed away (new or affected)' }),
    ),
    overdue: Type.Optional(Type.Boolean({ description: 'Only open matches past their due date (JST)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Object(
  {
    format: Type.Optional(
      Type.Union([L('csaf'), L('osv')], { description: 'Detected from the document when omitted' }),
    ),
    document: Type.Record(Type.String(), Type.Unknown(), {
      description: 'The CSAF 2.0 or OSV JSON document (as uploaded)',
    }),
  },
  { additionalProperties: false },
);

const Text = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });

export const ManualBody = Type.Object(
  {
    externalId: Type.String({ minLength: 1, maxLength: 200, pattern: '^\\S(.*\\S)?$' }),
    title: Text(500, 1),
    summary: Type.Optional(Text(8000)),
    cves: Type.Optional(Type.Array(Type.String({ pattern: '^CVE-\\d{4}-\\d{4,}$' }), { maxItems: 50 })),
    cvssVector: Type.Optional(Type.String({ maxLength: 200, pattern: '^CVSS:3\\.[01]/' })),
    severity: Type.Optional(
      Type.Union([L('critical'), L('high'), L('medium'), L('low')], {
        description: 'Used when there is no CVSS vector',
      }),
    ),
    products: Type.Array(
      Type.Object(
        {
          vendor: Text(100, 1),
          product: Text(200, 1),
          versions: Type.Optional(
            Type.Array(Text(100, 1), { maxItems: 200, description: 'Exact affected versions' }),
          ),
          range: Type.Optional(
            Type.String({ maxLength: 500, description: 'A vers: range, e.g. vers:generic/>=17.3.0|<17.3.8' }),
          ),
          fixed: Type.Optional(
            Type.Array(Text(100, 1), {
              maxItems: 200,
              description: 'Fixed versions: never matched, even inside the range (e.g. a rebuild 17.3.4a)',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    remediation: Type.Optional(Text(4000)),
    url: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://' })),
    references: Type.Optional(
      Type.Array(
        Type.Object(
          {
            url: Type.String({ maxLength: 2000, pattern: '^https?://' }),
            summary: Type.Optional(Text(200)),
          },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Editing a manual advisory: everything but its id. */
export const ManualUpdateBody = Type.Omit(ManualBody, ['externalId'], { additionalProperties: false });

export const AssessBody = Type.Object(
  {
    state: AssessState,
    justification: Type.Optional(Text(4000)),
    changeId: Type.Optional(Nullable(Uuid)),
    dueDate: Type.Optional(Type.String({ format: 'date', description: 'Override the due date (JST day)' })),
  },
  { additionalProperties: false },
);

const Staff = Nullable(Type.Object({ id: Type.String(), name: Type.String() }));

export const AdvisoryOut = Type.Object({
  id: Type.String(),
  source: Lit(['csaf', 'osv', 'manual'] as const),
  externalId: Type.String(),
  revision: Type.String(),
  title: Type.String(),
  severity: Severity,
  cvssScore: Nullable(Type.Number()),
  cves: Type.Array(Type.String()),
  publisher: Type.String(),
  publishedAt: Nullable(Instant),
  importedAt: Instant,
  updatedAt: Instant,
  matched: Type.Integer({ description: 'Inventory items currently in its ranges' }),
  open: Type.Integer({ description: 'Of those, not yet assessed away' }),
});

export const MatchOut = Type.Object({
  id: Type.String(),
  advisory: Type.Object({
    id: Type.String(),
    externalId: Type.String(),
    title: Type.String(),
    severity: Severity,
    cvssScore: Nullable(Type.Number()),
  }),
  item: Type.Object({
    kind: Lit(['device', 'component'] as const),
    id: Type.String(),
    deviceId: Nullable(Type.String()),
    label: Type.String(),
    vendor: Type.String(),
    product: Type.String(),
    version: Type.String(),
  }),
  verdict: Lit(['affected', 'undetermined'] as const, 'undetermined: the version could not be ordered'),
  versionSeen: Type.String(),
  current: Type.Boolean({ description: 'false once the item no longer falls in the ranges' }),
  firstMatchedAt: Instant,
  resolvedAt: Nullable(Instant),
  state: State,
  justification: Type.String(),
  assessedAt: Nullable(Instant),
  assessedBy: Staff,
  dueDate: Nullable(Type.String()),
  overdue: Type.Boolean(),
  change: Nullable(Type.Object({ id: Type.String(), number: Type.String() })),
  alertedAt: Nullable(Instant),
});

export const HistoryOut = Type.Object({
  state: AssessState,
  justification: Type.String(),
  change: Nullable(Type.Object({ id: Type.String(), number: Type.String() })),
  dueDate: Nullable(Type.String()),
  assessedBy: Staff,
  assessedAt: Instant,
});

export const MatchDetailOut = Type.Composite([MatchOut, Type.Object({ history: Type.Array(HistoryOut) })]);

export const AdvisoryDetailOut = Type.Composite([
  AdvisoryOut,
  Type.Object({
    summary: Type.String(),
    cvssVector: Nullable(Type.String()),
    modifiedAt: Nullable(Instant),
    origin: Type.String(),
    products: Type.Array(
      Type.Object({
        vendor: Type.String(),
        product: Type.String(),
        versions: Type.String({ description: 'The versions or ranges, e.g. ">=17.3.0, <17.3.8"' }),
        effect: Lit(['affected', 'not_affected'] as const),
      }),
    ),
    remediations: Type.Array(
      Type.Object({ category: Type.String(), details: Type.String(), url: Nullable(Type.String()) }),
    ),
    references: Type.Array(Type.Object({ url: Type.String(), summary: Type.String() })),
    manual: Nullable(ManualBody, {
      description: 'A manually entered advisory as entered (to edit it); null for imported ones',
    }),
    matches: Type.Array(MatchOut),
  }),
]);

export const ImportOut = Type.Object({
  outcome: Lit(
    ['created', 'updated', 'unchanged'] as const,
    'unchanged: the same id and revision were already imported',
  ),
  advisory: AdvisoryOut,
  matched: Type.Integer(),
  added: Type.Integer({ description: 'New matches' }),
});

const Counts = Type.Object({
  critical: Type.Integer(),
  high: Type.Integer(),
  medium: Type.Integer(),
  low: Type.Integer(),
  other: Type.Integer(),
});

export const DashboardOut = Type.Object({
  today: Type.String({ description: 'JST day' }),
  open: Type.Composite([Counts, Type.Object({ total: Type.Integer() })]),
  overdue: Type.Integer(),
  undetermined: Type.Integer(),
  overdueItems: Type.Array(MatchOut),
  trend: Type.Array(
    Type.Composite([Type.Object({ day: Type.String() }), Counts, Type.Object({ overdue: Type.Integer() })]),
  ),
  recentAdvisories: Type.Array(AdvisoryOut),
  feeds: Type.Array(
    Type.Object({
      url: Type.String(),
      lastRunAt: Instant,
      lastOkAt: Nullable(Instant),
      lastError: Nullable(Type.String()),
      imported: Type.Integer(),
    }),
  ),
});

export const RematchOut = Type.Object({
  advisories: Type.Integer(),
  items: Type.Integer(),
  current: Type.Integer(),
  added: Type.Integer(),
  resolved: Type.Integer(),
  emails: Type.Integer(),
});
