import type { StatementClause, StatementEvidence, StatementModel } from './model.ts';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Paragraphs of a statement: blank lines separate them, single newlines break lines. */
const paras = (text: string): string =>
  text
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${esc(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

const badge = (status: string, label: string): string =>
  `<span class="badge ${esc(status)}" data-status="${esc(status)}">${esc(label)}</span>`;

function evidence(m: StatementModel, items: StatementEvidence[], none: string): string {
  if (!items.length) return `<p class="muted">${esc(none)}</p>`;
  return `<ul class="evidence">${items
    .map(
      (e) =>
        `<li>${badge(e.status, m.totals.find((t) => t.status === e.status)?.label ?? e.status)} ${esc(e.summary)} <span class="muted">(${esc(m.labels.checkedAt)}: ${esc(e.checkedAt)})</span></li>`,
    )
    .join('')}</ul>`;
}

function clause(m: StatementModel, c: StatementClause): string {
  const isPolicy = c.clause === '5.1.1';
  const policy = isPolicy
    ? `${paras(m.policy.text)}${m.policy.url ? `<p><a href="${esc(m.policy.url)}">${esc(m.policy.url)}</a></p>` : ''}
<h4>${esc(m.labels.principles)}</h4><ol class="principles">${m.principles
        .map(
          (p) =>
            `<li>${esc(p.text)} ${badge(p.status, p.statusLabel)}${p.evidence.length ? evidence(m, p.evidence, '') : ''}</li>`,
        )
        .join('')}</ol>`
    : '';
  return `<section class="clause" id="clause-${esc(c.clause)}" data-clause="${esc(c.clause)}">
<h3>${esc(c.section)} ${esc(c.title)}</h3>
<p class="clause-no">${esc(m.labels.clauseNo)}: ${esc(c.clause)} ${badge(c.status, c.statusLabel)}${c.date ? ` <span class="muted">${esc(m.labels.checkedAt)}: ${esc(c.date)}</span>` : ''}</p>
${paras(c.statement)}
${policy}
<div class="evidence-box"><h4>${esc(m.labels.evidence)}</h4>${evidence(m, c.evidence, c.status === 'none' ? m.labels.noCheck : m.labels.notRun)}</div>
</section>`;
}

const STYLE = `body{font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#222}
h1{font-size:1.6rem;margin-bottom:0}h2{border-bottom:2px solid #1c5a96;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin:1.8rem 0 .3rem}h4{margin:.8rem 0 .2rem;font-size:.95rem}.muted{color:#666;font-size:.9em}
.clause-no{margin:0;font-size:.9rem}.badge{display:inline-block;padding:0 .5em;border-radius:.3em;font-size:.85em;color:#fff;background:#777}
.badge.pass{background:#2b8a3e}.badge.warn{background:#e67700}.badge.fail{background:#c92a2a}.badge.error{background:#862e9c}
.evidence-box{background:#f4f6f8;border-left:4px solid #1c5a96;padding:.3rem .8rem;margin:.6rem 0}
.evidence{margin:.2rem 0;padding-left:1.2rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.3rem .6rem;vertical-align:top;text-align:left}`;

/** The statement as one self-contained HTML page (no scripts, no outside resources). */
export function statementHtml(m: StatementModel): string {
  const list = (xs: string[]) => `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="${m.lang}"><head><meta charset="utf-8"><title>${esc(m.title)} | ${esc(m.provider)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<header><h1>${esc(m.title)}</h1><p>${esc(m.subtitle)}</p>
<p class="muted">${esc(m.labels.generatedAt)}: ${esc(m.generatedAt)}${m.lastRun ? ` / ${esc(m.labels.lastRun)}: ${esc(m.lastRun)}` : ''}</p>
<p>${esc(m.labels.summary)}: ${m.totals.map((t) => `${badge(t.status, t.label)} ${t.count}`).join(' ')}</p></header>
<h2>${esc(m.labels.introduction)}</h2>${m.introduction.map((p) => `<p>${esc(p)}</p>`).join('')}
<h2>${esc(m.labels.overview)}</h2>${m.overview.map((p) => `<p>${esc(p)}</p>`).join('')}
<h3>${esc(m.labels.responsibility)}</h3><p>${esc(m.responsibility.intro)}</p>
<table><tr><th>${esc(m.labels.customerScope)}</th><td>${list(m.responsibility.customer)}</td></tr>
<tr><th>${esc(m.labels.providerScope)}</th><td>${list(m.responsibility.provider)}</td></tr></table>
<h2>${esc(m.labels.isoOverview)}</h2><p>${esc(m.isoOverview)}</p>
<h2>${esc(m.labels.approach)}</h2>
${m.chapters.map((ch) => `<h2>${esc(ch.number)}. ${esc(ch.title)}</h2>\n${ch.clauses.map((c) => clause(m, c)).join('\n')}`).join('\n')}
</body></html>
`;
}
