/** The whitepaper's chapters, by the major number of a clause's section (as in the statement document). */
export const CHAPTERS: Record<string, { ja: string; en: string }> = {
  '1': { ja: '情報セキュリティのための方針群', en: 'Information security policies' },
  '2': { ja: '情報セキュリティのための組織', en: 'Organization of information security' },
  '3': { ja: '人的資源のセキュリティ', en: 'Human resource security' },
  '4': { ja: '資産の管理', en: 'Asset management' },
  '5': { ja: 'アクセス制御', en: 'Access control' },
  '6': { ja: '暗号', en: 'Cryptography' },
  '7': { ja: '物理的及び環境的セキュリティ', en: 'Physical and environmental security' },
  '8': { ja: '運用のセキュリティ', en: 'Operations security' },
  '9': { ja: '通信のセキュリティ', en: 'Communications security' },
  '10': { ja: 'システムの取得、開発及び保守', en: 'System acquisition, development and maintenance' },
  '11': { ja: '供給者関係', en: 'Supplier relationships' },
  '12': { ja: '情報セキュリティインシデント管理', en: 'Information security incident management' },
  '13': { ja: '順守', en: 'Compliance' },
};
