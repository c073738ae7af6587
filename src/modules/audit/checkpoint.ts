import { existsSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { canonicalJson, signBytes, signingKey, verifyBytes, keyIdOf } from '../signing/key.ts';
import { GENESIS_HASH } from './chain.ts';
import * as repo from './checkpoint-repository.ts';
import { merkleRoot } from './merkle.ts';
import { readHead } from './repository.ts';
import { recordAudit } from './service.ts';

/**
 * Signed checkpoints of the audit chain (docs/audit-format.md, docs/evidence-format.md). Each one
 * signs the chain head and the Merkle root over the record hashes since the previous checkpoint,
 * so that whoever can rewrite the database still cannot rewrite history without the signing key,
 * and a tenant can be shown its own records' inclusion without seeing anyone else's.
 */

export const CHECKPOINT_FORMAT = 'pva-audit-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** The signed statement: its canonical JSON (UTF-8) is what the Ed25519 signature covers. */
export interface CheckpointStatement {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  seq: number;
  from_seq: number;
  tree_size: number;
  hash: string;
  prev_hash: string;
  merkle_root: string;
  at: string;
  key_id: string;
}

export const statementOf = (c: repo.CheckpointRow): CheckpointStatement => ({
  format: CHECKPOINT_FORMAT,
  version: CHECKPOINT_VERSION,
  seq: c.seq,
  from_seq: c.from_seq,
  tree_size: c.seq - c.from_seq + 1,
  hash: c.hash,
  prev_hash: c.prev_hash,
  merkle_root: c.merkle_root,
  at: c.at.toISOString(),
  key_id: c.key_id,
});

/**
 * Signs a checkpoint over every record since the last one, inside the ambient (system)
 * transaction; returns null when no record was added since. The checkpoint itself is audited.
 */
export async function createCheckpoint(
  config: Pick<Config, 'signingKeyFile'>,
  reason: 'scheduled' | 'on_demand' | 'evidence',
): Promise<repo.CheckpointRow | null> {
  await repo.lockCheckpoints();
  const head = await readHead();
  const seq = Number(head.seq);
  const last = await repo.lastCheckpoint();
  const fromSeq = (last?.seq ?? 0) + 1;
  if (seq < fromSeq) return null;
  const hashes = await repo.recordHashes(fromSeq, seq);
  if (hashes[hashes.length - 1] !== head.hash)
    throw new Error('the audit chain head does not match its last record');
  const key = signingKey(config);
  const row: repo.CheckpointRow = {
    seq,
    from_seq: fromSeq,
    hash: head.hash,
    prev_hash: last?.hash ?? GENESIS_HASH,
    merkle_root: merkleRoot(hashes),
    at: new Date(),
    key_id: key.keyId,
    public_key: key.publicKeySpki,
    statement: '',
    signature: '',
  };
  row.statement = canonicalJson(statementOf(row));
  row.signature = signBytes(key, Buffer.from(row.statement, 'utf8'));
  await repo.insertCheckpoint(row);
  await recordAudit({
    action: 'audit.checkpoint',
    targetType: 'audit_checkpoint',
    targetId: String(seq),
    summary: { seq, fromSeq, merkleRoot: row.merkle_root, keyId: key.keyId, reason },
  });
  return row;
}

export interface CheckpointVerifyResult {
  ok: boolean;
  checkpoints: number;
  problem: string | null;
}

/**
 * Checks every checkpoint against the chain: contiguous ranges, the signed statement equal to the
 * row, the signature valid for the stored key (and that key the one configured now, if given),
 * `hash` and `prev_hash` equal to the chain's, and the Merkle root recomputed from the records.
 */
export async function verifyCheckpoints(currentKeyId?: string): Promise<CheckpointVerifyResult> {
  let n = 0;
  let prev: repo.CheckpointRow | null = null;
  const fail = (c: repo.CheckpointRow, problem: string): CheckpointVerifyResult => ({
    ok: false,
    checkpoints: n,
    problem: `checkpoint at record ${c.seq}: ${problem}`,
  });
  for (;;) {
    const page = await repo.checkpointsAfter(prev?.seq ?? 0, 200);
    if (page.length === 0) break;
    for (const c of page) {
      const expectedFrom = (prev?.seq ?? 0) + 1;
      if (c.from_seq !== expectedFrom)
        return fail(
          c,
          `it starts at record ${c.from_seq}, but the previous checkpoint ends at ${expectedFrom - 1}`,
        );
      if (c.statement !== canonicalJson(statementOf(c)))
        return fail(c, 'its signed statement differs from its stored fields');
      if (keyIdOf(Buffer.from(c.public_key, 'base64')) !== c.key_id)
        return fail(c, `its key id ${c.key_id} does not belong to its public key`);
      if (!verifyBytes(c.public_key, Buffer.from(c.statement, 'utf8'), c.signature))
        return fail(c, 'its signature does not verify');
      if (currentKeyId && c.key_id !== currentKeyId)
        return fail(c, `it was signed by key ${c.key_id}, not by the configured signing key ${currentKeyId}`);
      const prevHash = c.from_seq === 1 ? GENESIS_HASH : await repo.recordHash(c.from_seq - 1);
      if (c.prev_hash !== prevHash)
        return fail(c, `its prev_hash differs from the hash of record ${c.from_seq - 1}`);
      let hashes: string[];
      try {
        hashes = await repo.recordHashes(c.from_seq, c.seq);
      } catch {
        return fail(c, `records ${c.from_seq}-${c.seq} it covers are missing`);
      }
      if (hashes[hashes.length - 1] !== c.hash)
        return fail(c, `its hash differs from the hash of record ${c.seq}`);
      if (merkleRoot(hashes) !== c.merkle_root)
        return fail(c, `its Merkle root does not match records ${c.from_seq}-${c.seq}`);
      prev = c;
      n++;
    }
  }
  return { ok: true, checkpoints: n, problem: null };
}

/** The key id of the configured signing key, or undefined when its file does not exist (yet). */
export function configuredKeyId(config: Pick<Config, 'signingKeyFile'>): string | undefined {
  return existsSync(config.signingKeyFile) ? signingKey(config).keyId : undefined;
}
