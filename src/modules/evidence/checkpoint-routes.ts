import { Type } from '@sinclair/typebox';
import { createPublicKey } from 'node:crypto';
import type { App } from '../../app/types.ts';
import { createCheckpoint } from '../audit/checkpoint.ts';
import { lastCheckpoint, listCheckpoints } from '../audit/checkpoint-repository.ts';
import { signingKey } from '../signing/key.ts';
import { CheckpointOut, checkpointOut, SigningKeyOut } from './schema.ts';

/** The published signing key, in the forms a verifier needs; null when no key can be loaded. */
export function publishedKey(
  app: App,
): { algorithm: 'Ed25519'; keyId: string; publicKey: string; pem: string } | null {
  try {
    const k = signingKey(app.pva.config);
    const pem = createPublicKey({ key: Buffer.from(k.publicKeySpki, 'base64'), format: 'der', type: 'spki' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    return { algorithm: 'Ed25519', keyId: k.keyId, publicKey: k.publicKeySpki, pem };
  } catch {
    return null;
  }
}

/** Both listeners, public: the key that signs audit checkpoints and evidence bundles. */
export function signingKeyRoute(app: App): void {
  app.get(
    '/api/v1/signing-key',
    {
      config: { auth: 'public', tx: false },
      schema: {
        operationId: 'getSigningKey',
        tags: ['evidence'],
        summary:
          'The Ed25519 public key that signs audit checkpoints and evidence bundles (also on the service information page)',
        response: { 200: SigningKeyOut },
      },
    },
    async () => {
      const k = publishedKey(app);
      if (!k) throw new Error('the signing key cannot be loaded');
      return k;
    },
  );
}

/** Console: the signed checkpoints of the audit chain, and one made on demand. */
export function checkpointRoutes(app: App): void {
  app.get(
    '/api/v1/audit/checkpoints',
    {
      config: { auth: 'audit.read' },
      schema: {
        operationId: 'listAuditCheckpoints',
        tags: ['audit'],
        summary: 'Signed checkpoints of the audit chain, newest first (made hourly and on demand)',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(CheckpointOut) },
      },
    },
    async (req) => (await listCheckpoints(req.query.limit ?? 50, req.query.beforeSeq)).map(checkpointOut),
  );

  app.post(
    '/api/v1/audit/checkpoints',
    {
      config: { auth: 'audit.read' },
      schema: {
        operationId: 'createAuditCheckpoint',
        tags: ['audit'],
        summary: 'Sign a checkpoint now over every audit record since the last one (audited)',
        response: { 201: CheckpointOut, 200: CheckpointOut },
      },
    },
    async (req, reply) => {
      const made = await createCheckpoint(app.pva.config, 'on_demand');
      req.audited = made !== null;
      const c = made ?? (await lastCheckpoint());
      if (!c) throw new Error('no audit record to sign');
      reply.code(made ? 201 : 200);
      return checkpointOut(c);
    },
  );
}
