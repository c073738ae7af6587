import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/errors.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import {
  formatServiceCode,
  isValidServiceCode,
  luhnDigit,
  luhnValid,
  parseServiceCode,
} from '../../src/modules/contracts/service-code.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';

const LUHN = { prefix: 'PVA', checkDigit: 'luhn' } as const;
const PLAIN = { prefix: 'PVA', checkDigit: 'none' } as const;

describe('service code format', () => {
  it('computes Luhn check digits (known values)', () => {
    expect(luhnDigit('7992739871')).toBe(3); // the classic example
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnDigit('00000000')).toBe(0);
    expect(luhnValid('4111111111111111')).toBe(true); // a well-known test card number
    for (let n = 1; n < 2000; n += 37) {
      const digits = String(n).padStart(8, '0');
      expect(luhnValid(digits + String(luhnDigit(digits)))).toBe(true);
    }
  });

  it('formats prefix + 8 digits, plus the check digit when configured', () => {
    expect(formatServiceCode(PLAIN, 10000001)).toBe('PVA10000001');
    expect(formatServiceCode(PLAIN, 42)).toBe('PVA00000042');
    const c = formatServiceCode(LUHN, 10000001);
    expect(c).toMatch(/^PVA\d{9}$/);
    expect(luhnValid(c.slice(3))).toBe(true);
    expect(() => formatServiceCode(PLAIN, 100_000_000)).toThrow();
  });

  it('checks codes given as input: format, check digit, typing habits', () => {
    const good = formatServiceCode(LUHN, 12345678);
    expect(isValidServiceCode(LUHN, good)).toBe(true);
    // every single-digit typo in the body is caught by the check digit
    for (let i = 3; i < good.length; i++) {
      const d = Number(good[i]);
      const typo = good.slice(0, i) + String((d + 1) % 10) + good.slice(i + 1);
      expect(isValidServiceCode(LUHN, typo), typo).toBe(false);
    }
    expect(isValidServiceCode(LUHN, good.slice(0, -1))).toBe(false);
    expect(isValidServiceCode(PLAIN, good.slice(0, -1))).toBe(true);
    expect(isValidServiceCode(PLAIN, good)).toBe(false);
    // full-width input from an IME, lower case and spaces are normalised
    const wide = good.replace(/[A-Z0-9]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    expect(parseServiceCode(LUHN, ` ${wide.toLowerCase()} `, '/body/code', 'en')).toBe(good);
    try {
      parseServiceCode(LUHN, `${good.slice(0, -1)}${(Number(good.slice(-1)) + 1) % 10}`, '/body/code', 'ja');
      expect.fail('accepted a wrong check digit');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.status).toBe(400);
      expect(err.fields[0]).toMatchObject({ field: '/body/code', code: 'service_code_check_digit' });
      expect(err.fields[0]!.message).toMatch(/チェックディジット/);
    }
  });

  it('reads the format from configuration and refuses bad values', () => {
    expect(loadConfig({}).serviceCode).toEqual({ prefix: 'PVA', checkDigit: 'none' });
    expect(
      loadConfig({ PVA_SERVICE_CODE_PREFIX: 'NET', PVA_SERVICE_CODE_CHECK_DIGIT: 'luhn' }).serviceCode,
    ).toEqual({ prefix: 'NET', checkDigit: 'luhn' });
    expect(() => loadConfig({ PVA_SERVICE_CODE_PREFIX: 'pva1' })).toThrow(ConfigError);
    expect(() => loadConfig({ PVA_SERVICE_CODE_CHECK_DIGIT: 'mod97' })).toThrow(ConfigError);
  });
});

describe(`service codes with a Luhn check digit (${engineName})`, () => {
  let p: TestPlatform;
  let staff: LoggedIn;
  beforeAll(async () => {
    p = await createTestPlatform({ PVA_SERVICE_CODE_PREFIX: 'NET', PVA_SERVICE_CODE_CHECK_DIGIT: 'luhn' });
    staff = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'admin' }));
  });
  afterAll(async () => p?.close());
  const mgmt = (method: 'GET' | 'POST', url: string, payload?: object) =>
    p.mgmt.inject({
      method,
      url,
      headers: { ...staff.headers, 'accept-language': 'en' },
      ...(payload ? { payload } : {}),
    });

  it('allocates valid, distinct codes in parallel and verifies the check digit wherever a code is input', async () => {
    const tenant = (await mgmt('POST', '/api/v1/tenants', { name: 'Luhn K.K.' })).json<{ id: string }>();
    const contract = (
      await mgmt('POST', `/api/v1/tenants/${tenant.id}/contracts`, {
        number: `K-LUHN-${Date.now()}`,
        startDate: '2026-01-01',
      })
    ).json<{ id: string }>();
    const created = await Promise.all(
      Array.from({ length: 20 }, () =>
        mgmt('POST', `/api/v1/contracts/${contract.id}/services`, { type: 'direct', bandwidthMbps: 50 }),
      ),
    );
    expect(created.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const codes = created.map((r) => r.json<{ code: string }>().code);
    expect(new Set(codes).size).toBe(20);
    for (const c of codes) {
      expect(c).toMatch(/^NET\d{9}$/);
      expect(luhnValid(c.slice(3))).toBe(true);
    }
    const code = codes[0]!;
    const wrong = `${code.slice(0, -1)}${(Number(code.slice(-1)) + 1) % 10}`;
    expect((await mgmt('GET', `/api/v1/service-codes/${code}`)).statusCode).toBe(200);
    const bad = await mgmt('GET', `/api/v1/service-codes/${wrong}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      errors: [{ field: '/params/code', code: 'service_code_check_digit' }],
    });

    // the portal's code filter checks it too
    const user = await createUser(p.db.database, tenant.id, { role: 'viewer' });
    const s = await login(p.portal, p.db.database, user);
    const hit = await p.portal.inject({ url: `/api/v1/services?code=${code}`, headers: s.headers });
    expect(hit.json<{ code: string }[]>().map((x) => x.code)).toEqual([code]);
    const miss = await p.portal.inject({
      url: `/api/v1/services?code=${wrong}`,
      headers: { ...s.headers, 'accept-language': 'ja' },
    });
    expect(miss.statusCode).toBe(400);
    expect(miss.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '/querystring/code', code: 'service_code_check_digit' }],
    });
  });
});
