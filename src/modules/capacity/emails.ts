import type { AlertKind } from '../../db/schema-capacity.ts';
import { mailTime } from '../identity/links.ts';

export interface AlertMailItem {
  kind: AlertKind;
  pop: string;
  device: string;
  port: string;
  capacityMbps: number;
  thresholdPct: number;
  valueMbps: number;
  thresholdMbps: number;
  /** the oversubscription limit (contracted alerts) */
  limitMbps: number;
  /** the month of the measured figure (measured alerts) */
  month: string | null;
  crossedAt: Date;
  /** the port in the management console, when its address is known */
  url: string | null;
}

const n = (v: number): string => Math.round(v).toLocaleString('en-US');

function lineJa(i: AlertMailItem): string[] {
  const what =
    i.kind === 'contracted'
      ? `契約帯域合計 ${n(i.valueMbps)} Mbit/s が閾値 ${n(i.thresholdMbps)} Mbit/s（過剰収容上限 ${n(i.limitMbps)} Mbit/s の ${i.thresholdPct}%）に達しました。`
      : `${i.month?.slice(0, 7) ?? ''} の 95 パーセンタイル ${n(i.valueMbps)} Mbit/s が閾値 ${n(i.thresholdMbps)} Mbit/s（容量 ${n(i.capacityMbps)} Mbit/s の ${i.thresholdPct}%）に達しました。`;
  return [
    `- ${i.pop} ${i.device} ${i.port}（容量 ${n(i.capacityMbps)} Mbit/s）`,
    `  ${what}`,
    `  検知日時: ${mailTime(i.crossedAt)}`,
    ...(i.url ? [`  詳細: ${i.url}`] : []),
  ];
}

function lineEn(i: AlertMailItem): string[] {
  const what =
    i.kind === 'contracted'
      ? `Contracted total ${n(i.valueMbps)} Mbit/s reached the threshold of ${n(i.thresholdMbps)} Mbit/s (${i.thresholdPct}% of the oversubscription limit of ${n(i.limitMbps)} Mbit/s).`
      : `The 95th percentile of ${i.month?.slice(0, 7) ?? ''}, ${n(i.valueMbps)} Mbit/s, reached the threshold of ${n(i.thresholdMbps)} Mbit/s (${i.thresholdPct}% of the capacity of ${n(i.capacityMbps)} Mbit/s).`;
  return [
    `- ${i.pop} ${i.device} ${i.port} (capacity ${n(i.capacityMbps)} Mbit/s)`,
    `  ${what}`,
    `  Detected: ${mailTime(i.crossedAt)}`,
    ...(i.url ? [`  Details: ${i.url}`] : []),
  ];
}

/** The alert to provider staff about ports that crossed a threshold: Japanese first, then English, JST. */
export function alertMail(
  items: AlertMailItem[],
  consoleUrl: string | null,
): { subject: string; text: string } {
  const first = items[0]!;
  const name = `${first.device} ${first.port}`;
  const more = items.length > 1 ? ` 他 ${items.length - 1} 件` : '';
  const moreEn = items.length > 1 ? ` and ${items.length - 1} more` : '';
  return {
    subject: `[PVA] 容量閾値の超過: ${name}${more} / Capacity threshold crossed: ${name}${moreEn}`,
    text: [
      '次のポートが容量の閾値に達しました。増強計画の要否を確認してください。',
      '',
      ...items.flatMap(lineJa),
      '',
      ...(consoleUrl ? [`容量管理: ${consoleUrl}`, ''] : []),
      'ポートが閾値を下回ると警告は解除され、再び超えたときに改めて通知します。',
      'このメールは送信専用です。',
      '',
      '----',
      '',
      'These ports crossed a capacity threshold. Check whether an augmentation plan is needed.',
      '',
      ...items.flatMap(lineEn),
      '',
      ...(consoleUrl ? [`Capacity: ${consoleUrl}`, ''] : []),
      'The alert clears when the port falls back under its threshold; a new crossing is notified again.',
      'This message was sent automatically.',
      '',
    ].join('\n'),
  };
}
