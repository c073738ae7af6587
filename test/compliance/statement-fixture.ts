import type { Assessment, CheckResult, ClauseAssessment } from '../../src/modules/compliance/types.ts';

const at = '2026-11-27T01:30:00.000Z'; // 10:30 JST

function result(checkId: string, status: CheckResult['status'], ja: string, en: string): CheckResult {
  return { checkId, status, summary: { ja, en }, figures: {}, objects: [], checkedAt: at };
}

function clause(
  clauseNo: string,
  section: string,
  title: [string, string],
  statement: [string, string],
  results: CheckResult[],
): ClauseAssessment {
  const order = ['pass', 'warn', 'fail', 'error'] as const;
  const worst = results.reduce<number>((w, r) => Math.max(w, order.indexOf(r.status)), -1);
  return {
    clause: clauseNo,
    section,
    title: { ja: title[0], en: title[1] },
    statement: { ja: statement[0], en: statement[1] },
    edited: false,
    features: [],
    checkIds: results.map((r) => r.checkId),
    status: worst < 0 ? 'none' : order[worst]!,
    results,
  };
}

/** A small assessment in the shape of the back end's: a few clauses of several chapters, and principles. */
export function fixtureAssessment(): Assessment {
  const principles = Array.from({ length: 10 }, (_, i) =>
    clause(
      `principle-${i + 1}`,
      '1.1',
      [`原則 ${i + 1}`, `Principle ${i + 1}`],
      [`設計原則その${i + 1}を適用する。`, `Design principle number ${i + 1} is applied.`],
      i === 9 ? [result('audit-chain', 'pass', '監査ログの連鎖を検証済み', 'Audit chain verified')] : [],
    ),
  );
  return {
    generatedAt: at,
    run: { id: '00000000-0000-4000-8000-000000000001', startedAt: at, finishedAt: at, trigger: 'manual' },
    totals: { pass: 2, warn: 1, fail: 1, error: 0 },
    clauses: [
      clause(
        'CLD.8.1.5',
        '4.3',
        ['クラウドサービスカスタマの資産の除去', 'Removal of cloud service customer assets'],
        [
          '解約日の翌日を起算日として、90 日以内に消去しております。',
          'Customer data is erased within 90 days of the termination date.',
        ],
        [result('erasure', 'fail', '80 日を過ぎた解約テナント: 1 件', 'Terminated tenants past day 80: 1')],
      ),
      clause(
        '5.1.1',
        '1.1',
        ['情報セキュリティのための方針群', 'Policies for information security'],
        [
          '弊社の情報セキュリティ基本方針に従い、サービス運営を行います。',
          'We run the service under our policy.',
        ],
        [],
      ),
      ...principles,
      clause(
        '9.2.3',
        '5.3',
        ['特権的アクセス権の管理', 'Management of privileged access rights'],
        [
          'ID とパスワードの認証に加え、多要素認証を設定する機能を提供しております。',
          'Administrators log in with ID, password and multi-factor authentication.',
        ],
        [
          result('mfa', 'warn', '多要素認証の登録率 90%（9/10）', 'MFA enrolled: 90% (9/10)'),
          result('allowlist', 'pass', 'IP 制限のあるテナント 3/3', 'Tenants with an IP allowlist: 3/3'),
        ],
      ),
      clause(
        '12.4.4',
        '8.5',
        ['クロックの同期', 'Clock synchronization'],
        [
          'NTP による時刻同期の仕組みを有しており、日本時間(JST)で管理しています。',
          'Clocks are synchronised by NTP; times are kept in JST.',
        ],
        [result('ntp', 'pass', '時刻のずれ 0.012 秒', 'Clock offset 0.012 s')],
      ),
      clause(
        '18.2.1',
        '13.5',
        ['情報セキュリティの独立したレビュー', 'Independent review of information security'],
        ['ISMS 認証を取得しております。', 'We hold ISMS certification.'],
        [],
      ),
    ],
    checks: [],
    policy: {
      text: {
        ja: '当社は情報セキュリティを経営の最重要課題の一つと位置づけます。',
        en: 'We treat information security as one of our most important responsibilities.',
      },
      url: 'https://example.com/security-policy',
    },
  };
}
