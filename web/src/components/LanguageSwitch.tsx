import { SegmentedControl } from '@mantine/core';
import { LANGUAGES, useI18n } from '../i18n/index.tsx';

export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t.app.language}
      value={lang}
      onChange={setLang}
      data={LANGUAGES}
    />
  );
}
