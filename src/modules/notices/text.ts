import type { FieldError, Lang } from '../../app/errors.ts';
import type { Bilingual } from '../../db/schema-notices.ts';

export const msg = (lang: Lang, ja: string, en: string): string => (lang === 'ja' ? ja : en);
export const field = (f: string, code: string, message: string): FieldError => ({ field: f, code, message });

// Control characters other than tab and line breaks have no place in a notice.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Both languages present (not just blanks) and free of control characters. */
export function checkText(t: Bilingual, path: string, lang: Lang): FieldError[] {
  const errors: FieldError[] = [];
  for (const l of ['ja', 'en'] as const) {
    if (!t[l].trim())
      errors.push(field(`${path}/${l}`, 'required', msg(lang, '必須項目です。', 'This field is required.')));
    else if (CONTROL.test(t[l]))
      errors.push(
        field(
          `${path}/${l}`,
          'control',
          msg(lang, '制御文字は使用できません。', 'Control characters are not allowed.'),
        ),
      );
  }
  return errors;
}
