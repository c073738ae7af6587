import { Title } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';

/** Placeholder until this screen is built. */
export default function BackupsPage() {
  const { t } = useI18n();
  return <Title order={2}>{t.app.lang === 'ja' ? '設定バックアップ' : 'Configuration backups'}</Title>;
}
