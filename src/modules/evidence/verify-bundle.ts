import { createHash } from 'node:crypto';
import { canonical } from '../audit/chain.ts';
import { verifyInclusion } from '../audit/merkle.ts';
import { keyIdOf, verifyBytes } from '../signing/key.ts';
import {
  BUNDLE_FORMAT,
  MANIFEST,
  MANIFEST_SIG,
  PROOF,
  PROOF_FORMAT,
  recordFile,
  type Manifest,
  type ManifestSignature,
  type Proof,
} from './format.ts';
import { readTar } from './tar.ts';

/**
 * Offline verification of an evidence bundle (`pva evidence verify`), using nothing but the
 * bundle (and optionally a pinned public key): the manifest signature, every file's SHA-256,
 * every record line, and the audit records' inclusion in signed checkpoints. Every problem is
 * reported with the file and record it concerns.
 */
export interface BundleVerification {
  ok: boolean;
  keyId: string | null;
  number: string | null;
  counts: Record<string, number>;
  checkpoints: number;
  problems: string[];
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const HEX64 = /^[0-9a-f]{64}$/;

function parseJson<T>(name: string, b: Buffer | undefined, problems: string[]): T | null {
  if (!b) {
    problems.push(`${name}: missing from the bundle`);
    return null;
  }
  try {
    return JSON.parse(b.toString('utf8')) as T;
  } catch {
    problems.push(`${name}: not valid JSON`);
    return null;
  }
}

/** Lines of a JSON-lines file: every line ends with "\n"; an empty file has none. */
function linesOf(b: Buffer): string[] {
  const s = b.toString('utf8');
  if (s === '') return [];
  const parts = s.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export function verifyBundle(bundle: Buffer, opts: { publicKey?: string } = {}): BundleVerification {
  const problems: string[] = [];
  const res: BundleVerification = {
    ok: false,
    keyId: null,
    number: null,
    counts: {},
    checkpoints: 0,
    problems,
  };
  let entries;
  try {
    entries = readTar(bundle);
  } catch (e) {
    problems.push(`the bundle is not a readable archive: ${(e as Error).message}`);
    return res;
  }
  const files = new Map<string, Buffer>();
  for (const e of entries) {
    if (files.has(e.name)) problems.push(`${e.name}: present twice`);
    files.set(e.name, e.content);
  }
  const manifestBytes = files.get(MANIFEST);
  const manifest = parseJson<Manifest>(MANIFEST, manifestBytes, problems);
  const sig = parseJson<ManifestSignature>(MANIFEST_SIG, files.get(MANIFEST_SIG), problems);
  if (!manifest || !sig || !manifestBytes) return res;
  res.number = typeof manifest.number === 'string' ? manifest.number : null;

  // 1. the signature, by the embedded key (which must be the pinned one when given)
  if (typeof sig.public_key !== 'string' || typeof sig.signature !== 'string') {
    problems.push(`${MANIFEST_SIG}: no public key or signature`);
    return res;
  }
  const keyId = keyIdOf(Buffer.from(sig.public_key, 'base64'));
  res.keyId = keyId;
  if (sig.key_id !== keyId)
    problems.push(`${MANIFEST_SIG}: key id ${sig.key_id} does not belong to its public key (${keyId})`);
  if (opts.publicKey !== undefined && opts.publicKey !== sig.public_key)
    problems.push(
      `${MANIFEST_SIG}: signed by key ${keyId}, not by the pinned public key ${keyIdOf(Buffer.from(opts.publicKey, 'base64'))}`,
    );
  if (!verifyBytes(sig.public_key, manifestBytes, sig.signature))
    problems.push(`${MANIFEST}: the signature does not verify (the manifest or ${MANIFEST_SIG} was altered)`);
  if (manifest.format !== BUNDLE_FORMAT) problems.push(`${MANIFEST}: not a pva-evidence-bundle manifest`);
  if (manifest.key_id !== keyId || manifest.public_key !== sig.public_key)
    problems.push(`${MANIFEST}: names another key than ${MANIFEST_SIG}`);
  if (!Array.isArray(manifest.files)) {
    problems.push(`${MANIFEST}: no file list`);
    return res;
  }

  // 2. every file: present, listed, SHA-256 and size; records line by line
  const listed = new Set<string>([MANIFEST, MANIFEST_SIG]);
  for (const f of manifest.files) {
    listed.add(f.path);
    const content = files.get(f.path);
    if (!content) {
      problems.push(`${f.path}: missing from the bundle`);
      continue;
    }
    const fileOk = sha256(content) === f.sha256 && content.length === f.bytes;
    if (f.records) {
      const lines = linesOf(content);
      const lineHashes = lines.map((l) => sha256(l));
      res.counts[f.path] = lines.length;
      const present = new Set(lineHashes);
      const expected = new Set(f.records.map((r) => r.sha256));
      const sameCount = lines.length === f.records.length;
      f.records.forEach((r, i) => {
        if (present.has(r.sha256)) return;
        problems.push(
          sameCount && !expected.has(lineHashes[i]!)
            ? `${f.path}: record ${r.id} (line ${i + 1}) was altered`
            : `${f.path}: record ${r.id} is missing (removed)`,
        );
      });
      lineHashes.forEach((h, i) => {
        if (!expected.has(h) && !(sameCount && !present.has(f.records![i]!.sha256)))
          problems.push(`${f.path}: line ${i + 1} is not a record of the manifest (added)`);
      });
      if (!fileOk && problems.every((p) => !p.startsWith(`${f.path}:`)))
        problems.push(
          `${f.path}: its SHA-256 differs from the manifest (records reordered or the file altered)`,
        );
    } else if (!fileOk) {
      problems.push(`${f.path}: its SHA-256 differs from the manifest (the file was altered)`);
    }
  }
  for (const name of files.keys())
    if (!listed.has(name)) problems.push(`${name}: not listed in the manifest`);

  // 3. the audit records' proofs against signed checkpoints
  if (manifest.kinds?.includes('audit')) verifyAuditProofs(files, keyId, res);
  res.ok = problems.length === 0;
  return res;
}

interface Statement {
  format: string;
  seq: number;
  from_seq: number;
  tree_size: number;
  hash: string;
  merkle_root: string;
  key_id: string;
}

function verifyAuditProofs(files: Map<string, Buffer>, keyId: string, res: BundleVerification): void {
  const problems = res.problems;
  const proof = parseJson<Proof>(PROOF, files.get(PROOF), problems);
  const auditFile = recordFile('audit');
  const audit = files.get(auditFile);
  if (!proof || !audit) {
    if (!audit) problems.push(`${auditFile}: missing from the bundle`);
    return;
  }
  if (proof.format !== PROOF_FORMAT || !Array.isArray(proof.checkpoints) || !Array.isArray(proof.records)) {
    problems.push(`${PROOF}: not a ${PROOF_FORMAT} document`);
    return;
  }
  const checkpoints = new Map<number, Statement>();
  for (const c of proof.checkpoints) {
    let s: Statement;
    try {
      s = JSON.parse(c.statement) as Statement;
    } catch {
      problems.push(`${PROOF}: a checkpoint statement is not JSON`);
      continue;
    }
    const name = `${PROOF}: checkpoint at record ${s.seq}`;
    if (s.format !== 'pva-audit-checkpoint' || canonical(s) !== c.statement)
      problems.push(`${name} is not a canonical checkpoint statement`);
    if (keyIdOf(Buffer.from(c.public_key, 'base64')) !== s.key_id || c.key_id !== s.key_id)
      problems.push(`${name}: its key id does not belong to its public key`);
    else if (s.key_id !== keyId)
      problems.push(`${name}: signed by key ${s.key_id}, not by the bundle's key ${keyId}`);
    if (!verifyBytes(c.public_key, Buffer.from(c.statement, 'utf8'), c.signature))
      problems.push(`${name}: the signature does not verify`);
    if (s.tree_size !== s.seq - s.from_seq + 1)
      problems.push(`${name}: its tree size does not match its range`);
    checkpoints.set(s.seq, s);
  }
  res.checkpoints = checkpoints.size;
  const bySeq = new Map(proof.records.map((p) => [p.seq, p]));
  const seen = new Set<number>();
  linesOf(audit).forEach((line, i) => {
    let rec: { seq?: unknown };
    try {
      rec = JSON.parse(line) as { seq?: unknown };
    } catch {
      problems.push(`${auditFile}: line ${i + 1} is not JSON`);
      return;
    }
    const seq = Number(rec.seq);
    const name = `${auditFile}: record seq:${seq} (line ${i + 1})`;
    seen.add(seq);
    const p = bySeq.get(seq);
    if (!p) return void problems.push(`${name} has no proof in ${PROOF}`);
    const c = checkpoints.get(p.checkpoint_seq);
    if (!c)
      return void problems.push(`${name}: its checkpoint (record ${p.checkpoint_seq}) is not in ${PROOF}`);
    if (canonical(rec) !== line) problems.push(`${name} is not in canonical form`);
    if (!HEX64.test(p.prev_hash))
      return void problems.push(`${PROOF}: record seq:${seq} has no valid prev_hash`);
    const hash = sha256(`${p.prev_hash}\n${line}`);
    if (seq < c.from_seq || seq > c.seq || p.leaf_index !== seq - c.from_seq)
      problems.push(`${name}: outside the range of its checkpoint`);
    else if (!verifyInclusion(hash, p.leaf_index, c.tree_size, p.path, c.merkle_root))
      problems.push(
        `${name}: its hash is not included in the signed checkpoint at record ${c.seq} (the record or its proof was altered)`,
      );
  });
  for (const p of proof.records)
    if (!seen.has(p.seq))
      problems.push(`${auditFile}: record seq:${p.seq} is missing (removed): ${PROOF} proves it`);
}
