export interface Figure {
  name: string;
  /** null: not measured (yet); no number is made up. */
  value: number | null;
  unit: string;
  goal?: { op: '>=' | '<='; target: number };
  /** The measured side and the baseline side, in absolute numbers, for context. */
  measured?: string;
  baseline?: string;
  how: string;
  /** Requests that did not answer 200 during the figure's runs: the figure is then not valid. */
  bad?: number;
  failures?: string | undefined;
  /** The value is a lower bound (e.g. a percentile that fell among timed-out requests). */
  atLeast?: boolean;
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

export function status(f: Figure): string {
  if (f.value === null) return 'not yet';
  if (f.bad) return `INVALID (${f.bad} failed requests${f.failures ? `: ${f.failures}` : ''})`;
  if (!f.goal) return '—';
  const ok = f.goal.op === '>=' ? f.value >= f.goal.target : f.value <= f.goal.target;
  if (f.atLeast && ok && f.goal.op === '<=') return 'unknown (lower bound)';
  return ok ? 'met' : 'MISSED';
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function table(headers: string[], rows: string[][]): string {
  const lines = [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

export function figuresTable(figures: Figure[]): string {
  return table(
    ['figure', 'value', 'goal', 'status', 'measured', 'baseline (same run)', 'how'],
    figures.map((f) => [
      `\`${f.name}\``,
      f.value === null ? '—' : `${f.atLeast ? '≥ ' : ''}${fmt(f.value)}${f.unit ? ` ${f.unit}` : ''}`,
      f.goal ? `${f.goal.op === '>=' ? '≥' : '≤'} ${f.goal.target}` : '—',
      status(f),
      f.measured ?? '',
      f.baseline ?? '',
      f.how,
    ]),
  );
}

/** results.json: every measured figure as a number, nothing else. */
export function resultsJson(figures: Figure[], extra: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of figures) if (f.value !== null) out[f.name] = round(f.value);
  for (const [k, v] of Object.entries(extra)) out[k] = round(v);
  return out;
}

const round = (v: number): number => Number(v.toPrecision(6));
