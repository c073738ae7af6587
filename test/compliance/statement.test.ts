import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/errors.ts';
import { loadPdfFont } from '../../src/modules/compliance/statement/font.ts';
import { statementHtml } from '../../src/modules/compliance/statement/html.ts';
import { statementModel } from '../../src/modules/compliance/statement/model.ts';
import { statementPdf } from '../../src/modules/compliance/statement/pdf.ts';
import { fixtureAssessment } from './statement-fixture.ts';

const run = promisify(execFile);
const ctx = { providerName: { ja: 'テスト通信株式会社', en: 'Test Networks K.K.' } };

/** Decodes an 8-bit greyscale or RGB PNG (what `pdftoppm -png` writes) into grey pixels. */
function greyPixels(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect(png[24]).toBe(8); // bit depth
  const bpp = png[25] === 2 ? 3 : 1; // colour type 2 (RGB) or 0 (grey)
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    if (png.toString('latin1', off + 4, off + 8) === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    off += len + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const b = y ? out[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y ? out[(y - 1) * stride + x - bpp]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]!;
      out[y * stride + x] = (v + pred) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    let sum = 0;
    for (let k = 0; k < bpp; k++) sum += out[i * bpp + k]!;
    pixels[i] = Math.round(sum / bpp);
  }
  return { width, height, pixels };
}

function variance(px: Uint8Array): number {
  let sum = 0;
  for (const v of px) sum += v;
  const mean = sum / px.length;
  let sq = 0;
  for (const v of px) sq += (v - mean) ** 2;
  return sq / px.length;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pva-statement-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('statement model', () => {
  it('puts clauses in the whitepaper order, chapters by section, principles under 5.1.1, times in JST', () => {
    const m = statementModel(fixtureAssessment(), ctx, 'ja');
    expect(m.chapters.map((c) => c.number)).toEqual(['1', '4', '5', '8', '13']);
    expect(m.chapters.flatMap((c) => c.clauses.map((x) => x.clause))).toEqual([
      '5.1.1',
      'CLD.8.1.5',
      '9.2.3',
      '12.4.4',
      '18.2.1',
    ]);
    expect(m.principles.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const mfa = m.chapters[2]!.clauses[0]!;
    expect(mfa.status).toBe('warn');
    expect(mfa.date).toBe('2026-11-27 10:30 JST');
    expect(m.introduction.join('')).toContain('テスト通信株式会社');
    expect(m.chapters.at(-1)!.clauses[0]!.status).toBe('none');
  });
});

describe('statement HTML', () => {
  it('is self-contained, escapes text and shows each clause with its status and evidence', () => {
    const a = fixtureAssessment();
    a.clauses[0]!.statement.en = '<script>alert(1)</script> erased';
    const html = statementHtml(statementModel(a, ctx, 'en'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toMatch(/data-clause="CLD\.8\.1\.5"[\s\S]*data-status="fail"/);
    expect(html).toContain('Terminated tenants past day 80: 1');
    expect(html).toContain('Responsibility split');
    expect(html).not.toMatch(/<(script|img|link)\b/);
    const ja = statementHtml(statementModel(a, ctx, 'ja'));
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain('責任分界点');
    expect(ja).toContain('2026-11-27 10:30 JST');
  });
});

describe('statement PDF', () => {
  for (const lang of ['ja', 'en'] as const) {
    it(`renders in ${lang}: page 1 is not blank, the text layer has the clause numbers and the Japanese text`, async () => {
      const font = await loadPdfFont();
      const pdf = await statementPdf(statementModel(fixtureAssessment(), ctx, lang), font, new Date());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeLessThan(1024 * 1024); // the font is a subset, not the 20 MB collection
      const file = join(dir, `statement-${lang}.pdf`);
      await writeFile(file, pdf);

      await run('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        file,
        join(dir, `page-${lang}`),
      ]);
      const { width, height, pixels } = greyPixels(await readFile(join(dir, `page-${lang}.png`)));
      expect(width).toBeGreaterThan(400);
      expect(height).toBeGreaterThan(600);
      expect(variance(pixels)).toBeGreaterThan(50);

      const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
      for (const c of ['5.1.1', 'CLD.8.1.5', '9.2.3', '12.4.4', '18.2.1']) expect(text).toContain(c);
      if (lang === 'ja') {
        expect(text).toContain('責任分界点');
        expect(text).toContain('多要素認証の登録率 90%');
        expect(text).toContain('情報セキュリティのための方針群');
        expect(text).toContain('2026-11-27 10:30 JST');
      } else {
        expect(text).toContain('Responsibility split');
        expect(text).toContain('MFA enrolled: 90% (9/10)');
        expect(text).toContain('Test Networks K.K.');
      }
    });
  }

  it('a missing font is a clear 503 naming PVA_PDF_FONT', async () => {
    const err = await loadPdfFont({ PVA_PDF_FONT: join(dir, 'no-such-font.ttf') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).detail?.en).toContain('PVA_PDF_FONT');
  });

  it('a face that is not in the collection is a clear 503 too', async () => {
    const font = await loadPdfFont({ PVA_PDF_FONT_FACE: 'NoSuchFace-Regular' });
    const err = await statementPdf(statementModel(fixtureAssessment(), ctx, 'ja'), font, new Date()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).detail?.ja).toContain('NoSuchFace-Regular');
  });
});
