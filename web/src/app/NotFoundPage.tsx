import { Anchor, Stack, Title } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { linkProps } from './router.ts';
import { useSession } from './session.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  const { info } = useSession();
  const home = info?.stage === 'full';
  return (
    <Stack>
      <Title order={2}>{t.notFound.title}</Title>
      <Anchor {...linkProps(home ? '/' : '/service-info')}>{home ? t.notFound.home : t.notFound.back}</Anchor>
    </Stack>
  );
}
