import fc from 'fast-check';

/** A JSON Schema node as the OpenAPI documents publish it (TypeBox output, no $ref). */
export interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
}

/** Ids the fuzzer may put anywhere an id goes: the foreign tenant's, the own tenant's, unknown ones. */
export interface IdPools {
  foreign: string[];
  own: string[];
}

const UNKNOWN_UUIDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-4fff-bfff-ffffffffffff',
  '00000000-0000-4000-8000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
];

/** Strings meant to break parsers, encoders, SQL, templates, renderers and file paths. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  'a'.repeat(10_000),
  'あ'.repeat(50_000),
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDFFF',
  '\u202Eevil\u202C',
  'مرحبا שלום',
  'a\u0000b',
  '\u0000',
  'e\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\u200B\u200D\uFEFF',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  "'; DROP TABLE audit.log; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(0)--',
  "admin'--",
  '$1',
  '%s%s%n%x',
  '${7*7}{{7*7}}#{7*7}',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '"><svg/onload=alert(1)>',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/dev/zero',
  'file:///etc/passwd',
  'NaN',
  '-1',
  '1e309',
  'null',
  'true',
  '[]',
  '{}',
  '0.0.0.0/0',
  '::/0',
  '10.0.0.0/33',
  '256.256.256.256',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31T23:59:59+09:00',
  '1970-01-01T00:00:00Z',
  'not-a-uuid',
  'a@b',
  '\r\nSet-Cookie: x=1',
];

export const BOUNDARY_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.000001,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

const WRONG_TYPES: readonly unknown[] = [null, true, false, 0, -1, 1.5, '', 'x', [], {}, [null], { a: 1 }];

const typeOf = (s: Schema): string | undefined => (Array.isArray(s.type) ? s.type[0] : s.type);

function boundaryNumbers(s: Schema): number[] {
  const out = [...BOUNDARY_NUMBERS];
  for (const b of [s.minimum, s.maximum]) if (typeof b === 'number') out.push(b, b - 1, b + 1);
  return out;
}

function idArb(ids: IdPools): fc.Arbitrary<string> {
  const parts: fc.WeightedArbitrary<string>[] = [{ weight: 2, arbitrary: fc.constantFrom(...UNKNOWN_UUIDS) }];
  if (ids.foreign.length) parts.push({ weight: 5, arbitrary: fc.constantFrom(...ids.foreign) });
  if (ids.own.length) parts.push({ weight: 3, arbitrary: fc.constantFrom(...ids.own) });
  return fc.oneof(...parts);
}

/** A well-formed value for a string format, or the hostile strings that look like one. */
function formatted(s: Schema, ids: IdPools): fc.Arbitrary<string> | undefined {
  switch (s.format) {
    case 'uuid':
      return idArb(ids);
    case 'date':
      return fc.constantFrom('2026-01-01', '2026-12-31', '2024-02-29', '1970-01-01', '2099-12-31');
    case 'date-time':
      return fc.constantFrom(
        '2026-11-01T00:00:00+09:00',
        '2026-01-01T00:00:00Z',
        '1970-01-01T00:00:00Z',
        '2099-12-31T23:59:59+09:00',
      );
    case 'email':
      return fc.constantFrom('fuzz@example.com', 'a+b@example.jp', `${'x'.repeat(64)}@example.com`);
  }
  return undefined;
}

function stringArb(s: Schema, ids: IdPools): fc.Arbitrary<string> {
  const parts: fc.Arbitrary<string>[] = [fc.constantFrom(...HOSTILE_STRINGS)];
  const f = formatted(s, ids);
  if (f) parts.push(f, f);
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 64, 4096);
  parts.push(fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }));
  if (s.maxLength !== undefined) parts.push(fc.constant('a'.repeat(s.maxLength + 1)));
  if (s.maxLength !== undefined && s.maxLength <= 4096) parts.push(fc.constant('ア'.repeat(s.maxLength)));
  parts.push(idArb(ids));
  return fc.oneof(...parts);
}

/**
 * Values for a schema node: mostly of the declared shape (so the request gets past validation and
 * reaches the handler, the repository and the database), with hostile contents, boundary numbers,
 * and now and then a value of a wrong type anywhere in the tree.
 */
export function valueFor(s: Schema, ids: IdPools, depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedValue(s, ids, depth);
  return fc.oneof(
    { weight: 9, arbitrary: shaped },
    { weight: 1, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  );
}

function shapedValue(s: Schema, ids: IdPools, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length)
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...s.enum) }, stringArb({}, ids));
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => shapedValue(a, ids, depth)));
  switch (typeOf(s)) {
    case 'string':
      return stringArb(s, ids);
    case 'integer':
      return fc.oneof(fc.constantFrom(...boundaryNumbers(s).map(Math.trunc)), fc.integer());
    case 'number':
      return fc.oneof(
        fc.constantFrom(...boundaryNumbers(s)),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const item = s.items ? valueFor(s.items, ids, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      const maxLength = Math.min(s.maxItems ?? 5, 5);
      return fc.oneof(
        {
          weight: 6,
          arbitrary: fc.array(item, { minLength: Math.min(s.minItems ?? 0, maxLength), maxLength }),
        },
        { weight: 1, arbitrary: fc.constant(Array.from({ length: (s.maxItems ?? 1000) + 1 }, () => 'x')) },
      );
    }
    case 'object':
      return objectArb(s, ids, depth);
  }
  return fc.jsonValue({ maxDepth: 2 });
}

function objectArb(s: Schema, ids: IdPools, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant({});
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of props) record[k] = valueFor(v, ids, depth + 1);
  const requiredKeys = props.map(([k]) => k).filter((k) => required.has(k));
  const shaped = fc.record(record, { requiredKeys });
  return fc.oneof(
    { weight: 8, arbitrary: shaped },
    // an unknown member, or one required member removed
    { weight: 1, arbitrary: shaped.map((o) => ({ ...(o as object), __proto__x: 1, constructor: 'x' })) },
    {
      weight: 1,
      arbitrary: shaped.map((o) => {
        const c = { ...(o as Record<string, unknown>) };
        delete c[requiredKeys[0] ?? ''];
        return c;
      }),
    },
  );
}

/**
 * A path segment, percent-encoded the way a hostile client would send it: ids, traversal,
 * encoded NUL and an ill-formed UTF-8 sequence (a lone surrogate cannot be encoded otherwise).
 */
export function pathSegmentArb(s: Schema, ids: IdPools): fc.Arbitrary<string> {
  const enc = (v: string): string => {
    try {
      return encodeURIComponent(v);
    } catch {
      return '%ED%A0%80';
    }
  };
  return fc.oneof(
    { weight: 6, arbitrary: s.format === 'uuid' ? idArb(ids) : stringArb(s, ids).map(enc) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '..%2F..%2Fetc%2Fpasswd',
        '%2e%2e',
        '%00',
        '%ED%A0%80',
        '%C0%AE%C0%AE',
        '%FF',
        'a'.repeat(250),
        '1',
        '-1',
        '%27%20OR%201%3D1--',
        '%3Cscript%3E',
      ),
    },
    { weight: 2, arbitrary: stringArb({}, ids).map(enc) },
  );
}

/** A query-string value (the schema's shape or hostile text), already encoded. */
export function queryValueArb(s: Schema, ids: IdPools): fc.Arbitrary<string> {
  return valueFor(s, ids).map((v) => {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    try {
      return encodeURIComponent(text);
    } catch {
      return '%ED%A0%80';
    }
  });
}
