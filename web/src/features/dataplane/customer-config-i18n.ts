import { useI18n } from '../../i18n/index.tsx';

/** The words of the customer's IPsec configuration download (ja first, en the same shape). */
const ja = {
  title: 'お客様機器の設定',
  lead: 'この IPsec 接続に合わせたお客様ルーター用の設定です。strongSwan ではそのまま使えます。他の機器ではパラメータシートの値を設定してください。',
  swanctl: 'swanctl.conf（strongSwan）',
  sheetJa: 'パラメータシート（日本語）',
  sheetEn: 'パラメータシート（英語）',
  pskIncluded: '管理者としてダウンロードすると、事前共有鍵が含まれます。ダウンロードは記録されます。',
  pskExcluded: '事前共有鍵は含まれません（管理者のみ表示できます）。',
  reveal: '事前共有鍵を表示',
  revealTitle: '事前共有鍵を表示しますか',
  revealMessage:
    '事前共有鍵を画面に表示します。表示したことは監査記録に残ります。周囲に画面を見られないことを確認してください。',
  revealConfirm: '表示する',
  pskLabel: '事前共有鍵',
  hide: '隠す',
};

export type CustomerConfigText = typeof ja;

const en: CustomerConfigText = {
  title: 'Configuration for your equipment',
  lead: 'A configuration of your router for this IPsec connection. strongSwan uses it as it is; for other equipment, enter the values of the parameter sheet.',
  swanctl: 'swanctl.conf (strongSwan)',
  sheetJa: 'Parameter sheet (Japanese)',
  sheetEn: 'Parameter sheet (English)',
  pskIncluded: 'As an administrator, your download includes the pre-shared key. Downloads are recorded.',
  pskExcluded: 'The pre-shared key is not included (only administrators can see it).',
  reveal: 'Show the pre-shared key',
  revealTitle: 'Show the pre-shared key?',
  revealMessage:
    'The pre-shared key will be shown on screen, and the audit trail records that you viewed it. Make sure no one else can see your screen.',
  revealConfirm: 'Show it',
  pskLabel: 'Pre-shared key',
  hide: 'Hide',
};

export const customerConfigText: Record<'ja' | 'en', CustomerConfigText> = { ja, en };

export function useCustomerConfigText(): CustomerConfigText {
  return customerConfigText[useI18n().lang];
}
