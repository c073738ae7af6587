/**
 * CVSS v3.0/v3.1 base score from a vector string (FIRST CVSS v3.1 specification, section 7),
 * so an advisory that carries only the vector (OSV does) still gets a score and a severity.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'none';

const W = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR_U: { N: 0.85, L: 0.62, H: 0.27 },
  PR_C: { N: 0.85, L: 0.68, H: 0.5 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

const BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;
const ALLOWED: Record<(typeof BASE)[number], string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
};

/** The specification's Roundup: the smallest one-decimal number ≥ x, free of float noise. */
export function roundUp(x: number): number {
  const i = Math.round(x * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

/** The base score of a CVSS:3.x vector, or null when the vector is not a valid 3.x base vector. */
export function cvss3BaseScore(vector: string): number | null {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return null;
  const m: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const [k, v, extra] = p.split(':');
    if (!k || !v || extra !== undefined || k in m) return null;
    m[k] = v;
  }
  for (const k of BASE) if (!m[k] || !ALLOWED[k].includes(m[k])) return null;
  const changed = m.S === 'C';
  const iss = 1 - (1 - W.CIA[m.C as 'H']) * (1 - W.CIA[m.I as 'H']) * (1 - W.CIA[m.A as 'H']);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const pr = (changed ? W.PR_C : W.PR_U)[m.PR as 'N'];
  const exploitability = 8.22 * W.AV[m.AV as 'N'] * W.AC[m.AC as 'L'] * pr * W.UI[m.UI as 'N'];
  if (impact <= 0) return 0;
  return changed
    ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
    : roundUp(Math.min(impact + exploitability, 10));
}

/** The qualitative rating of a score (CVSS v3.1 section 5). */
export function severityOf(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}
