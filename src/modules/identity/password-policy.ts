import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../app/errors.ts';

/**
 * NIST SP 800-63B rev 4: at least 15 characters where the password is the only factor, 8 where
 * MFA is enforced; up to 256 accepted; no composition rules; common and breached passwords refused
 * (a bundled list of about 49,000).
 */
export const MIN_WITH_MFA = 8;
export const MIN_WITHOUT_MFA = 15;
export const MAX_LENGTH = 256;

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary as Record<string, string[]>)['passwords-common'] ?? []);
  return common;
}

export function checkPassword(password: string, opts: { mfa: boolean; context?: string[] }): void {
  const length = [...password.normalize('NFC')].length;
  const min = opts.mfa ? MIN_WITH_MFA : MIN_WITHOUT_MFA;
  const field = '/body/password';
  if (length < min) {
    throw new AppError('weak_password', {
      fields: [{ field, code: 'minLength', message: `${min}` }],
      detail: { ja: `パスワードは ${min} 文字以上にしてください。`, en: `Use at least ${min} characters.` },
    });
  }
  if (length > MAX_LENGTH) {
    throw new AppError('weak_password', {
      fields: [{ field, code: 'maxLength', message: `${MAX_LENGTH}` }],
      detail: {
        ja: `パスワードは ${MAX_LENGTH} 文字以内にしてください。`,
        en: `Use at most ${MAX_LENGTH} characters.`,
      },
    });
  }
  const lower = password.toLowerCase();
  if (
    commonPasswords().has(lower) ||
    (opts.context ?? []).some((c) => c.length >= 4 && lower.includes(c.toLowerCase()))
  ) {
    throw new AppError('weak_password', {
      fields: [{ field, code: 'common', message: 'common' }],
      detail: {
        ja: 'よく使われるパスワード、またはログイン ID や名前を含むパスワードは使用できません。',
        en: 'This password is too common or contains your login ID or name.',
      },
    });
  }
}
