/**
 * Traffic-class ids (tc minor numbers) per connection. A connection's id must not change when
 * other connections come or go (deleting one connection must touch nothing else), so it derives
 * from the connection's own id (FNV-1a) rather than from its position; a collision moves the
 * younger connection to the next free id (connections are taken oldest first).
 *
 * Minors run 0x0010–0x7fff; the IPv4 filter of a class uses prio = minor, the IPv6 one
 * prio = minor + 0x8000 (tc allows one protocol per prio).
 */
export const MINOR_FIRST = 0x10;
export const MINOR_LAST = 0x7fff;
const SPAN = MINOR_LAST - MINOR_FIRST + 1;
export const V6_PRIO_OFFSET = 0x8000;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Minor ids for connections given oldest first (createdAt, id); same input, same ids. */
export function allocateMinors(
  connections: readonly { id: string; createdAt: string }[],
): Map<string, number> {
  const ordered = [...connections].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  if (ordered.length > SPAN)
    throw new Error(`too many connections on one device (${ordered.length} > ${SPAN})`);
  const taken = new Set<number>();
  const out = new Map<string, number>();
  for (const c of ordered) {
    let m = MINOR_FIRST + (fnv1a(c.id) % SPAN);
    while (taken.has(m)) m = m === MINOR_LAST ? MINOR_FIRST : m + 1;
    taken.add(m);
    out.set(c.id, m);
  }
  return out;
}
