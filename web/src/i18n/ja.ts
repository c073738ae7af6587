/** Japanese, the default language. Its shape is the dictionary type every language must fill. */
export const ja = {
  app: {
    name: 'PVA',
    portal: 'カスタマーポータル',
    mgmt: '管理コンソール',
    language: '表示言語',
    navigation: 'メニュー',
  },
  nav: { serviceInfo: 'サービス情報', login: 'ログイン' },
  info: {
    title: 'サービス情報',
    lead: '本サービスの提供事業者、お問い合わせ窓口、データの保管場所と管轄です。',
    provider: '提供事業者',
    providerName: '名称',
    address: '所在地',
    inquiry: 'お問い合わせ窓口',
    email: 'メールアドレス',
    phone: '電話番号',
    hours: '受付時間',
    data: 'データと管轄',
    dataLocation: 'データ保管場所',
    jurisdiction: '管轄裁判所',
    policy: '情報セキュリティ方針',
    serverTime: 'サーバー時刻',
    loading: '読み込み中…',
    loadFailed: 'サービス情報を取得できませんでした。',
    retry: '再試行',
  },
  responsibility: {
    title: '責任分界',
    provider: '事業者',
    providerText: '本サービスの基盤（バックボーン網、設備、制御基盤とその運用）に責任を負います。',
    customer: 'お客様',
    customerText:
      '本サービスが提供する機能の設定内容に責任を負います。これらの設定がお客様の保存データにあたります。',
  },
  login: {
    title: 'ログイン',
    id: 'ログイン ID',
    password: 'パスワード',
    submit: 'ログイン',
    pending: 'サインインは ID 管理機能の提供とともに利用できるようになります。現時点ではログインできません。',
  },
  notFound: { title: 'ページが見つかりません', back: 'サービス情報へ戻る' },
};

export type Dict = typeof ja;
