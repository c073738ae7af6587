import { BOM, csvRow } from './csv.ts';
import { EXPORT_FORMAT, EXPORT_VERSION } from './schema.ts';
import { SECTIONS, type ExportContext, type Section } from './sections.ts';

/** Rows per page: each page is read in a transaction of its own (see `Run`). */
export const PAGE_SIZE = 1000;

/**
 * Runs `fn` in a short transaction of the request's tenant. The stream never holds one
 * transaction for its whole life: the embedded database runs one transaction at a time, so a
 * long export would stall every other request; between pages other work goes ahead.
 */
export type Run = <T>(fn: () => Promise<T>) => Promise<T>;

export interface PlannedSection {
  section: Section;
  count: number;
}

/** The sections this principal's export includes, with their object counts (one transaction). */
export async function plan(
  ctx: ExportContext,
  sections: readonly Section[] = SECTIONS,
): Promise<PlannedSection[]> {
  const out: PlannedSection[] = [];
  for (const section of sections) {
    if (!(await section.included(ctx))) continue;
    out.push({ section, count: await section.count(ctx) });
  }
  return out;
}

export const totalObjects = (planned: readonly PlannedSection[]): number =>
  planned.reduce((n, p) => n + p.count, 0);

/** Every object of a section, one page (one transaction) at a time, in keyset order. */
async function* pages(run: Run, ctx: ExportContext, section: Section) {
  let after: string | number | null = null;
  for (;;) {
    const limit = section.shape === 'object' ? 1 : PAGE_SIZE;
    const rows = await run(() => section.page(ctx, after, limit));
    if (rows.length) yield rows.map((r) => r.object);
    if (section.shape === 'object' || rows.length < limit) return;
    after = rows[rows.length - 1]!.key;
  }
}

export interface JsonHeader {
  exportedAt: string;
  role: string;
  /** Service codes the export is limited to; null = every service. */
  serviceScope: string[] | null;
}

/**
 * The JSON document, written as it is read: a page of rows becomes one chunk, so memory holds
 * one page whatever the size of the tenant. Readable.from() pulls the next chunk only when the
 * client has taken the last one.
 */
export async function* jsonDocument(
  run: Run,
  ctx: ExportContext,
  planned: readonly PlannedSection[],
  header: JsonHeader,
): AsyncGenerator<string> {
  const meta = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: header.exportedAt,
    scope: {
      role: header.role,
      serviceScope: header.serviceScope,
      sections: planned.map((p) => p.section.name),
    },
  };
  yield JSON.stringify(meta).slice(0, -1); // the members follow; the closing brace comes last
  for (const { section } of planned) {
    const name = JSON.stringify(section.name);
    if (section.shape === 'object') {
      let object: unknown = null;
      for await (const objects of pages(run, ctx, section)) object = objects[0] ?? null;
      yield `,\n${name}:${JSON.stringify(object)}`;
      continue;
    }
    yield `,\n${name}:[`;
    let first = true;
    for await (const objects of pages(run, ctx, section)) {
      yield (first ? '\n' : ',\n') + objects.map((o) => JSON.stringify(o)).join(',\n');
      first = false;
    }
    yield ']';
  }
  yield '\n}\n';
}

/** One section as CSV: the byte-order mark, a header row of the JSON member names, then one row per object. */
export async function* csvDocument(run: Run, ctx: ExportContext, section: Section): AsyncGenerator<string> {
  yield BOM + csvRow(section.columns);
  for await (const objects of pages(run, ctx, section)) {
    yield objects.map((o) => csvRow(section.columns.map((c) => o[c]))).join('');
  }
}
