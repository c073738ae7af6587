import { AppError } from '../errors.ts';
import type { App } from '../types.ts';

export const MAX_JSON_DEPTH = 32;

/** Depth of the deepest array/object nesting, scanning the text once (strings are skipped). */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * JSON bodies: invalid JSON is a 400, nesting deeper than MAX_JSON_DEPTH a 400 (before parsing,
 * so no recursion can exhaust the stack), and prototype keys are refused.
 */
export function jsonBody(app: App): void {
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json$/, { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return done(new AppError('too_deep'), undefined);
    try {
      const parsed: unknown = JSON.parse(text, (key, value: unknown) => {
        if (key === '__proto__') throw new SyntaxError('forbidden key');
        return value;
      });
      done(null, parsed);
    } catch {
      done(new AppError('malformed_json'), undefined);
    }
  });
}
