import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RatingSchema, SupplierCategorySchema } from './schema.ts';

/** Request and response schemas of the supplier register (15.1.2, 15.1.3). */

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = (description?: string) =>
  Type.String({ format: 'date', maxLength: 10, ...(description ? { description } : {}) });

export const ReviewStateSchema = Type.Union(
  [Type.Literal('ok'), Type.Literal('due_soon'), Type.Literal('overdue'), Type.Literal('unassessed')],
  { description: 'due_soon: the next review is within 30 days (JST calendar)' },
);

export const SuppliersQuery = Type.Object(
  {
    overdue: Type.Optional(Type.Boolean({ description: 'only active suppliers whose review is overdue' })),
    category: Type.Optional(SupplierCategorySchema),
  },
  { additionalProperties: false },
);

export const SupplierOut = Type.Object({
  id: Uuid,
  name: Type.String(),
  category: SupplierCategorySchema,
  supplies: Type.String(),
  contact: Type.String(),
  active: Type.Boolean(),
  rating: Nullable(RatingSchema),
  assessedOn: Nullable(Day()),
  nextReviewOn: Nullable(Day()),
  reviewState: ReviewStateSchema,
  pops: Type.Integer(),
  devices: Type.Integer(),
  agreements: Type.Integer(),
});

const Agreement = Type.Object({
  id: Uuid,
  reference: Type.String(),
  startOn: Day(),
  endOn: Nullable(Day()),
  securityClauses: Type.String(),
});
export const SupplierDetailOut = Type.Object({
  supplier: SupplierOut,
  popLinks: Type.Array(Type.Object({ id: Uuid, code: Type.String() })),
  deviceLinks: Type.Array(Type.Object({ id: Uuid, hostname: Type.String(), status: Type.String() })),
  assessments: Type.Array(
    Type.Object({
      id: Uuid,
      assessedOn: Day(),
      rating: RatingSchema,
      nextReviewOn: Day(),
      notes: Type.String(),
      assessedBy: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
    }),
    { description: 'newest first: the first is the current assessment' },
  ),
  agreementList: Type.Array(Agreement),
});

export const SupplierBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    category: SupplierCategorySchema,
    supplies: Type.Optional(Type.String({ maxLength: 1000, description: 'what they supply' })),
    contact: Type.Optional(Type.String({ maxLength: 500 })),
    active: Type.Optional(Type.Boolean()),
    popIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, description: 'PoPs that depend on them' })),
    deviceIds: Type.Optional(
      Type.Array(Uuid, { maxItems: 1000, description: 'devices that depend on them' }),
    ),
  },
  { additionalProperties: false },
);
export type SupplierBodyT = Static<typeof SupplierBody>;
export const SupplierPatch = Type.Partial(SupplierBody, { additionalProperties: false });
export type SupplierPatchT = Static<typeof SupplierPatch>;

export const AssessmentBody = Type.Object(
  {
    assessedOn: Day('JST calendar day, not in the future'),
    rating: RatingSchema,
    nextReviewOn: Day('after assessedOn'),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type AssessmentBodyT = Static<typeof AssessmentBody>;

export const AgreementBody = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 200 }),
    startOn: Day(),
    endOn: Type.Optional(Nullable(Day())),
    securityClauses: Type.Optional(
      Type.String({ maxLength: 4000, description: 'summary of the information security clauses' }),
    ),
  },
  { additionalProperties: false },
);
export type AgreementBodyT = Static<typeof AgreementBody>;
