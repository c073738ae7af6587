import { readFile } from 'node:fs/promises';
import { AppError } from '../../../app/errors.ts';

/**
 * The Japanese font the PDF statement embeds (subset to the glyphs it uses). PVA_PDF_FONT names
 * a TrueType/OpenType file or a collection (.ttc); PVA_PDF_FONT_FACE picks the face of a
 * collection by its PostScript name. The default is Debian's fonts-noto-cjk.
 */
export const DEFAULT_PDF_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEFAULT_PDF_FONT_FACE = 'NotoSansCJKjp-Regular';

export interface PdfFont {
  path: string;
  /** PostScript name of the face inside a collection; ignored for a single-face file. */
  face: string | undefined;
  data: Buffer;
}

export function fontSetting(env: NodeJS.ProcessEnv = process.env): {
  path: string;
  face: string | undefined;
} {
  const path = env.PVA_PDF_FONT?.trim() || DEFAULT_PDF_FONT;
  const face =
    env.PVA_PDF_FONT_FACE?.trim() ||
    (path.toLowerCase().endsWith('.ttc') ? DEFAULT_PDF_FONT_FACE : undefined);
  return { path, face };
}

export function fontMissing(path: string, why: string): AppError {
  return new AppError('not_ready', {
    detail: {
      ja: `PDF に埋め込む日本語フォントを読み込めません（${path}: ${why}）。PVA_PDF_FONT に日本語フォント（.ttf, .otf, .ttc）のパスを設定してください。`,
      en: `The Japanese font for the PDF cannot be loaded (${path}: ${why}). Set PVA_PDF_FONT to the path of a Japanese font (.ttf, .otf or .ttc).`,
    },
  });
}

// A CJK collection is about 20 MB: read once per path, not per download.
const cache = new Map<string, Promise<Buffer>>();

export async function loadPdfFont(env: NodeJS.ProcessEnv = process.env): Promise<PdfFont> {
  const { path, face } = fontSetting(env);
  let data = cache.get(path);
  if (!data) {
    data = readFile(path);
    cache.set(path, data);
  }
  try {
    return { path, face, data: await data };
  } catch (e) {
    cache.delete(path);
    throw fontMissing(path, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}
