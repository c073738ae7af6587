import type { paths as Mgmt } from '../../api/mgmt.d.ts';
import type { paths as Portal } from '../../api/portal.d.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The assessment (src/modules/compliance/types.ts), as each listener serves it. */
export type Assessment = Json<Mgmt['/api/v1/compliance/assessment']['get']['responses'][200]>;
export type CustomerAssessment = Json<Portal['/api/v1/compliance/assessment']['get']['responses'][200]>;
export type ClauseAssessment = Assessment['clauses'][number];
export type CheckResult = ClauseAssessment['results'][number];
export type CheckInfo = Assessment['checks'][number];
export type Runs = Json<Mgmt['/api/v1/compliance/runs']['get']['responses'][200]>;
export type CheckDetail = Json<Mgmt['/api/v1/compliance/checks/{checkId}']['get']['responses'][200]>;
export type PolicyDetail = Json<Mgmt['/api/v1/compliance/policy']['get']['responses'][200]>;
export type SecurityPolicy = Json<Portal['/api/v1/compliance/security-policy']['get']['responses'][200]>;
export type Status = CheckResult['status'] | 'none';

export const statementUrl = (format: 'pdf' | 'html', lang: 'ja' | 'en'): string =>
  `/api/v1/compliance/statement/${format}?lang=${lang}`;
export const EXPORT_URL = '/api/v1/compliance/export';

/** Clauses in the whitepaper's order (by section), the ten principles apart. */
export function ordered<T extends { clause: string; section: string }>(
  clauses: T[],
): { clauses: T[]; principles: T[] } {
  const key = (s: string) => s.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const cmp = (a: T, b: T) => {
    const [x, y] = [key(a.section), key(b.section)];
    for (let i = 0; i < Math.max(x.length, y.length); i++)
      if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  const num = (c: T) => Number(/^principle-(\d+)$/.exec(c.clause)?.[1] ?? 0);
  return {
    clauses: clauses.filter((c) => !num(c)).sort(cmp),
    principles: clauses.filter((c) => num(c)).sort((a, b) => num(a) - num(b)),
  };
}

/** The latest check time among a clause's results, or null. */
export const latestCheck = (c: { results: { checkedAt: string }[] }): string | null =>
  c.results
    .map((r) => r.checkedAt)
    .sort()
    .at(-1) ?? null;
