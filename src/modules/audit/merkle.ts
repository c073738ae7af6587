import { createHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 (section 2.1) Merkle trees over audit record hashes, so that a checkpoint
 * can sign one root for a range of records and a tenant's evidence can prove its own records
 * against it with a few sibling hashes, revealing nothing of the other records but their hashes.
 *   leaf  = SHA-256(0x00 || 32 bytes of hash_n)      node = SHA-256(0x01 || left || right)
 * Hashes travel as lowercase hex.
 */

const sha = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const leafHash = (recordHashHex: string): Buffer => sha(LEAF, Buffer.from(recordHashHex, 'hex'));
const nodeHash = (l: Buffer, r: Buffer): Buffer => sha(NODE, l, r);

/**
 * The levels of the tree, leaves first. An odd last node moves up unchanged: this builds exactly
 * the RFC 6962 tree (split at the largest power of two below n) bottom-up.
 */
function levels(recordHashes: readonly string[]): Buffer[][] {
  if (recordHashes.length === 0) throw new Error('a Merkle tree needs at least one leaf');
  const out: Buffer[][] = [recordHashes.map(leafHash)];
  while (out[out.length - 1]!.length > 1) {
    const cur = out[out.length - 1]!;
    const next: Buffer[] = [];
    for (let i = 0; i < cur.length; i += 2)
      next.push(i + 1 < cur.length ? nodeHash(cur[i]!, cur[i + 1]!) : cur[i]!);
    out.push(next);
  }
  return out;
}

export function merkleRoot(recordHashes: readonly string[]): string {
  const l = levels(recordHashes);
  return l[l.length - 1]![0]!.toString('hex');
}

/** A tree built once, answering inclusion paths for many leaves. */
export class MerkleTree {
  private readonly l: Buffer[][];
  constructor(recordHashes: readonly string[]) {
    this.l = levels(recordHashes);
  }
  get root(): string {
    return this.l[this.l.length - 1]![0]!.toString('hex');
  }
  get size(): number {
    return this.l[0]!.length;
  }
  /** The RFC 9162 inclusion path of leaf `index`, bottom-up, as hex. */
  path(index: number): string[] {
    if (index < 0 || index >= this.size) throw new Error(`leaf ${index} is outside the tree`);
    const out: string[] = [];
    let i = index;
    for (let d = 0; d < this.l.length - 1; d++) {
      const level = this.l[d]!;
      const sibling = i ^ 1;
      if (sibling < level.length) out.push(level[sibling]!.toString('hex'));
      i >>= 1;
    }
    return out;
  }
}

/** RFC 9162 section 2.1.3.2: does `path` prove leaf `index` of a tree of `size` leaves under `root`? */
export function verifyInclusion(
  recordHashHex: string,
  index: number,
  size: number,
  path: readonly string[],
  rootHex: string,
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash(recordHashHex);
  for (const hex of path) {
    if (sn === 0 || !/^[0-9a-f]{64}$/.test(hex)) return false;
    const p = Buffer.from(hex, 'hex');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.toString('hex') === rootHex;
}
