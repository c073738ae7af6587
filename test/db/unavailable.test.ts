import { describe, expect, it } from 'vitest';
import { StorageFault } from '../../src/db/pglite-storage.ts';
import { isDatabaseUnavailable, isStorageFault } from '../../src/db/unavailable.ts';

describe('which database errors answer 503 (test/faults/postgres.test.ts drives the real ones)', () => {
  it('a lost or refused connection, a shutting-down server, a full pool', () => {
    const errs = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'all failed'),
      new Error('wrapped', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
    ];
    for (const e of errs) expect(isDatabaseUnavailable(e), e.message).toBe(true);
  });

  it('not a bug or bad input', () => {
    const errs = [
      Object.assign(new Error('duplicate key value'), { code: '23505' }),
      Object.assign(new Error('syntax error'), { code: '42601' }),
      new TypeError('x is undefined'),
      null,
      'text',
    ];
    for (const e of errs) expect(isDatabaseUnavailable(e)).toBe(false);
  });
});

describe('a failed disk under the embedded database (test/faults/readonly-disk.test.ts drives the real one)', () => {
  it('is told apart from an outage, also when wrapped', () => {
    const fault = new StorageFault('EROFS', 'write');
    expect(isStorageFault(fault)).toBe(true);
    expect(isStorageFault(new Error('wrapped', { cause: fault }))).toBe(true);
    expect(isDatabaseUnavailable(fault)).toBe(false);
    expect(fault.message).toMatch(/EROFS in write.*restart PVA once the disk is writable/);
    for (const e of [Object.assign(new Error('x'), { code: 'EROFS' }), new Error('StorageFault'), null]) {
      expect(isStorageFault(e)).toBe(false);
    }
  });
});
