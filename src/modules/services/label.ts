import { AppError, type Lang } from '../../app/errors.ts';

/**
 * The customer's free-text label of a service code (8.2.2): any Unicode, trimmed, at most 200
 * characters counted as code points, without control characters (U+0000–U+001F, U+007F–U+009F).
 * Stored exactly as given after trimming; never interpreted as markup anywhere.
 */
export const LABEL_MAX = 200;

/** Cc, the C0 and C1 control characters (tab and newline included: a label is one line). */
function hasControl(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

type LabelProblem = 'control' | 'too_long' | 'encoding';

const MESSAGES: Record<LabelProblem, { ja: string; en: string }> = {
  control: {
    ja: 'ラベルに制御文字（改行・タブなど）は使用できません。',
    en: 'A label cannot contain control characters (line breaks, tabs and the like).',
  },
  too_long: {
    ja: `ラベルは ${LABEL_MAX} 文字以内で入力してください。`,
    en: `A label can be at most ${LABEL_MAX} characters long.`,
  },
  encoding: {
    ja: 'ラベルに不正な文字（対になっていないサロゲート）が含まれています。',
    en: 'The label contains an invalid character (an unpaired surrogate).',
  },
};

/** The problem with a label, or null: for the API and for the tests. */
export function labelProblem(raw: string): LabelProblem | null {
  const text = raw.trim();
  if (!text.isWellFormed()) return 'encoding';
  if (hasControl(text)) return 'control';
  if ([...text].length > LABEL_MAX) return 'too_long';
  return null;
}

/** The label to store, or a 400 with a field error in the request's language. */
export function checkLabel(raw: string, lang: Lang, field = '/body/label'): string {
  const problem = labelProblem(raw);
  if (!problem) return raw.trim();
  throw new AppError('validation_failed', {
    fields: [{ field, code: `label_${problem}`, message: MESSAGES[problem][lang] }],
  });
}

/** Folds text for label search: full-width/half-width forms (NFKC) and case. */
export function foldForSearch(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}
