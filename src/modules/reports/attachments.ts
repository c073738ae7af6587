import { createHash } from 'node:crypto';
import { AppError, type FieldError, type Lang } from '../../app/errors.ts';
import type { ReportSettings } from './settings.ts';

/** What a customer may attach: evidence formats, nothing a browser would run. */
export const CONTENT_TYPES = [
  'text/plain',
  'text/csv',
  'application/json',
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/zip',
  'message/rfc822',
  'application/vnd.tcpdump.pcap',
] as const;

/** Formats with a signature: the first bytes must match the declared type. */
const MAGIC: Partial<Record<string, number[]>> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46], // %PDF
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'application/zip': [0x50, 0x4b],
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// eslint-disable-next-line no-control-regex
const BAD_NAME = /[\u0000-\u001F\u007F/\\]/;

export interface DecodedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  sha256: string;
}

/** base64 length of n bytes */
export const base64Length = (n: number): number => Math.ceil(n / 3) * 4;

/**
 * The route's body limit: every file at its largest, plus the text. Anything bigger is refused by
 * the HTTP layer before it is parsed (413).
 */
export const bodyLimitFor = (s: ReportSettings): number =>
  Math.max(1, s.attachmentMaxFiles) * base64Length(s.attachmentMaxBytes) + 256 * 1024;

/** Decodes and checks the files: too many or too large is 413, a bad type or encoding is 400. */
export function decodeAttachments(
  list: { filename: string; contentType: string; contentBase64: string }[],
  s: ReportSettings,
  lang: Lang,
): DecodedAttachment[] {
  const t = (ja: string, en: string) => (lang === 'ja' ? ja : en);
  if (list.length > s.attachmentMaxFiles)
    throw new AppError('body_too_large', {
      detail: {
        ja: `添付できるファイルは ${s.attachmentMaxFiles} 個までです。`,
        en: `At most ${s.attachmentMaxFiles} files can be attached.`,
      },
    });
  const errors: FieldError[] = [];
  const out: DecodedAttachment[] = [];
  list.forEach((a, i) => {
    const at = `/body/attachments/${i}`;
    const filename = a.filename.trim();
    if (!filename || BAD_NAME.test(filename))
      errors.push({
        field: `${at}/filename`,
        code: 'filename',
        message: t('ファイル名が正しくありません。', 'The file name is not valid.'),
      });
    const type = a.contentType.toLowerCase().split(';')[0]!.trim();
    if (!(CONTENT_TYPES as readonly string[]).includes(type))
      errors.push({
        field: `${at}/contentType`,
        code: 'content_type',
        message: t('このファイル形式は添付できません。', 'This file type cannot be attached.'),
      });
    if (a.contentBase64.length > base64Length(s.attachmentMaxBytes))
      throw new AppError('body_too_large', {
        detail: {
          ja: `「${filename}」が大きすぎます（1 ファイル ${s.attachmentMaxBytes} バイトまで）。`,
          en: `"${filename}" is too large (at most ${s.attachmentMaxBytes} bytes per file).`,
        },
      });
    if (a.contentBase64.length % 4 !== 0 || !BASE64.test(a.contentBase64)) {
      errors.push({
        field: `${at}/contentBase64`,
        code: 'base64',
        message: t('base64 として読めません。', 'This is not valid base64.'),
      });
      return;
    }
    const content = Buffer.from(a.contentBase64, 'base64');
    if (content.byteLength > s.attachmentMaxBytes)
      throw new AppError('body_too_large', {
        detail: {
          ja: `「${filename}」が大きすぎます（1 ファイル ${s.attachmentMaxBytes} バイトまで）。`,
          en: `"${filename}" is too large (at most ${s.attachmentMaxBytes} bytes per file).`,
        },
      });
    if (content.byteLength === 0)
      errors.push({
        field: `${at}/contentBase64`,
        code: 'empty',
        message: t('空のファイルです。', 'The file is empty.'),
      });
    const magic = MAGIC[type];
    if (magic && content.byteLength > 0 && !magic.every((b, k) => content[k] === b))
      errors.push({
        field: `${at}/contentBase64`,
        code: 'content_mismatch',
        message: t('ファイルの内容が形式と一致しません。', 'The content does not match the file type.'),
      });
    out.push({
      filename,
      contentType: type,
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  });
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  return out;
}
