import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { App } from '../types.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const base: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

/**
 * Bodies are validated without type coercion (a number is not a string: a wrong type is a 400);
 * path and query parameters arrive as text and are coerced.
 */
export function validation(app: App): void {
  const strict = addFormats(new Ajv({ ...base, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  );
}
