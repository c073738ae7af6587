import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { App } from '../types.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const base: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

/** The JSON pointer of the first string (value or key) holding U+0000, or null. */
export function nulAt(data: unknown, path = ''): string | null {
  if (typeof data === 'string') return data.includes('\u0000') ? path : null;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const at = nulAt(data[i], `${path}/${i}`);
      if (at !== null) return at;
    }
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      if (k.includes('\u0000')) return `${path}/${k.replaceAll('\u0000', '')}`;
      const at = nulAt(v, `${path}/${k}`);
      if (at !== null) return at;
    }
  }
  return null;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so no valid input contains it: refuse it here as
 * bad input rather than let it reach the database as an error.
 */
function refusingNul(validate: ValidateFunction): ValidateFunction {
  const guarded = ((data: unknown) => {
    const ok = validate(data);
    guarded.errors = validate.errors;
    if (!ok) return false;
    const at = nulAt(data);
    if (at === null) return true;
    guarded.errors = [{ instancePath: at, schemaPath: '', keyword: 'format', params: {} }];
    return false;
  }) as ValidateFunction;
  return guarded;
}

/**
 * Bodies are validated without type coercion (a number is not a string: a wrong type is a 400);
 * path and query parameters arrive as text and are coerced.
 */
export function validation(app: App): void {
  const strict = addFormats(new Ajv({ ...base, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    refusingNul(httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema)),
  );
}
