import { db } from '../../../db/context.ts';
import { formatInstant } from '../../../lib/time.ts';
import { recordVerification } from '../../audit/repository.ts';
import { recordAudit } from '../../audit/service.ts';
import { verifyChain } from '../../audit/verify.ts';
import { t, type CheckDef } from '../check.ts';

const DAY_MS = 86_400_000;

async function verifications() {
  const last = await db()
    .selectFrom('audit.verification')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lastOk = await db()
    .selectFrom('audit.verification')
    .selectAll()
    .where('ok', '=', true)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { last, lastOk };
}

export const auditChainCheck: CheckDef = {
  id: 'audit.chain',
  clauses: ['18.1.3', '16.1.7', 'principle-2', 'principle-4', 'principle-10'],
  title: t('監査ログのハッシュチェーン検証', 'Verification of the audit hash chain'),
  criteria: t(
    '監査ログのハッシュチェーンが過去 24 時間以内に検証に成功し、その後に失敗がなければ合格。24 時間以内の成功がない場合はこのチェックが監査モジュールの検証を実行して記録し、成功すれば警告（毎日の検証が動いていない）。最新の検証が失敗（改ざん・欠落・順序の入れ替え）なら不合格。',
    'Pass when the audit hash chain verified successfully within the last 24 hours and no verification failed since. Without a success in 24 hours this check runs the audit module’s verification itself and records it: warn when it succeeds (the daily verification is not running), fail when it finds an altered, removed or reordered record. Fail also when the latest verification failed.',
  ),
  async run(ctx) {
    const now = ctx.now.getTime();
    let { last, lastOk } = await ctx.read(verifications);
    let ranNow = false;
    if (!lastOk || now - lastOk.at.getTime() > DAY_MS) {
      ranNow = true;
      await ctx.read(async () => {
        const r = await verifyChain();
        await recordVerification({
          ok: r.ok,
          records: r.records,
          first_bad_seq: r.firstBadSeq,
          problem: r.problem,
        });
        await recordAudit({
          action: 'audit.verified',
          outcome: r.ok ? 'success' : 'failure',
          summary: { records: r.records, first_bad_seq: r.firstBadSeq, by: 'compliance.check' },
        });
      });
      ({ last, lastOk } = await ctx.read(verifications));
    }
    const failed = last && !last.ok;
    const when = lastOk ? formatInstant(lastOk.at) : null;
    const figures = {
      lastSuccessAt: when,
      records: last?.records ?? 0,
      lastOk: !!last?.ok,
      firstBadSeq: last?.first_bad_seq ?? null,
      verifiedByCheck: ranNow,
    };
    if (failed && last)
      return {
        status: 'fail',
        summary: t(
          `監査ログの検証に失敗: ${last.problem ?? ''}（最後の成功 ${when ?? 'なし'}）。`,
          `The audit chain failed verification: ${last.problem ?? ''} (last success ${when ?? 'never'}).`,
        ),
        figures,
        objects: [
          {
            kind: 'audit-record',
            id: String(last.first_bad_seq ?? ''),
            label: `seq ${last.first_bad_seq ?? '?'}`,
            note: t('最初の不整合レコード', 'First inconsistent record'),
            href: '/audit',
          },
        ],
      };
    return {
      status: ranNow ? 'warn' : 'pass',
      summary: ranNow
        ? t(
            `24 時間以内の定期検証がないため、このチェックで検証しました: ${last?.records ?? 0} 件、正常（${when}）。`,
            `No scheduled verification within 24 hours, so this check verified the chain: ${last?.records ?? 0} records, intact (${when}).`,
          )
        : t(
            `監査ログ ${last?.records ?? 0} 件を ${when} に検証、正常。`,
            `Audit chain of ${last?.records ?? 0} records verified intact at ${when}.`,
          ),
      figures,
    };
  },
};
