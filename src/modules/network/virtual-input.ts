import { AppError, type FieldError, type Lang } from '../../app/errors.ts';

/** Input checks shared by virtual networks, pools and connections: every problem a field error (400). */
export type Text = { ja: string; en: string };

// Names and reasons are one line of text: no control characters at all.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

export const fieldError = (field: string, code: string, message: Text, lang: Lang): FieldError => ({
  field,
  code,
  message: message[lang],
});

export function invalid(field: string, code: string, message: Text, lang: Lang): AppError {
  return new AppError('validation_failed', { fields: [fieldError(field, code, message, lang)] });
}

/** A trimmed one-line text, or a 400 naming the field. */
export function oneLine(value: string, field: string, lang: Lang): string {
  const text = value.trim();
  if (!text) throw invalid(field, 'required', { ja: '必須項目です。', en: 'This field is required.' }, lang);
  if (CONTROL.test(text) || !text.isWellFormed())
    throw invalid(
      field,
      'control',
      { ja: '制御文字は使用できません。', en: 'Control characters are not allowed.' },
      lang,
    );
  return text;
}

export function taken(field: string, what: Text, lang: Lang): AppError {
  return new AppError('conflict', {
    fields: [
      fieldError(
        field,
        'taken',
        { ja: `この${what.ja}はすでに使われています。`, en: `This ${what.en} is already in use.` },
        lang,
      ),
    ],
  });
}

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && e.code === '23505';
}
