/**
 * Counts the objects of a JSON export as its bytes arrive. Every data object carries exactly one
 * `"owner":` member, and inside a JSON string a double quote is always escaped, so the sequence
 * `"owner":` occurs once per object and nowhere else. A chunk may end inside the sequence or
 * inside a multi-byte character: the decoder and the kept tail take care of both.
 */
const NEEDLE = '"owner":';

export class ObjectCounter {
  objects = 0;
  bytes = 0;
  private tail = '';
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    const text = this.tail + this.decoder.decode(chunk, { stream: true });
    let at = text.indexOf(NEEDLE);
    while (at >= 0) {
      this.objects++;
      at = text.indexOf(NEEDLE, at + NEEDLE.length);
    }
    // keep what could be the start of a needle split across chunks (never a whole one)
    this.tail = text.slice(-(NEEDLE.length - 1));
  }
}

/** The file name of a `content-disposition: attachment; filename="…"` header. */
export function attachmentName(header: string | null, fallback: string): string {
  const m = header ? /filename="([^"]+)"/.exec(header) : null;
  return m?.[1] ?? fallback;
}

/** Share of the work done, 0–100; unknown totals show as 0 until the end. */
export function percent(done: number, total: number | null): number {
  if (!total || total <= 0) return 0;
  return Math.min(100, Math.round((done / total) * 100));
}
