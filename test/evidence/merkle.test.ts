import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { merkleRoot, MerkleTree, verifyInclusion } from '../../src/modules/audit/merkle.ts';

// RFC 6962 section 2.1, written straight from the recursive definition, as the reference.
const h = (...b: Buffer[]) => createHash('sha256').update(Buffer.concat(b)).digest();
const split = (n: number) => 2 ** Math.floor(Math.log2(n - 1));
function mth(d: Buffer[]): Buffer {
  if (d.length === 1) return h(Buffer.from([0]), d[0]!);
  const k = split(d.length);
  return h(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length === 1) return [];
  const k = split(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

describe('RFC 6962 Merkle trees', () => {
  it('match the recursive definition: roots and inclusion paths for 1 to 40 leaves, each path verifying', () => {
    for (let n = 1; n <= 40; n++) {
      const hashes = Array.from({ length: n }, (_, i) => createHash('sha256').update(`r${i}`).digest('hex'));
      const leaves = hashes.map((x) => Buffer.from(x, 'hex'));
      const tree = new MerkleTree(hashes);
      expect(tree.root, `n=${n}`).toBe(mth(leaves).toString('hex'));
      expect(merkleRoot(hashes)).toBe(tree.root);
      for (let m = 0; m < n; m++) {
        const p = tree.path(m);
        expect(p, `n=${n} m=${m}`).toEqual(path(m, leaves).map((x) => x.toString('hex')));
        expect(verifyInclusion(hashes[m]!, m, n, p, tree.root)).toBe(true);
        expect(verifyInclusion(hashes[(m + 1) % n]!, m, n, p, tree.root)).toBe(n === 1);
        if (p.length) expect(verifyInclusion(hashes[m]!, m, n, p.slice(1), tree.root)).toBe(false);
      }
    }
  });
});
