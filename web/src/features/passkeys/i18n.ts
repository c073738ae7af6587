import { useI18n } from '../../i18n/index.tsx';

/** The passkey screens' own words (Japanese first; English fills the same shape). */
const ja = {
  title: 'パスキー',
  lead: 'パスキーは、この端末の生体認証や PIN、またはセキュリティキーで行う 2 段階認証です。パスワードの代わりではなく、パスワードに加えて使います。',
  login: 'パスキーでログイン',
  loginHint: 'この端末やセキュリティキーに保存したパスキーで確認します。',
  name: 'パスキーの名前',
  namePlaceholder: '例: 仕事用ノート PC',
  nameHint: 'どの端末のパスキーか分かる名前を付けてください（100 文字まで）。',
  register: 'パスキーを登録',
  registered: (name: string) => `パスキー「${name}」を登録しました。`,
  listLabel: '登録済みのパスキー',
  none: '登録されたパスキーはありません。',
  colName: '名前',
  colCreated: '登録日時',
  colLastUsed: '最終使用',
  never: '未使用',
  remove: '削除',
  removeTitle: 'パスキーを削除',
  removeConfirm: (name: string) =>
    `パスキー「${name}」を削除します。このパスキーではログインできなくなります。よろしいですか？`,
  cancelled: 'パスキーの操作が取り消されたか、時間切れになりました。',
  unsupported: 'このブラウザはパスキーに対応していません。',
  alreadyRegistered: 'この端末（セキュリティキー）のパスキーはすでに登録されています。',
  failed: 'パスキーの操作に失敗しました。',
};

export type PasskeyText = typeof ja;

const en: PasskeyText = {
  title: 'Passkeys',
  lead: 'A passkey is a second factor checked with this device’s biometrics or PIN, or with a security key. It is used in addition to your password, not instead of it.',
  login: 'Log in with a passkey',
  loginHint: 'Confirm with a passkey saved on this device or on a security key.',
  name: 'Passkey name',
  namePlaceholder: 'e.g. Work laptop',
  nameHint: 'A name that tells you which device holds the passkey (up to 100 characters).',
  register: 'Register a passkey',
  registered: (name) => `The passkey “${name}” was registered.`,
  listLabel: 'Registered passkeys',
  none: 'No passkey is registered.',
  colName: 'Name',
  colCreated: 'Registered',
  colLastUsed: 'Last used',
  never: 'Never',
  remove: 'Remove',
  removeTitle: 'Remove passkey',
  removeConfirm: (name) => `Remove the passkey “${name}”? It can no longer be used to log in.`,
  cancelled: 'The passkey prompt was cancelled or timed out.',
  unsupported: 'This browser does not support passkeys.',
  alreadyRegistered: 'A passkey of this device (security key) is already registered.',
  failed: 'The passkey operation failed.',
};

/** The passkey texts in the language the app shows. */
export function usePasskeyText(): PasskeyText {
  return useI18n().lang === 'en' ? en : ja;
}
