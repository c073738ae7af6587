import { useI18n } from '../../i18n/index.tsx';

/** The service information page's added words (the original ones are in the app dictionary). */
const ja = {
  governingLaw: '準拠法',
  court: '管轄裁判所',
  lawTitle: '準拠法と管轄',
  providerScope: '事業者の責任範囲',
  customerScope: 'お客様の責任範囲（保存データ）',
  customerControlTitle: 'お客様の設定の管理',
  policyTitle: '情報セキュリティ方針',
  policyLead: '事業者は、次の 10 の設計原則に基づいて本サービスを設計・運用しています。',
  policyLink: '情報セキュリティ方針の全文',
  noPolicyLink: '方針の全文はお問い合わせ窓口にご請求ください。',
};

export type InfoText = typeof ja;

const en: InfoText = {
  governingLaw: 'Governing law',
  court: 'Court of jurisdiction',
  lawTitle: 'Governing law and jurisdiction',
  providerScope: "The provider's responsibility",
  customerScope: "The customer's responsibility (stored data)",
  customerControlTitle: 'Control of your settings',
  policyTitle: 'Information security policy',
  policyLead: 'The provider designs and runs the service according to these ten design principles.',
  policyLink: 'The full information security policy',
  noPolicyLink: 'Ask the inquiry desk for the full text of the policy.',
};

export const infoText: Record<'ja' | 'en', InfoText> = { ja, en };

export function useInfoText(): InfoText {
  return infoText[useI18n().lang];
}
