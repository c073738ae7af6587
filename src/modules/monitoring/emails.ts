import type { MonitorState } from '../../db/schema-monitoring.ts';
import { mailTime } from '../identity/links.ts';

export interface StateMail {
  to: 'down' | 'up';
  serviceCode: string;
  connectionName: string;
  target: string;
  at: Date;
  since: Date | null;
  lossPct: number;
  url: string | null;
}

const stateJa: Record<MonitorState, string> = { unknown: '不明', up: '正常', degraded: '劣化', down: '停止' };

/** The email to the tenant's operators and administrators: Japanese first, then English, JST. */
export function customerMail(m: StateMail): { subject: string; text: string } {
  const name = `${m.serviceCode} ${m.connectionName}`;
  const down = m.to === 'down';
  return {
    subject: down
      ? `[PVA] 疎通断を検知しました: ${name} / Reachability lost: ${name}`
      : `[PVA] 疎通が回復しました: ${name} / Reachability restored: ${name}`,
    text: [
      down
        ? `接続 ${name}（監視先 ${m.target}）への疎通が失われました。`
        : `接続 ${name}（監視先 ${m.target}）への疎通が回復しました。`,
      `状態: ${stateJa[m.to]}`,
      `検知日時: ${mailTime(m.at)}`,
      ...(!down && m.since ? [`停止検知: ${mailTime(m.since)}`] : []),
      `直近の損失率: ${m.lossPct}%`,
      ...(m.url ? [`詳細: ${m.url}`] : []),
      '',
      '短時間に状態が繰り返し変わる場合、疎通断の通知はサービスごとに 1 時間に 1 回までです（通知した疎通断の回復は必ずお知らせします）。',
      'お客様の作業中は、ポータルで監視を一時停止できます。このメールは送信専用です。',
      '',
      '----',
      '',
      down
        ? `Reachability of connection ${name} (target ${m.target}) was lost.`
        : `Reachability of connection ${name} (target ${m.target}) was restored.`,
      `State: ${m.to}`,
      `Detected: ${mailTime(m.at)}`,
      ...(!down && m.since ? [`Down since: ${mailTime(m.since)}`] : []),
      `Latest loss: ${m.lossPct}%`,
      ...(m.url ? [`Details: ${m.url}`] : []),
      '',
      'When the state keeps changing, we send at most one outage email per service per hour (the recovery of a notified outage is always sent).',
      'You can pause monitoring in the portal during your own work. This message was sent automatically.',
      '',
    ].join('\n'),
  };
}

/** The provider alert to NOC staff. */
export function staffMail(m: StateMail & { tenantCode: string }): { subject: string; text: string } {
  const name = `${m.tenantCode} ${m.serviceCode} ${m.connectionName}`;
  const down = m.to === 'down';
  return {
    subject: down
      ? `[PVA] 監視アラート 疎通断: ${name} / Monitor alert, down: ${name}`
      : `[PVA] 監視アラート 回復: ${name} / Monitor alert, recovered: ${name}`,
    text: [
      `${name}（${m.target}）: ${down ? '疎通断' : '回復'}`,
      `検知日時: ${mailTime(m.at)}`,
      ...(m.url ? [`管理コンソール: ${m.url}`] : []),
      '',
      '----',
      '',
      `${name} (${m.target}): ${down ? 'down' : 'recovered'}`,
      `Detected: ${mailTime(m.at)}`,
      ...(m.url ? [`Console: ${m.url}`] : []),
      '',
    ].join('\n'),
  };
}
