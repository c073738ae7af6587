import PDFDocument from 'pdfkit';
import { fontMissing, type PdfFont } from './font.ts';
import type { StatementClause, StatementEvidence, StatementModel } from './model.ts';

const COLORS: Record<string, string> = {
  pass: '#2b8a3e',
  warn: '#e67700',
  fail: '#c92a2a',
  error: '#862e9c',
  none: '#666666',
};
const TEXT = '#222222';
const ACCENT = '#1c5a96';
const MARGIN = 56;

type Doc = PDFKit.PDFDocument;

function heading(doc: Doc, text: string, size: number): void {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.6).fillColor(ACCENT).fontSize(size).text(text).fillColor(TEXT).fontSize(10);
  if (size >= 14) {
    const y = doc.y + 2;
    doc
      .moveTo(MARGIN, y)
      .lineTo(doc.page.width - MARGIN, y)
      .strokeColor(ACCENT)
      .lineWidth(1)
      .stroke();
    doc.moveDown(0.4);
  }
}

const para = (doc: Doc, text: string): void => {
  for (const p of text.split(/\n\s*\n/).filter((x) => x.trim())) doc.text(p.trim(), { paragraphGap: 4 });
};

/** A status label in its colour, then the rest of the line in the text colour. */
function statusLine(doc: Doc, status: string, label: string, rest: string, size = 9): void {
  doc
    .fontSize(size)
    .fillColor(COLORS[status] ?? TEXT)
    .text(`[${label}] `, { continued: true });
  doc.fillColor(TEXT).text(rest);
}

function evidence(doc: Doc, m: StatementModel, items: StatementEvidence[]): void {
  for (const e of items) {
    const label = m.totals.find((t) => t.status === e.status)?.label ?? e.status;
    statusLine(doc, e.status, label, `${e.summary}（${m.labels.checkedAt}: ${e.checkedAt}）`);
  }
}

function clause(doc: Doc, m: StatementModel, c: StatementClause): void {
  heading(doc, `${c.section} ${c.title}`, 12);
  statusLine(
    doc,
    c.status,
    c.statusLabel,
    `${m.labels.clauseNo}: ${c.clause}${c.date ? `\u3000${m.labels.checkedAt}: ${c.date}` : ''}`,
  );
  doc.fontSize(10).moveDown(0.3);
  para(doc, c.statement);
  if (c.clause === '5.1.1') {
    para(doc, m.policy.text);
    if (m.policy.url) doc.fillColor(ACCENT).text(m.policy.url, { link: m.policy.url }).fillColor(TEXT);
    doc.moveDown(0.3).fontSize(10).text(m.labels.principles);
    for (const p of m.principles) {
      if (p.status === 'none') doc.fontSize(9.5).text(`${p.number}. ${p.text}`);
      else statusLine(doc, p.status, p.statusLabel, `${p.number}. ${p.text}`, 9.5);
      evidence(doc, m, p.evidence);
    }
  }
  doc.moveDown(0.3).fontSize(9).fillColor(ACCENT).text(m.labels.evidence).fillColor(TEXT);
  if (c.evidence.length) evidence(doc, m, c.evidence);
  else
    doc
      .fontSize(9)
      .fillColor('#666666')
      .text(c.status === 'none' ? m.labels.noCheck : m.labels.notRun)
      .fillColor(TEXT);
  doc.fontSize(10);
}

/** Page numbers and the title in the bottom margin of every page (after layout: bufferPages). */
function footers(doc: Doc, m: StatementModel): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor('#666666')
      .text(`${m.title} — ${m.labels.page} ${i + 1} / ${range.count}`, MARGIN, doc.page.height - 36, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/** Lays the statement out on A4 pages with the Japanese font embedded as a subset. */
export async function statementPdf(m: StatementModel, font: PdfFont, created: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: m.lang === 'ja' ? 'ja-JP' : 'en-GB',
    displayTitle: true,
    info: { Title: m.title, Author: m.provider, Subject: m.subtitle, CreationDate: created },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont('body', font.data, font.face);
    doc.font('body');
  } catch (e) {
    doc.end();
    await done.catch(() => undefined);
    throw fontMissing(font.path, font.face ? `face ${font.face}: ${String(e)}` : String(e));
  }

  doc.fillColor(ACCENT).fontSize(22).text(m.title).fillColor(TEXT).fontSize(13).text(m.subtitle);
  doc.moveDown(0.5).fontSize(9).fillColor('#666666');
  doc.text(
    `${m.labels.generatedAt}: ${m.generatedAt}${m.lastRun ? `\u3000${m.labels.lastRun}: ${m.lastRun}` : ''}`,
  );
  doc
    .fillColor(TEXT)
    .text(`${m.labels.summary}: ${m.totals.map((t) => `${t.label} ${t.count}`).join(' / ')}`);
  doc.fontSize(10);

  heading(doc, m.labels.introduction, 16);
  m.introduction.forEach((p) => para(doc, p));
  heading(doc, m.labels.overview, 16);
  m.overview.forEach((p) => para(doc, p));
  heading(doc, m.labels.responsibility, 12);
  para(doc, m.responsibility.intro);
  doc.moveDown(0.3).fillColor(ACCENT).text(m.labels.customerScope).fillColor(TEXT);
  doc.list(m.responsibility.customer, { bulletRadius: 1.5, textIndent: 10 });
  doc.moveDown(0.3).fillColor(ACCENT).text(m.labels.providerScope).fillColor(TEXT);
  doc.list(m.responsibility.provider, { bulletRadius: 1.5, textIndent: 10 });
  heading(doc, m.labels.isoOverview, 16);
  para(doc, m.isoOverview);

  doc.addPage();
  heading(doc, m.labels.approach, 18);
  for (const ch of m.chapters) {
    heading(doc, `${ch.number}. ${ch.title}`, 16);
    for (const c of ch.clauses) clause(doc, m, c);
  }
  footers(doc, m);
  doc.end();
  return done;
}
