import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonical,
  canonicalRecord,
  chainHash,
  GENESIS_HASH,
  type ChainRecord,
} from '../../src/modules/audit/chain.ts';
import { isoTime } from '../../src/modules/audit/verify.ts';
import { canonicalBefore, chainHashBefore } from './reference.ts';

const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1.5,
  0.1 + 0.2,
  1e21,
  1e-7,
  123456789012345680000,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
  NaN,
  Infinity,
  -Infinity,
  '',
  'plain',
  '本社 IPsec',
  'emoji 😀 and 𝄞',
  'quote " backslash \\ slash / tab \t newline \n cr \r bs \b ff \f',
  '\u0000\u0001\u001f\u007f\u2028\u2029',
  'lone \ud800 surrogate \udc00',
  [],
  {},
  [1, 'a', null, undefined, [2, [3, {}]], { b: 1, a: 2 }],
  // eslint-disable-next-line no-sparse-arrays
  [1, , 3],
  { b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' }, u: undefined },
  { é: 1, e: 2, E: 3, '': 4, ' ': 5, '10': 6, '9': 7, '\ud83d\ude00': 8, '\uffff': 9, '\u00e9\u0301': 10 },
  { 'key "quoted"': { 'back\\slash': null, 'ctl\u0001': [true, false] } },
  { deep: { deeper: { deepest: { list: [{ n: -0 }, { n: 1e300 }, { n: -1e-300 }] } } } },
  { before: { label: '本社' }, after: { label: '本社 IPsec' }, count: 3, ok: true, none: null },
];

function record(i: number, summary: unknown, overrides: Partial<ChainRecord> = {}): ChainRecord {
  return {
    seq: i + 1,
    at: new Date(Date.UTC(2026, 10, 26, 12, 5, 0, i)).toISOString(),
    tenant_id: i % 3 === 0 ? null : randomUUID(),
    actor_kind: ['staff', 'customer', 'token', 'system', 'anonymous'][i % 5]!,
    actor_id: i % 4 === 0 ? null : `actor-${i}-ユーザー`,
    action: `service.label_updated.${i}`,
    target_type: i % 2 === 0 ? null : 'service',
    target_id: i % 5 === 0 ? null : `PVA0001${i}`,
    outcome: (['success', 'failure', 'denied'] as const)[i % 3]!,
    request_id: i % 6 === 0 ? null : randomUUID(),
    summary: summary as Record<string, unknown>,
    personal_ref: i % 2 === 0 ? null : createHash('sha256').update(String(i)).digest('hex'),
    ...overrides,
  };
}

describe('canonical serialisation is byte-identical to the one the stored hashes were made with', () => {
  it('canonical() of every kind of value', () => {
    for (const v of VALUES) {
      expect(canonical(v)).toBe(canonicalBefore(v));
      expect(canonical({ v })).toBe(canonicalBefore({ v }));
      expect(canonical([v])).toBe(canonicalBefore([v]));
    }
    expect(canonical(VALUES)).toBe(canonicalBefore(VALUES));
  });

  it('canonicalRecord() and chainHash() of varied records, string fields included', () => {
    const strings = VALUES.filter((v): v is string => typeof v === 'string');
    let prev = GENESIS_HASH;
    let prevBefore = GENESIS_HASH;
    let i = 0;
    for (const summary of VALUES) {
      const text = strings[i % strings.length]!;
      const variants = [
        record(i, summary),
        record(i, summary, { action: text, actor_id: text, target_id: text, request_id: text }),
        record(i, summary, { actor_kind: text, target_type: text, tenant_id: text, personal_ref: text }),
      ];
      for (const rec of variants) {
        expect(canonicalRecord(rec)).toBe(canonicalBefore(rec));
        prev = chainHash(prev, rec);
        prevBefore = chainHashBefore(prevBefore, rec);
        expect(prev).toBe(prevBefore);
      }
      i++;
    }
  });

  it('a record with a member left undefined takes the general path, which drops it', () => {
    const rec = { ...record(1, { a: 1 }), target_id: undefined } as unknown as ChainRecord;
    expect(canonicalRecord(rec)).toBe(canonicalBefore(rec));
    expect(canonicalRecord(rec)).not.toContain('target_id');
  });

  it('reproduces the example of docs/audit-format.md', () => {
    const rec: ChainRecord = {
      seq: 1,
      at: '2026-11-26T12:05:00.000Z',
      tenant_id: '3f1c9a52-8d0e-4b6f-9a41-2c7d5e8b1f03',
      actor_kind: 'customer',
      actor_id: 'b7e2d4a1-6c3f-4e58-8d92-1a5f0c7e3b64',
      action: 'service.label_updated',
      target_type: 'service',
      target_id: 'PVA00010001',
      outcome: 'success',
      request_id: 'd7455668-1d2f-4594-a2cb-0576e8823c50',
      summary: { before: { label: '本社' }, after: { label: '本社 IPsec' } },
      personal_ref: null,
    };
    expect(canonicalRecord(rec)).toBe(
      '{"action":"service.label_updated","actor_id":"b7e2d4a1-6c3f-4e58-8d92-1a5f0c7e3b64","actor_kind":"customer","at":"2026-11-26T12:05:00.000Z","outcome":"success","personal_ref":null,"request_id":"d7455668-1d2f-4594-a2cb-0576e8823c50","seq":1,"summary":{"after":{"label":"本社 IPsec"},"before":{"label":"本社"}},"target_id":"PVA00010001","target_type":"service","tenant_id":"3f1c9a52-8d0e-4b6f-9a41-2c7d5e8b1f03"}',
    );
    expect(chainHash(GENESIS_HASH, rec)).toBe(
      'fdaad0e6177e512292d8032ddcb35792beeb57eb3532115ac7786b0e9d53a430',
    );
  });
});

describe('isoTime: the hashed `at` from the JSON text of a timestamp', () => {
  /** JSON text of an instant as PostgreSQL writes it: the zone's offset, trailing zeros of the fraction dropped. */
  function pgJson(ms: number, micros: number, offsetMin: number): string {
    const local = new Date(ms + offsetMin * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
    const frac = `${local.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
    const sign = offsetMin < 0 ? '-' : '+';
    const off = Math.abs(offsetMin);
    const zone = `${sign}${String(Math.floor(off / 60)).padStart(2, '0')}:${String(off % 60).padStart(2, '0')}`;
    return `${local.slice(0, 19)}${frac ? `.${frac}` : ''}${zone}`;
  }

  it('equals Date and toISOString for every fraction and zone, the millisecond truncated', () => {
    const zones = [0, 540, -300, 330, 345];
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(Math.random() * 4_102_444_800_000); // 1970 to 2100
      const micros = i % 4 === 0 ? 0 : Math.floor(Math.random() * 1000);
      const text = pgJson(i % 10 === 0 ? ms - (ms % 1000) : ms, micros, zones[i % zones.length]!);
      expect(isoTime(text)).toBe(new Date(text).toISOString());
      if (text.endsWith('+00:00'))
        expect(isoTime(text)).toBe(new Date(ms - (i % 10 === 0 ? ms % 1000 : 0)).toISOString());
    }
    expect(isoTime('2026-11-27T15:09:00.123+00:00')).toBe('2026-11-27T15:09:00.123Z');
    expect(isoTime('2026-11-27T15:09:00.123999+09:00')).toBe('2026-11-27T06:09:00.123Z');
    expect(isoTime('2026-11-27T15:09:00+00:00')).toBe('2026-11-27T15:09:00.000Z');
  });

  it('keeps the text of a time no Date can hold, so that the record fails as altered', () => {
    expect(isoTime('infinity')).toBe('infinity');
    expect(isoTime('294276-12-31T23:59:59.999999+00:00')).toBe('294276-12-31T23:59:59.999999+00:00');
  });
});
