/**
 * The evidence bundle format (docs/evidence-format.md): a ustar archive holding
 *   manifest.json       what the bundle is, and SHA-256, size and per-record hashes of every file
 *   manifest.sig.json   Ed25519 signature over the exact bytes of manifest.json, with the key
 *   proof.json          signed audit checkpoints and the inclusion proof of every audit record
 *   records/<kind>.jsonl one JSON object per line
 *   summary.ja.html, summary.en.html   the human summary
 */
export const BUNDLE_FORMAT = 'pva-evidence-bundle';
export const PROOF_FORMAT = 'pva-evidence-proof';
export const BUNDLE_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const MANIFEST_SIG = 'manifest.sig.json';
export const PROOF = 'proof.json';

export const EVIDENCE_KINDS = ['audit', 'monitoring', 'traffic', 'changes', 'notices'] as const;
export type Kind = (typeof EVIDENCE_KINDS)[number];
export const recordFile = (kind: Kind): string => `records/${kind}.jsonl`;

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  /** records files: one entry per line, in order: the record's id and SHA-256 of the line (without "\n") */
  records?: { id: string; sha256: string }[];
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  version: number;
  number: string;
  generated_at: string;
  tenant: { id: string; code: string; name: string };
  window: { from: string; to: string };
  kinds: Kind[];
  request: {
    id: string;
    purpose: string;
    requested_at: string;
    requested_by: string | null;
    approved_at: string | null;
    approved_by: string | null;
  };
  counts: Record<string, number>;
  /** kinds the service could not provide (their file is present and empty) */
  unavailable: Kind[];
  key_id: string;
  public_key: string;
  files: ManifestFile[];
}

export interface ManifestSignature {
  algorithm: 'Ed25519';
  key_id: string;
  public_key: string;
  signature: string;
}

export interface SignedCheckpoint {
  /** the exact signed bytes (canonical JSON, UTF-8) */
  statement: string;
  signature: string;
  key_id: string;
  public_key: string;
}

export interface RecordProof {
  seq: number;
  prev_hash: string;
  checkpoint_seq: number;
  leaf_index: number;
  path: string[];
}

export interface Proof {
  format: typeof PROOF_FORMAT;
  version: number;
  checkpoints: SignedCheckpoint[];
  records: RecordProof[];
}
