/**
 * A minimal POSIX ustar writer and a strict reader: evidence bundles are plain tar files any
 * customer can open (`tar xf`), and the verifier reads them back without extracting. Only
 * regular files with names up to 100 bytes; the reader refuses anything else, checks each
 * header's checksum and that padding is zero, so no byte of the archive goes unchecked.
 */

const BLOCK = 512;

export interface TarEntry {
  name: string;
  content: Buffer;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar entry name too long: ${name}`);
  nameBytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\u000000', 257, 'binary');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

export function writeTar(entries: readonly TarEntry[], mtime: Date): Buffer {
  const parts: Buffer[] = [];
  const secs = Math.floor(mtime.getTime() / 1000);
  for (const e of entries) {
    parts.push(header(e.name, e.content.length, secs), e.content);
    const pad = (BLOCK - (e.content.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

const readOctal = (b: Buffer): number => {
  const s = b
    .toString('ascii')
    .replace(/[\0 ]+$/g, '')
    .trim();
  if (!/^[0-7]*$/.test(s)) return NaN;
  return s === '' ? 0 : parseInt(s, 8);
};

/** Reads a tar written by writeTar; throws a message naming the problem and the entry. */
export function readTar(buf: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  for (;;) {
    if (off + BLOCK > buf.length) throw new Error('the archive ends without its end-of-archive blocks');
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) {
      const rest = buf.subarray(off);
      if (rest.length < BLOCK * 2 || !rest.every((b) => b === 0))
        throw new Error('the archive has bytes after its end-of-archive blocks');
      return out;
    }
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (readOctal(h.subarray(148, 156)) !== sum)
      throw new Error(`the tar header of ${name || 'an entry'} is damaged (checksum)`);
    if (h[156] !== 0x30 && h[156] !== 0) throw new Error(`${name}: not a regular file`);
    const size = readOctal(h.subarray(124, 136));
    if (!Number.isFinite(size)) throw new Error(`the tar header of ${name} is damaged (size)`);
    const start = off + BLOCK;
    const end = start + size;
    const padded = start + Math.ceil(size / BLOCK) * BLOCK;
    if (padded > buf.length) throw new Error(`${name}: the archive is truncated`);
    if (!buf.subarray(end, padded).every((b) => b === 0))
      throw new Error(`${name}: the padding after the file was altered`);
    out.push({ name, content: Buffer.from(buf.subarray(start, end)) });
    off = padded;
  }
}
