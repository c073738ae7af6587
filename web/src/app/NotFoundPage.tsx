import { Anchor, Stack, Title } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { linkProps } from './router.ts';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Stack>
      <Title order={2}>{t.notFound.title}</Title>
      <Anchor {...linkProps('/service-info')}>{t.notFound.back}</Anchor>
    </Stack>
  );
}
