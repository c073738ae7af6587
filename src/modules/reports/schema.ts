import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import type { AttachmentRow, ReportEvent, ReportRow } from './repository.ts';

export const TITLE_MAX = 200;
export const TEXT_MAX = 10_000;
export const COMMENT_MAX = 5000;

export const CategorySchema = Type.Union(
  [
    Type.Literal('security_incident'),
    Type.Literal('outage'),
    Type.Literal('suspected_misuse'),
    Type.Literal('other'),
  ],
  { description: 'security_incident, outage, suspected_misuse (of the service by someone), other' },
);
export const StatusSchema = Type.Union(
  [
    Type.Literal('received'),
    Type.Literal('triaged'),
    Type.Literal('investigating'),
    Type.Literal('resolved'),
    Type.Literal('closed'),
  ],
  { description: 'received → triaged → investigating → resolved → closed (staff may close from any state)' },
);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const AttachmentParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  attachmentId: Type.String({ format: 'uuid' }),
});

const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
};
export const ListQuery = Type.Object(
  { status: Type.Optional(StatusSchema), ...Paging },
  { additionalProperties: false },
);
export const MgmtListQuery = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    tenantId: Type.Optional(Type.String({ format: 'uuid' })),
    assignedTo: Type.Optional(
      Type.String({ format: 'uuid', description: 'Only reports assigned to this staff member' }),
    ),
    ...Paging,
  },
  { additionalProperties: false },
);

export const AttachmentIn = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.String({
      maxLength: 100,
      description:
        'One of text/plain, text/csv, application/json, application/pdf, image/png, image/jpeg, application/zip, message/rfc822, application/vnd.tcpdump.pcap',
    }),
    contentBase64: Type.String({ description: 'The file, base64 (RFC 4648, no line breaks)' }),
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    category: CategorySchema,
    title: Type.String({ minLength: 1, maxLength: TITLE_MAX, description: 'A one-line summary' }),
    description: Type.String({
      minLength: 1,
      maxLength: TEXT_MAX,
      description: 'What happened, when (JST) and what you observed',
    }),
    serviceCodes: Type.Optional(
      Type.Array(Type.String({ maxLength: 40 }), {
        maxItems: 50,
        description: 'Affected service codes of your tenant (an unknown or foreign code is 422)',
      }),
    ),
    attachments: Type.Optional(
      Type.Array(AttachmentIn, {
        maxItems: 20,
        description: 'Files (size and count limits: GET /api/v1/event-report-limits)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateBodyT = Static<typeof CreateBody>;

export const CommentBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: COMMENT_MAX }) },
  { additionalProperties: false },
);
export const StaffCommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: COMMENT_MAX }),
    internal: Type.Optional(
      Type.Boolean({
        description: 'true: an internal note the customer never sees; false: a comment to the customer',
      }),
    ),
  },
  { additionalProperties: false },
);
export const StatusBody = Type.Object(
  {
    status: StatusSchema,
    comment: Type.Optional(
      Type.String({ maxLength: COMMENT_MAX, description: 'Shown to the customer with the new status' }),
    ),
  },
  { additionalProperties: false },
);
export const AssignBody = Type.Object(
  { staffId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) },
  { additionalProperties: false },
);

export const Limits = Type.Object({
  attachmentMaxBytes: Type.Integer(),
  attachmentMaxFiles: Type.Integer(),
  contentTypes: Type.Array(Type.String()),
});

const Service = Type.Object({ id: Type.String(), code: Type.String(), label: Type.String() });
export const AttachmentOut = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  /** false once the retention job removed the content */
  available: Type.Boolean(),
  createdAt: Type.String(),
});
export const ReportOut = Type.Object({
  id: Type.String(),
  number: Type.String(),
  category: CategorySchema,
  title: Type.String(),
  status: StatusSchema,
  services: Type.Array(Service),
  reporterName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ description: 'JST, +09:00' }),
  updatedAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  // staff only
  tenantId: Type.Optional(Type.String()),
  tenantCode: Type.Optional(Type.String()),
  tenantName: Type.Optional(Type.String()),
  assignedTo: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  assigneeName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export const EventOut = Type.Object({
  id: Type.String(),
  at: Type.String(),
  kind: Type.Union([
    Type.Literal('submitted'),
    Type.Literal('status'),
    Type.Literal('comment'),
    Type.Literal('assigned'),
    Type.Literal('attachments_purged'),
    Type.Literal('note'),
  ]),
  actorKind: Type.Union([Type.Literal('customer'), Type.Literal('staff'), Type.Literal('system')]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.Union([Type.String(), Type.Null()]),
  body: Type.Union([Type.String(), Type.Null()]),
  /** true: an internal note (staff only) */
  internal: Type.Boolean(),
});
export const ReportDetail = Type.Intersect([
  ReportOut,
  Type.Object({
    description: Type.String(),
    attachments: Type.Array(AttachmentOut),
    timeline: Type.Array(EventOut),
  }),
]);
export const Assignee = Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() });

export function reportOut(r: ReportRow, forStaff: boolean): Static<typeof ReportOut> {
  return {
    id: r.id,
    number: r.number,
    category: r.category,
    title: r.title,
    status: r.status,
    services: r.services,
    reporterName: r.reporter_name,
    createdAt: formatInstant(r.created_at),
    updatedAt: formatInstant(r.updated_at),
    closedAt: r.closed_at ? formatInstant(r.closed_at) : null,
    ...(forStaff
      ? {
          tenantId: r.tenant_id,
          tenantCode: r.tenant_code,
          tenantName: r.tenant_name,
          assignedTo: r.assigned_to,
          assigneeName: r.assignee_name,
        }
      : {}),
  };
}

export const attachmentOut = (a: AttachmentRow): Static<typeof AttachmentOut> => ({
  id: a.id,
  filename: a.filename,
  contentType: a.content_type,
  size: a.size,
  sha256: a.sha256,
  available: a.purged_at === null,
  createdAt: formatInstant(a.created_at),
});

export const eventOut = (e: ReportEvent): Static<typeof EventOut> => ({
  id: e.id,
  at: formatInstant(e.at),
  kind: e.kind,
  actorKind: e.actor_kind,
  actorName: e.actor_name,
  fromStatus: e.from_status,
  toStatus: e.to_status,
  body: e.body,
  internal: e.kind === 'note',
});
