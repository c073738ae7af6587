import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import type { CheckpointRow } from '../audit/checkpoint-repository.ts';
import { EVIDENCE_KINDS } from './format.ts';
import type { RequestView } from './repository.ts';

/** Request and response schemas of evidence on request and signed checkpoints (OpenAPI comes from these). */

const Instant = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const Kind = Type.Union([
  Type.Literal('audit'),
  Type.Literal('monitoring'),
  Type.Literal('traffic'),
  Type.Literal('changes'),
  Type.Literal('notices'),
]);
export const Status = Type.Union([
  Type.Literal('submitted'),
  Type.Literal('rejected'),
  Type.Literal('approved'),
  Type.Literal('building'),
  Type.Literal('ready'),
  Type.Literal('failed'),
  Type.Literal('expired'),
]);

export const CreateBody = Type.Object(
  {
    from: Instant('Start of the window (inclusive)'),
    to: Instant('End of the window (exclusive); not in the future'),
    kinds: Type.Array(Kind, {
      minItems: 1,
      maxItems: EVIDENCE_KINDS.length,
      uniqueItems: true,
      description:
        'audit: audit records of your tenant; monitoring: reachability rounds and events; traffic: traffic series of your connections; changes: change requests and provider change records that concerned you; notices: announcements and incidents',
    }),
    purpose: Type.String({
      maxLength: 2000,
      default: '',
      description: 'Why the evidence is needed (e.g. an audit)',
    }),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'Why the request is approved or rejected',
    }),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    status: Type.Optional(Status),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const RequestOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  tenant: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  from: Instant(),
  to: Instant(),
  kinds: Type.Array(Kind),
  purpose: Type.String(),
  status: Status,
  requestedBy: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Instant()),
  decisionReason: Nullable(Type.String()),
  progress: Type.Integer({ minimum: 0, maximum: 100, description: 'Build progress in percent' }),
  phase: Nullable(
    Type.String({
      description:
        'The build phase in hand: checkpoint, audit, proof, monitoring, traffic, changes, notices, package, done',
    }),
  ),
  error: Nullable(Type.String()),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Records per kind in the bundle' }),
  bundle: Type.Union([
    Type.Object({
      name: Type.String(),
      bytes: Type.Integer(),
      sha256: Type.String(),
      expiresAt: Instant('After this the bundle is deleted'),
      checkpointSeq: Type.Integer({ description: 'The signed audit checkpoint the bundle is tied to' }),
    }),
    Type.Null(),
  ]),
  downloads: Type.Integer(),
  createdAt: Instant(),
  updatedAt: Instant(),
});

const at = (d: Date | string | null): string | null => (d ? formatInstant(new Date(d)) : null);

export function requestOut(r: RequestView): Static<typeof RequestOut> {
  return {
    id: r.id,
    number: r.number,
    tenant: { id: r.tenant_id, code: r.tenant_code, name: r.tenant_name },
    from: formatInstant(new Date(r.window_from)),
    to: formatInstant(new Date(r.window_to)),
    kinds: r.kinds,
    purpose: r.purpose,
    status: r.status,
    requestedBy: r.requested_by_name ?? null,
    decidedBy: r.decided_by_name ?? null,
    decidedAt: at(r.decided_at),
    decisionReason: r.decision_reason,
    progress: r.progress,
    phase: r.phase,
    error: r.error,
    counts: (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts) as Record<string, number>,
    bundle:
      r.status === 'ready' && r.bundle_name && r.expires_at
        ? {
            name: r.bundle_name,
            bytes: Number(r.bundle_bytes),
            sha256: r.bundle_sha256 ?? '',
            expiresAt: at(r.expires_at)!,
            checkpointSeq: Number(r.checkpoint_seq),
          }
        : null,
    downloads: r.downloads,
    createdAt: formatInstant(new Date(r.created_at)),
    updatedAt: formatInstant(new Date(r.updated_at)),
  };
}

export const SigningKeyOut = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  keyId: Type.String({ description: '`ed25519:` + the first 16 hex digits of SHA-256 over the SPKI DER' }),
  publicKey: Type.String({ description: 'The public key: SPKI DER, base64' }),
  pem: Type.String({ description: 'The same public key as PEM' }),
});

export const CheckpointOut = Type.Object({
  seq: Type.Integer({ description: 'The last audit record covered (the signed chain head)' }),
  fromSeq: Type.Integer(),
  hash: Type.String(),
  prevHash: Type.String(),
  merkleRoot: Type.String(),
  at: Instant(),
  keyId: Type.String(),
  statement: Type.String({ description: 'The exact signed bytes (canonical JSON)' }),
  signature: Type.String({ description: 'Ed25519 signature over the statement, base64' }),
});

export const checkpointOut = (c: CheckpointRow): Static<typeof CheckpointOut> => ({
  seq: c.seq,
  fromSeq: c.from_seq,
  hash: c.hash,
  prevHash: c.prev_hash,
  merkleRoot: c.merkle_root,
  at: formatInstant(c.at),
  keyId: c.key_id,
  statement: c.statement,
  signature: c.signature,
});
