import { Type, type Static } from '@sinclair/typebox';

export const TITLE_MAX = 200;
export const TEXT_MAX = 10_000;

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);

export const Bilingual = (max: number, min = 1, description?: string) =>
  Type.Object(
    {
      ja: Type.String({ minLength: min, maxLength: max }),
      en: Type.String({ minLength: min, maxLength: max }),
    },
    { additionalProperties: false, ...(description ? { description } : {}) },
  );

export const AnnouncementKindSchema = Type.Union([
  Type.Literal('maintenance'),
  Type.Literal('service_change'),
  Type.Literal('information'),
]);
export const KindSchema = Type.Union([
  Type.Literal('maintenance'),
  Type.Literal('service_change'),
  Type.Literal('information'),
  Type.Literal('incident'),
]);
export const SeveritySchema = Type.Union([
  Type.Literal('critical'),
  Type.Literal('major'),
  Type.Literal('minor'),
]);
export const AnnouncementStatusSchema = Type.Union([
  Type.Literal('draft'),
  Type.Literal('published'),
  Type.Literal('cancelled'),
  Type.Literal('completed'),
]);
export const IncidentStatusSchema = Type.Union([
  Type.Literal('investigating'),
  Type.Literal('identified'),
  Type.Literal('monitoring'),
  Type.Literal('resolved'),
]);
export const StatusSchema = Type.Union([AnnouncementStatusSchema, IncidentStatusSchema]);
const ServiceType = Type.Union([Type.Literal('ipsec'), Type.Literal('direct'), Type.Literal('option')]);

const Ids = (description: string) => Type.Optional(Type.Array(Uuid, { maxItems: 500, description }));
export const TargetBody = Type.Object(
  {
    popIds: Ids('Every connection in these PoPs'),
    deviceIds: Ids('Every connection on these devices (e.g. one PE)'),
    portIds: Ids('Every connection on these ports'),
    serviceTypes: Type.Optional(
      Type.Array(ServiceType, { maxItems: 3, description: 'Every service of these types' }),
    ),
    tenantIds: Ids('These customers, with all their services'),
  },
  { additionalProperties: false, description: 'What is affected; PVA derives the tenants and services' },
);
export type TargetBodyT = Static<typeof TargetBody>;

export const IdParams = Type.Object({ id: Uuid });
export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
};
export const AnnouncementListQuery = Type.Object(
  { status: Type.Optional(AnnouncementStatusSchema), ...Paging },
  { additionalProperties: false },
);
export const IncidentListQuery = Type.Object(
  { status: Type.Optional(IncidentStatusSchema), ...Paging },
  { additionalProperties: false },
);

export const PreviewBody = Type.Object({ target: TargetBody }, { additionalProperties: false });

export const AnnouncementBody = Type.Object(
  {
    kind: AnnouncementKindSchema,
    title: Bilingual(TITLE_MAX),
    body: Bilingual(TEXT_MAX),
    windowStart: Type.Optional(
      Type.Union([Instant, Type.Null()], {
        description: 'Start of the maintenance window, with its offset (e.g. 2026-12-08T02:00:00+09:00)',
      }),
    ),
    windowEnd: Type.Optional(Type.Union([Instant, Type.Null()], { description: 'End of the window' })),
    target: TargetBody,
  },
  { additionalProperties: false },
);
export type AnnouncementBodyT = Static<typeof AnnouncementBody>;

export const AnnouncementPatch = Type.Object(
  {
    title: Type.Optional(Bilingual(TITLE_MAX)),
    body: Type.Optional(Bilingual(TEXT_MAX)),
    windowStart: Type.Optional(Type.Union([Instant, Type.Null()])),
    windowEnd: Type.Optional(Type.Union([Instant, Type.Null()])),
    target: Type.Optional(TargetBody),
    note: Type.Optional(
      Bilingual(TEXT_MAX, 1, 'A published announcement: what changed (sent with the update email)'),
    ),
  },
  { additionalProperties: false },
);
export type AnnouncementPatchT = Static<typeof AnnouncementPatch>;

export const NoteBody = Type.Object(
  { note: Type.Optional(Bilingual(TEXT_MAX, 1, 'Sent with the email')) },
  { additionalProperties: false },
);

export const IncidentBody = Type.Object(
  {
    severity: SeveritySchema,
    title: Bilingual(TITLE_MAX),
    body: Bilingual(TEXT_MAX, 1, 'What is happening and what customers may notice'),
    startedAt: Type.Optional(Instant),
    target: TargetBody,
  },
  { additionalProperties: false },
);
export type IncidentBodyT = Static<typeof IncidentBody>;

export const IncidentUpdateBody = Type.Object(
  {
    status: Type.Union([
      Type.Literal('investigating'),
      Type.Literal('identified'),
      Type.Literal('monitoring'),
    ]),
    text: Bilingual(TEXT_MAX, 1, 'The update, as customers will read it'),
  },
  { additionalProperties: false },
);
export type IncidentUpdateBodyT = Static<typeof IncidentUpdateBody>;

export const ReportSchema = Type.Object(
  { cause: Bilingual(TEXT_MAX), actions: Bilingual(TEXT_MAX), prevention: Bilingual(TEXT_MAX) },
  { additionalProperties: false },
);
export const ResolveBody = Type.Object(
  {
    report: ReportSchema,
    endedAt: Type.Optional(Instant),
    note: Type.Optional(Bilingual(TEXT_MAX)),
  },
  { additionalProperties: false },
);
export type ResolveBodyT = Static<typeof ResolveBody>;

const Text = Type.Object({ ja: Type.String(), en: Type.String() });
const Person = Type.Union([
  Type.Object({ id: Type.Union([Uuid, Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }),
  Type.Null(),
]);

export const AffectedOut = Type.Array(
  Type.Object({
    tenant: Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }),
    services: Type.Array(Type.Object({ id: Uuid, code: Type.String(), type: Type.String() })),
  }),
);

export const TargetOut = Type.Object({
  popIds: Type.Array(Uuid),
  deviceIds: Type.Array(Uuid),
  portIds: Type.Array(Uuid),
  serviceTypes: Type.Array(Type.String()),
  tenantIds: Type.Array(Uuid),
});

export const NoticeOut = Type.Object({
  owner: Type.Literal('provider', { description: 'Written by the provider (8.1.1)' }),
  id: Uuid,
  number: Type.String({ description: 'ANN-2026-000001 or INC-2026-000001' }),
  kind: KindSchema,
  severity: Type.Union([SeveritySchema, Type.Null()]),
  status: StatusSchema,
  title: Text,
  body: Text,
  windowStart: NullableInstant,
  windowEnd: NullableInstant,
  target: TargetOut,
  sequence: Type.Integer(),
  report: Type.Union([Type.Object({ cause: Text, actions: Text, prevention: Text }), Type.Null()]),
  createdBy: Person,
  publishedAt: NullableInstant,
  closedAt: NullableInstant,
  createdAt: Instant,
  updatedAt: Instant,
});

export const EventOut = Type.Object({
  at: Instant,
  kind: Type.String({ description: 'published, revised, cancelled, completed, declared, update, resolved' }),
  status: StatusSchema,
  text: Text,
  staff: Person,
  emails: Type.Integer({ description: 'Emails queued by this step' }),
});

export const RecipientOut = Type.Object({
  tenant: Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }),
  services: Type.Array(Type.Object({ id: Uuid, code: Type.String(), type: Type.String() })),
  notifiedAt: Instant,
  acknowledgedAt: NullableInstant,
  acknowledgedBy: Person,
});

export const NoticeDetail = Type.Composite([
  NoticeOut,
  Type.Object({
    timeline: Type.Array(EventOut),
    recipients: Type.Array(RecipientOut, { description: 'Whom it reached (empty for a draft)' }),
    affected: Type.Union([AffectedOut, Type.Null()], {
      description: 'A draft: whom it would reach if published now',
    }),
  }),
]);

// ---- portal

export const PortalListQuery = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Literal('announcement'), Type.Literal('incident')])),
    unread: Type.Optional(Type.Boolean()),
    ...Paging,
  },
  { additionalProperties: false },
);

export const PortalNoticeOut = Type.Object({
  owner: Type.Literal('provider'),
  id: Uuid,
  number: Type.String(),
  kind: KindSchema,
  severity: Type.Union([SeveritySchema, Type.Null()]),
  status: StatusSchema,
  title: Text,
  body: Text,
  windowStart: NullableInstant,
  windowEnd: NullableInstant,
  services: Type.Array(
    Type.Object({ id: Uuid, code: Type.String(), label: Type.String(), type: Type.String() }),
    { description: 'Your affected services, with your labels' },
  ),
  report: Type.Union([Type.Object({ cause: Text, actions: Text, prevention: Text }), Type.Null()]),
  notifiedAt: Instant,
  updatedAt: Instant,
  read: Type.Boolean({ description: 'Whether you have read it' }),
  acknowledgement: Type.Union([
    Type.Object({ at: Instant, by: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
});
export const PortalNoticeDetail = Type.Composite([
  PortalNoticeOut,
  Type.Object({
    timeline: Type.Array(Type.Object({ at: Instant, kind: Type.String(), status: StatusSchema, text: Text })),
  }),
]);
export const UnreadOut = Type.Object({ unread: Type.Integer() });

export const FeedTokenOut = Type.Object({
  token: Type.Union([
    Type.Object({
      id: Uuid,
      createdAt: Instant,
      createdBy: Type.Union([Type.String(), Type.Null()]),
      lastUsedAt: NullableInstant,
    }),
    Type.Null(),
  ]),
});
export const FeedTokenCreated = Type.Object({
  id: Uuid,
  url: Type.String({ description: 'The feed URL with its secret; shown once' }),
  secret: Type.String(),
});
export const FeedParams = Type.Object({ file: Type.String({ maxLength: 200 }) });
export const FeedQuery = Type.Object(
  { tz: Type.Optional(Type.Union([Type.Literal('utc'), Type.Literal('tokyo')])) },
  { additionalProperties: false },
);
