import { AppShell, Button, Container, Group, SegmentedControl, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { LANGUAGES, useI18n } from '../i18n/index.tsx';
import { usePlane } from './plane.ts';
import { resolveRoute } from './routes.tsx';
import { linkProps, usePath } from './router.ts';

export function Shell() {
  const { t, lang, setLang } = useI18n();
  const { plane } = usePlane();
  const route = resolveRoute(usePath());
  const appTitle = `${t.app.name} ${t.app[plane]}`;
  const pageTitle = route.title(t);

  useEffect(() => {
    document.title = `${pageTitle} | ${appTitle}`;
  }, [pageTitle, appTitle]);

  const nav = [
    { href: '/service-info', label: t.nav.serviceInfo },
    { href: '/login', label: t.nav.login },
  ];
  return (
    <AppShell header={{ height: { base: 96, sm: 60 } }} padding="md">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" gap="xs" py={6}>
          <Title order={1} size="h3">
            {t.app.name}{' '}
            <Text span inherit fw={500} c="dimmed">
              {t.app[plane]}
            </Text>
          </Title>
          <Group gap="xs" wrap="nowrap">
            <Group component="nav" aria-label={t.app.navigation} gap={4} wrap="nowrap">
              {nav.map((n) => (
                <Button
                  key={n.href}
                  component="a"
                  size="compact-sm"
                  variant={route.nav === n.href ? 'light' : 'subtle'}
                  aria-current={route.nav === n.href ? 'page' : undefined}
                  {...linkProps(n.href)}
                >
                  {n.label}
                </Button>
              ))}
            </Group>
            <SegmentedControl
              size="xs"
              aria-label={t.app.language}
              value={lang}
              onChange={setLang}
              data={LANGUAGES}
            />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="md" px={0}>
          {route.element}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
