import { getTimezone, offsetMinutes } from '../../../lib/time.ts';
import { t, type CheckDef, type CheckOutcome } from '../check.ts';
import { sntpQuery } from '../sntp.ts';

export const WARN_OFFSET_MS = 1000;
export const FAIL_OFFSET_MS = 10_000;

export const ntpCheck: CheckDef = {
  id: 'time.ntp',
  clauses: ['12.4.4'],
  title: t('NTP サーバーとの時刻差', 'Clock offset from the NTP server'),
  criteria: t(
    'PVA_NTP_SERVER に SNTP（RFC 4330）で問い合わせ、このホストの時刻差が 1 秒以内なら合格、10 秒以内なら警告、それを超えれば不合格。サーバー未設定なら警告（時刻差を確認できない）、応答がなければエラー。',
    'Queries PVA_NTP_SERVER with SNTP (RFC 4330): pass when this host’s offset is within 1 s, warn within 10 s, fail beyond. Warn when no server is configured (the offset cannot be checked); error when the server does not answer.',
  ),
  async run(ctx): Promise<CheckOutcome> {
    const server = ctx.config.compliance.ntpServer;
    if (!server)
      return {
        status: 'warn',
        summary: t(
          'NTP サーバーが設定されていないため時刻差を確認できません（PVA_NTP_SERVER）。',
          'No NTP server is configured, so the clock offset cannot be checked (PVA_NTP_SERVER).',
        ),
        figures: { configured: false, offsetMs: null },
      };
    const name = `${server.host}:${server.port}`;
    const r = await sntpQuery(server.host, server.port); // a throw becomes 'error' with the reason
    const abs = Math.abs(r.offsetMs);
    const secs = (abs / 1000).toFixed(3);
    return {
      status: abs > FAIL_OFFSET_MS ? 'fail' : abs > WARN_OFFSET_MS ? 'warn' : 'pass',
      summary: t(
        `NTP サーバー ${name}（stratum ${r.stratum}）との時刻差 ${secs} 秒（往復 ${Math.round(r.delayMs)} ms）。`,
        `Offset from NTP server ${name} (stratum ${r.stratum}): ${secs} s (round trip ${Math.round(r.delayMs)} ms).`,
      ),
      figures: {
        configured: true,
        server: name,
        offsetMs: Math.round(r.offsetMs),
        delayMs: Math.round(r.delayMs),
        stratum: r.stratum,
      },
    };
  },
};

export const zoneCheck: CheckDef = {
  id: 'time.zone',
  clauses: ['12.4.4'],
  title: t('記録時刻のタイムゾーン（JST）', 'Time zone of recorded times (JST)'),
  criteria: t(
    '設定されたタイムゾーン（PVA_TIMEZONE）が Asia/Tokyo で、実際に使われているゾーンも同じなら合格。UTC+9 の別名のゾーンなら警告。それ以外なら不合格。',
    'Pass when the configured zone (PVA_TIMEZONE) is Asia/Tokyo and the zone in use is the same. Warn for another zone that is UTC+9 now; fail otherwise.',
  ),
  async run(ctx) {
    const configured = ctx.config.timezone;
    const inUse = getTimezone();
    const offset = offsetMinutes(ctx.now, configured);
    const jst = configured === 'Asia/Tokyo' && inUse === configured;
    return {
      status: jst ? 'pass' : offset === 540 && inUse === configured ? 'warn' : 'fail',
      summary: t(
        `設定ゾーン ${configured}（UTC${offset >= 0 ? '+' : '-'}${Math.abs(offset / 60)}）、使用中 ${inUse}。`,
        `Configured zone ${configured} (UTC${offset >= 0 ? '+' : '-'}${Math.abs(offset / 60)}), in use ${inUse}.`,
      ),
      figures: { configured, inUse, offsetMinutes: offset },
    };
  },
};
