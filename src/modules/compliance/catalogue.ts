import { CLAUSES_1 } from './catalogue-1.ts';
import { CLAUSES_2 } from './catalogue-2.ts';
import { PRINCIPLES } from './catalogue-principles.ts';
import type { Bilingual } from './types.ts';

/**
 * The control catalogue (issue 11): every clause of ISO/IEC 27017 the service states its position
 * on, in the order of the provider's whitepaper, then the ten design principles of 5.1.1. The
 * statements are the whitepaper's text (ja) and its translation (en); staff may replace them
 * (ops.compliance_statement). `checkIds` name the evidence checks in checks/.
 */
export interface ClauseDef {
  clause: string;
  section: string;
  title: Bilingual;
  statement: Bilingual;
  features: Bilingual[];
  checkIds: string[];
}

export const CLAUSES: readonly ClauseDef[] = [...CLAUSES_1, ...CLAUSES_2, ...PRINCIPLES];

export const clauseByNumber = (clause: string): ClauseDef | undefined =>
  CLAUSES.find((c) => c.clause === clause);

/** The security policy page's default text (5.1.1); the link defaults to PVA_POLICY_URL. */
export const DEFAULT_POLICY: Bilingual = {
  ja:
    '当社は、情報セキュリティ基本方針に従い、情報セキュリティをサービス運営上の極めて重要な事項として取り扱います。' +
    'クラウドサービスの提供にあたっては、お客様の情報セキュリティ要求を満たすため、以下の十の設計原則を考慮します。',
  en:
    'In line with our basic information security policy, we treat information security as a matter of the utmost ' +
    'importance in running the service. In providing the cloud service, we take the ten design principles below ' +
    "into account to meet our customers' information security requirements.",
};
