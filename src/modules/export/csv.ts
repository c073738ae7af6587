/**
 * CSV as RFC 4180 writes it (CRLF line ends, a field quoted when it holds a comma, a quote or a
 * line break, quotes doubled), in UTF-8 with a byte-order mark so that Excel reads Japanese
 * correctly. Text cells that a spreadsheet would run as a formula (= + - @ TAB CR first) get a
 * leading apostrophe (OWASP "CSV injection"); the JSON export keeps the exact value.
 */
export const BOM = '\uFEFF';
export const CRLF = '\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: null is empty, arrays are joined with spaces, objects are written as JSON. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'string') text = FORMULA_START.test(value) ? `'${value}` : value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (Array.isArray(value))
    return csvField(value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '));
  else text = JSON.stringify(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, terminated by CRLF. */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + CRLF;
}
