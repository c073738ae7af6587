import { AppError, type FieldError, type Lang } from '../../app/errors.ts';
import type { Config } from '../../config.ts';

/**
 * Service codes (8.2.2): the configured prefix, 8 digits and, when configured, a Luhn check digit
 * over those digits (PVA_SERVICE_CODE_PREFIX, PVA_SERVICE_CODE_CHECK_DIGIT). A mistyped code
 * with a check digit is refused at input instead of finding nothing.
 */
export type ServiceCodeFormat = Config['serviceCode'];

export const SERVICE_CODE_DIGITS = 8;

/** The Luhn check digit for a string of digits. */
export function luhnDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new Error('luhnDigit: digits only');
  let sum = 0;
  // from the right, every second digit starting with the rightmost one is doubled
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether a string of digits ends in a valid Luhn check digit. */
export function luhnValid(digitsWithCheck: string): boolean {
  if (!/^\d{2,}$/.test(digitsWithCheck)) return false;
  return luhnDigit(digitsWithCheck.slice(0, -1)) === Number(digitsWithCheck.slice(-1));
}

/** The code for sequence number `n` (1 … 99,999,999). */
export function formatServiceCode(format: ServiceCodeFormat, n: number | bigint): string {
  const digits = String(n).padStart(SERVICE_CODE_DIGITS, '0');
  if (!/^\d{8}$/.test(digits)) throw new Error(`service code number out of range: ${String(n)}`);
  return `${format.prefix}${digits}${format.checkDigit === 'luhn' ? String(luhnDigit(digits)) : ''}`;
}

/** How people type codes: full-width characters (IME), lower case, surrounding spaces. */
export function normaliseServiceCode(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

export type ServiceCodeProblem = 'format' | 'check_digit';

/** Why `code` (already normalised) is not a code of this format, or null when it is one. */
export function serviceCodeProblem(format: ServiceCodeFormat, code: string): ServiceCodeProblem | null {
  const n = SERVICE_CODE_DIGITS + (format.checkDigit === 'luhn' ? 1 : 0);
  if (!code.startsWith(format.prefix)) return 'format';
  const digits = code.slice(format.prefix.length);
  if (!new RegExp(`^\\d{${n}}$`).test(digits)) return 'format';
  if (format.checkDigit === 'luhn' && !luhnValid(digits)) return 'check_digit';
  return null;
}

export function isValidServiceCode(format: ServiceCodeFormat, code: string): boolean {
  return serviceCodeProblem(format, normaliseServiceCode(code)) === null;
}

const MESSAGES: Record<ServiceCodeProblem, (f: ServiceCodeFormat) => { ja: string; en: string }> = {
  format: (f) => {
    const n = SERVICE_CODE_DIGITS + (f.checkDigit === 'luhn' ? 1 : 0);
    return {
      ja: `サービスコードの形式が正しくありません（${f.prefix} に続けて数字 ${n} 桁）。`,
      en: `This is not a service code (${f.prefix} followed by ${n} digits).`,
    };
  },
  check_digit: () => ({
    ja: 'サービスコードのチェックディジットが一致しません。入力を確認してください。',
    en: 'The check digit of this service code does not match: check for a typing error.',
  }),
};

/**
 * Normalises a service code given as input and checks it, or throws a 400 with a field error
 * (`field` e.g. '/querystring/code' or '/body/serviceCode'). Use wherever a code is accepted.
 */
export function parseServiceCode(
  format: ServiceCodeFormat,
  input: string,
  field: string,
  lang: Lang,
): string {
  const code = normaliseServiceCode(input);
  const problem = serviceCodeProblem(format, code);
  if (!problem) return code;
  const error: FieldError = {
    field,
    code: `service_code_${problem}`,
    message: MESSAGES[problem](format)[lang],
  };
  throw new AppError('validation_failed', { fields: [error] });
}
