import { useI18n } from '../../i18n/index.tsx';

export type RangeKey = 'day' | 'week' | 'month' | 'year' | 'custom';

/** The traffic screens' own words (Japanese first; English fills the same shape). */
const ja = {
  title: 'トラフィック',
  lead: '接続ごとの通信量（ビット毎秒）を日本時間で表示します。グラフ上をドラッグすると、その期間を拡大します。',
  portTitle: 'ポートのトラフィック',
  portLead: 'このポートに収容された接続の通信量の合計です（日本時間）。',
  backToCapacity: '← 容量管理に戻る',
  connection: '接続',
  chooseConnection: '接続を選んでください',
  noConnections: '表示できる接続がありません。',
  ranges: { day: '1 日', week: '1 週間', month: '1 か月', year: '1 年', custom: '期間指定' } as Record<
    RangeKey,
    string
  >,
  from: '開始 (JST)',
  to: '終了 (JST)',
  apply: '表示',
  csv: 'CSV をダウンロード',
  resetZoom: '拡大を解除',
  in: '受信（お客様拠点から）',
  out: '送信（お客様拠点へ）',
  contract: '契約帯域',
  capacity: 'ポート容量',
  noData: 'この期間のデータはありません。',
  resolution: '集計間隔',
  resolutions: { raw: '約 1 分', '5m': '5 分', '1h': '1 時間', '1d': '1 日' } as Record<string, string>,
  months: '月ごとの 95 パーセンタイル',
  month: '月',
  inP95: '受信 95%',
  outP95: '送信 95%',
  p95: '95% 値（大きい方）',
  peak: '最大（5 分平均）',
  samples: '測定数（5 分）',
  noMonths: 'まだ月ごとの集計はありません。',
  chartLabel: '通信量のグラフ',
};
export type TrafficText = typeof ja;

const en: TrafficText = {
  title: 'Traffic',
  lead: 'Traffic of each connection in bits per second, in JST. Drag across the graph to zoom into that range.',
  portTitle: 'Port traffic',
  portLead: 'The traffic of the connections on this port, summed (JST).',
  backToCapacity: '← Back to capacity',
  connection: 'Connection',
  chooseConnection: 'Choose a connection',
  noConnections: 'There are no connections to show.',
  ranges: { day: 'Day', week: 'Week', month: 'Month', year: 'Year', custom: 'Custom' },
  from: 'From (JST)',
  to: 'To (JST)',
  apply: 'Show',
  csv: 'Download CSV',
  resetZoom: 'Reset zoom',
  in: 'In (from your site)',
  out: 'Out (to your site)',
  contract: 'Contracted',
  capacity: 'Port capacity',
  noData: 'No data in this range.',
  resolution: 'Interval',
  resolutions: { raw: 'about 1 min', '5m': '5 min', '1h': '1 hour', '1d': '1 day' },
  months: 'Monthly 95th percentile',
  month: 'Month',
  inP95: 'In 95th',
  outP95: 'Out 95th',
  p95: '95th (larger)',
  peak: 'Peak (5-min average)',
  samples: 'Samples (5 min)',
  noMonths: 'No monthly figures yet.',
  chartLabel: 'Traffic graph',
};

export const trafficText: Record<'ja' | 'en', TrafficText> = { ja, en };

export function useTrafficText(): TrafficText {
  return trafficText[useI18n().lang];
}
