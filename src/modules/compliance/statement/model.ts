import { formatInstant, getTimezone } from '../../../lib/time.ts';
import { RESPONSIBILITY } from '../../info/principles.ts';
import type { Assessment, Bilingual, CheckStatus, ClauseAssessment } from '../types.ts';
import {
  CHAPTERS,
  INTRODUCTION,
  ISO_OVERVIEW,
  LABELS,
  RESPONSIBILITY_INTRO,
  SERVICE_OVERVIEW,
  STATUS,
} from './text.ts';

export type Lang = 'ja' | 'en';
export type StatementStatus = CheckStatus | 'none';

export interface StatementEvidence {
  status: CheckStatus;
  summary: string;
  checkedAt: string;
}

export interface StatementClause {
  section: string;
  clause: string;
  title: string;
  statement: string;
  status: StatementStatus;
  statusLabel: string;
  /** The latest check time among its results (JST), or null without results. */
  date: string | null;
  evidence: StatementEvidence[];
}

export interface StatementPrinciple {
  number: number;
  text: string;
  status: StatementStatus;
  statusLabel: string;
  evidence: StatementEvidence[];
}

export interface StatementChapter {
  number: string;
  title: string;
  clauses: StatementClause[];
}

/** One language's statement, ready to lay out as HTML or PDF. */
export interface StatementModel {
  lang: Lang;
  title: string;
  subtitle: string;
  provider: string;
  generatedAt: string;
  lastRun: string | null;
  totals: { status: CheckStatus; label: string; count: number }[];
  introduction: string[];
  overview: string[];
  responsibility: { intro: string; provider: string[]; customer: string[] };
  isoOverview: string;
  policy: { text: string; url: string | null };
  principles: StatementPrinciple[];
  chapters: StatementChapter[];
  labels: Record<keyof typeof LABELS, string>;
}

export interface StatementContext {
  providerName: Bilingual;
}

/** An instant as people read it in the configured zone: '2026-11-27 17:09 JST' (or its offset). */
export function displayTime(iso: string): string {
  const s = formatInstant(new Date(iso));
  const zone = getTimezone() === 'Asia/Tokyo' ? 'JST' : `UTC${s.slice(-6)}`;
  return `${s.slice(0, 10)} ${s.slice(11, 16)} ${zone}`;
}

const sectionKey = (s: string): number[] => s.split('.').map((n) => Number.parseInt(n, 10) || 0);
function bySection(a: ClauseAssessment, b: ClauseAssessment): number {
  const x = sectionKey(a.section);
  const y = sectionKey(b.section);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

const principleNumber = (clause: string): number | null => {
  const m = /^principle-(\d+)$/.exec(clause);
  return m ? Number(m[1]) : null;
};

function evidenceOf(c: ClauseAssessment, lang: Lang): StatementEvidence[] {
  return c.results.map((r) => ({
    status: r.status,
    summary: r.summary[lang],
    checkedAt: displayTime(r.checkedAt),
  }));
}

function latest(c: ClauseAssessment): string | null {
  const times = c.results.map((r) => r.checkedAt).sort();
  const last = times[times.length - 1];
  return last ? displayTime(last) : null;
}

/** Puts the assessment into the whitepaper's order and the reader's language. */
export function statementModel(a: Assessment, ctx: StatementContext, lang: Lang): StatementModel {
  const provider = ctx.providerName[lang];
  const fill = (b: Bilingual) => b[lang].replaceAll('{provider}', provider);
  const principles: StatementPrinciple[] = [];
  const chapters = new Map<string, StatementChapter>();
  for (const c of [...a.clauses].sort(bySection)) {
    const n = principleNumber(c.clause);
    if (n !== null) {
      principles.push({
        number: n,
        text: c.statement[lang] || c.title[lang],
        status: c.status,
        statusLabel: STATUS[c.status]![lang],
        evidence: evidenceOf(c, lang),
      });
      continue;
    }
    const no = c.section.split('.')[0] ?? '';
    let chapter = chapters.get(no);
    if (!chapter) {
      chapter = { number: no, title: CHAPTERS[no]?.[lang] ?? '', clauses: [] };
      chapters.set(no, chapter);
    }
    chapter.clauses.push({
      section: c.section,
      clause: c.clause,
      title: c.title[lang],
      statement: c.statement[lang],
      status: c.status,
      statusLabel: STATUS[c.status]![lang],
      date: latest(c),
      evidence: evidenceOf(c, lang),
    });
  }
  principles.sort((x, y) => x.number - y.number);
  const statuses: CheckStatus[] = ['pass', 'warn', 'fail', 'error'];
  return {
    lang,
    title: LABELS.title[lang],
    subtitle: `${provider} ${LABELS.subtitle[lang]}`,
    provider,
    generatedAt: displayTime(a.generatedAt),
    lastRun: a.run ? displayTime(a.run.finishedAt ?? a.run.startedAt) : null,
    totals: statuses.map((s) => ({ status: s, label: STATUS[s]![lang], count: a.totals[s] ?? 0 })),
    introduction: INTRODUCTION.map(fill),
    overview: SERVICE_OVERVIEW.map(fill),
    responsibility: {
      intro: fill(RESPONSIBILITY_INTRO),
      provider: RESPONSIBILITY.provider.items.map((i) => i[lang]),
      customer: RESPONSIBILITY.customer.items.map((i) => i[lang]),
    },
    isoOverview: fill(ISO_OVERVIEW),
    policy: { text: a.policy.text[lang], url: a.policy.url },
    principles,
    chapters: [...chapters.values()],
    labels: Object.fromEntries(
      Object.entries(LABELS).map(([k, v]) => [k, v[lang]]),
    ) as StatementModel['labels'],
  };
}
