import { useI18n } from '../../i18n/index.tsx';

/** The portal home's own words (Japanese first; English fills the same shape). */
const ja = {
  servicesTitle: 'ご契約中のサービス',
  allServices: 'すべてのサービスを見る',
  noServices: 'ご契約中のサービスはありません。',
  monitoring: '疎通監視',
  monitoringText: 'サービスごとの疎通監視の状態は、今後のリリースでここに表示されます。',
  notices: 'お知らせ',
  noticesText: '未読のメンテナンス・障害のお知らせは、今後のリリースでここに表示されます。',
  traffic: 'トラフィック',
  trafficText: '今週のトラフィックの推移は、今後のリリースでここに表示されます。',
  changes: '変更依頼',
  changesText: '設定の変更依頼の作成と進み具合の確認はこちらから。',
  comingSoon: '準備中',
};

export type HomeText = typeof ja;

const en: HomeText = {
  servicesTitle: 'Your services',
  allServices: 'See all services',
  noServices: 'You have no contracted services.',
  monitoring: 'Reachability monitoring',
  monitoringText: 'The monitoring state of each service will appear here in a later release.',
  notices: 'Notices',
  noticesText: 'Unread maintenance and incident notices will appear here in a later release.',
  traffic: 'Traffic',
  trafficText: "This week's traffic will appear here in a later release.",
  changes: 'Change requests',
  changesText: 'Request changes to your settings and follow their progress.',
  comingSoon: 'Coming soon',
};

export const homeText: Record<'ja' | 'en', HomeText> = { ja, en };

export function useHomeText(): HomeText {
  return homeText[useI18n().lang];
}
