import { Type, type Static } from '@sinclair/typebox';
import { AppError, notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { wakeWorkers } from '../../jobs/queue.ts';
import { afterCommit } from '../../db/context.ts';
import { formatInstant } from '../../lib/time.ts';
import { getMail, listMail, mailCounts, retryMail, type MailRow } from './mail-repository.ts';
import { retentionPolicy } from './retention.ts';

const TAGS = ['mail'];
const StatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const MailOut = Type.Object({
  id: Type.Integer(),
  tenantId: Nullable(Type.String()),
  tenantCode: Nullable(Type.String()),
  recipient: Type.String(),
  subject: Type.String(),
  status: StatusSchema,
  attempts: Type.Integer(),
  messageId: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  failure: Type.Union([Type.Literal('permanent'), Type.Literal('expired'), Type.Null()]),
  createdAt: Type.String({ description: 'JST, +09:00' }),
  nextAttemptAt: Nullable(Type.String({ description: 'pending: when the next attempt is due' })),
  lastAttemptAt: Nullable(Type.String()),
  sentAt: Nullable(Type.String()),
  failedAt: Nullable(Type.String()),
});
const MailDetail = Type.Intersect([MailOut, Type.Object({ body: Type.String() })]);
const MailList = Type.Object({
  counts: Type.Object({
    pending: Type.Integer(),
    sending: Type.Integer(),
    sent: Type.Integer(),
    failed: Type.Integer(),
  }),
  messages: Type.Array(MailOut),
});
const ListQuery = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    tenantId: Type.Optional(Type.String({ format: 'uuid' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the recipient or the subject' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }) });
const RetentionOut = Type.Array(
  Type.Object({
    kind: Type.String(),
    store: Type.Union([Type.Literal('ops'), Type.Literal('customer')]),
    days: Type.Integer({ description: '0: kept for good' }),
    key: Nullable(Type.String()),
    enforcedBy: Nullable(Type.String({ description: 'the job that deletes what is past its time' })),
    minimumDays: Type.Union([Type.Integer(), Type.Null()]),
  }),
);

const t = (d: Date | null) => (d ? formatInstant(d) : null);
const mailOut = (m: MailRow): Static<typeof MailOut> => ({
  id: m.id,
  tenantId: m.tenant_id,
  tenantCode: m.tenant_code,
  recipient: m.recipient,
  subject: m.subject,
  status: m.status,
  attempts: m.attempts,
  messageId: m.message_id,
  lastError: m.last_error,
  failure: m.failure,
  createdAt: formatInstant(m.created_at),
  nextAttemptAt: m.status === 'pending' ? t(m.next_attempt_at) : null,
  lastAttemptAt: t(m.last_attempt_at),
  sentAt: t(m.sent_at),
  failedAt: t(m.failed_at),
});

/** Mail delivery state for staff (every read audited: addresses and bodies are customer data) and the retention policy. */
export function mailRoutes(app: App): void {
  app.get(
    '/api/v1/mail',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'listMail',
        tags: TAGS,
        summary: 'Outgoing email and its delivery state (queued, sending, sent, failed), newest first',
        querystring: ListQuery,
        response: { 200: MailList },
      },
    },
    async (req) => ({
      counts: await mailCounts(),
      messages: (
        await listMail({
          status: req.query.status,
          tenantId: req.query.tenantId,
          q: req.query.q?.trim() || undefined,
          limit: req.query.limit ?? 100,
          offset: req.query.offset ?? 0,
        })
      ).map(mailOut),
    }),
  );

  app.get(
    '/api/v1/mail/:id',
    {
      config: { auth: 'tenants.read', customerData: true },
      schema: {
        operationId: 'getMail',
        tags: TAGS,
        summary: 'One outgoing email with its text',
        params: IdParams,
        response: { 200: MailDetail },
      },
    },
    async (req) => {
      const m = await getMail(req.params.id);
      if (!m) throw notFound();
      return { ...mailOut(m), body: m.body };
    },
  );

  app.post(
    '/api/v1/mail/:id/retry',
    {
      config: { auth: 'mail.manage', action: 'mail.retry' },
      schema: {
        operationId: 'retryMail',
        tags: TAGS,
        summary: 'Queue a failed email again: the same message, with the same Message-ID',
        params: IdParams,
        response: { 200: MailOut },
      },
    },
    async (req) => {
      const before = await getMail(req.params.id);
      if (!before) throw notFound();
      if (!(await retryMail(before.id)))
        throw new AppError('conflict', {
          detail: { ja: '失敗したメールだけを再送できます。', en: 'Only a failed email can be sent again.' },
        });
      afterCommit(wakeWorkers);
      await auditRequest(req, {
        action: 'mail.retry',
        tenantId: before.tenant_id,
        targetType: 'outbox',
        targetId: String(before.id),
        summary: { messageId: before.message_id, failure: before.failure, attempts: before.attempts },
      });
      return mailOut((await getMail(before.id))!);
    },
  );

  app.get(
    '/api/v1/retention',
    {
      config: { auth: 'tenants.read' },
      schema: {
        operationId: 'getRetentionPolicy',
        tags: ['retention'],
        summary: 'How long each kind of record is kept, and which job enforces it (18.1.3)',
        response: { 200: RetentionOut },
      },
    },
    async () => retentionPolicy(app.pva.config),
  );
}
