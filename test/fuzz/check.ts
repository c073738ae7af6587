import { ERRORS, type ErrorCode } from '../../src/app/errors.ts';

export const LANGS: readonly { header: string | undefined; lang: 'ja' | 'en' }[] = [
  { header: undefined, lang: 'ja' },
  { header: 'ja', lang: 'ja' },
  { header: 'en', lang: 'en' },
  { header: 'en-US,en;q=0.9,ja;q=0.1', lang: 'en' },
];

export interface Sent {
  method: string;
  url: string;
  body: string | undefined;
}

export interface Received {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** What is wrong with one response, or null: a 5xx, an error that is not problem+json, a leak. */
export function problemWith(
  sent: Sent,
  res: Received,
  lang: 'ja' | 'en',
  secrets: readonly string[] | null,
): string | null {
  if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode >= 400) {
    const ct = res.headers['content-type'];
    const type = typeof ct === 'string' ? ct : '';
    if (!type.startsWith('application/problem+json')) return `error ${res.statusCode} as ${type}`;
    let p: { status?: unknown; title?: unknown; code?: unknown };
    try {
      p = JSON.parse(res.body) as typeof p;
    } catch {
      return `error ${res.statusCode} body is not JSON`;
    }
    if (p.status !== res.statusCode) return `problem status ${String(p.status)} != ${res.statusCode}`;
    const entry = ERRORS[p.code as ErrorCode] as { ja: string; en: string } | undefined;
    if (!entry) return `unknown problem code ${String(p.code)}`;
    if (p.title !== entry[lang]) return `title not in ${lang}: ${String(p.title)}`;
  }
  if (secrets) {
    const body = res.body.toLowerCase();
    const asked = `${sent.url} ${sent.body ?? ''}`.toLowerCase();
    // a value the client sent itself and sees again is an echo, not a leak
    const leaked = secrets.find((s) => body.includes(s) && !asked.includes(s));
    if (leaked) return `response holds tenant B's ${leaked}`;
  }
  return null;
}
