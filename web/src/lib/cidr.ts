/** A textarea of addresses, one per line (commas and spaces also separate), as a list. */
export function parseLines(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
