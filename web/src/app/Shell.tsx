import {
  AppShell,
  Box,
  Burger,
  Button,
  Center,
  Container,
  Group,
  Loader,
  NavLink,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect, useMemo, type ReactNode } from 'react';
import { Loading } from '../components/ProblemAlert.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { ForcedPasswordChange } from '../features/identity/ForcedPasswordChange.tsx';
import { useI18n } from '../i18n/index.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { usePlane } from './plane.ts';
import { buildRoutes, matchRoute, navSections, type AppRoute } from './routes.tsx';
import { linkProps, navigate, usePath } from './router.ts';
import { rememberAfterLogin, useSession } from './session.tsx';

export function Shell() {
  const { t } = useI18n();
  const { plane, routes: planeRoutes } = usePlane();
  const { info, can } = useSession();
  const path = usePath();
  const routes = useMemo(() => buildRoutes(planeRoutes), [planeRoutes]);
  const route = matchRoute(routes, path);
  const appTitle = `${t.app.name} ${t.app[plane]}`;
  const pageTitle = route ? route.title(t) : t.notFound.title;
  const signedIn = info?.stage === 'full';

  useEffect(() => {
    document.title = `${pageTitle} | ${appTitle}`;
  }, [pageTitle, appTitle]);

  // Pages behind login send a signed-out visitor to the login page, and back here afterwards.
  const mustLogIn = info !== null && !signedIn && route?.access === 'user';
  useEffect(() => {
    if (mustLogIn) {
      rememberAfterLogin(path + window.location.search);
      navigate('/login', { replace: true });
    }
  }, [mustLogIn, path]);

  if (info === null || mustLogIn) {
    return (
      <Center h="100vh" aria-busy="true">
        <Loader />
      </Center>
    );
  }

  if (!signedIn || route?.access === 'guest') {
    return <PublicLayout route={route}>{route ? route.element : <NotFoundPage />}</PublicLayout>;
  }

  let content: ReactNode;
  if (!route) content = <NotFoundPage />;
  else if (info.principal?.mustChangePassword && route.access === 'user') content = <ForcedPasswordChange />;
  else if (route.permission && !can(route.permission)) content = <Text>{t.common.forbidden}</Text>;
  else content = route.element;
  return (
    <AppLayout routes={routes} current={route}>
      {content}
    </AppLayout>
  );
}

function Brand({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const { plane } = usePlane();
  return (
    <Title order={1} size="h3" style={{ whiteSpace: 'nowrap' }}>
      {t.app.name}{' '}
      {/* On a phone the signed-in header keeps room for the menu button and the language switch. */}
      <Text span inherit fw={500} c="dimmed" visibleFrom={compact ? 'sm' : undefined}>
        {t.app[plane]}
      </Text>
    </Title>
  );
}

/** Before login: the service information, the login page and the pages opened from emails. */
function PublicLayout({ route, children }: { route: AppRoute | undefined; children: ReactNode }) {
  const { t } = useI18n();
  const nav = [
    { href: '/service-info', label: t.nav.serviceInfo },
    { href: '/login', label: t.nav.login },
  ];
  return (
    <AppShell header={{ height: { base: 96, sm: 60 } }} padding="md">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" gap="xs" py={6}>
          <Brand />
          <Group gap="xs" wrap="nowrap">
            <Group component="nav" aria-label={t.app.navigation} gap={4} wrap="nowrap">
              {nav.map((n) => (
                <Button
                  key={n.href}
                  component="a"
                  size="compact-sm"
                  variant={route?.path === n.href ? 'light' : 'subtle'}
                  aria-current={route?.path === n.href ? 'page' : undefined}
                  {...linkProps(n.href)}
                >
                  {n.label}
                </Button>
              ))}
            </Group>
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="md" px={0}>
          <Suspense fallback={<Loading />}>{children}</Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

/** After login: the menu shows only what the user's permissions allow (the server decides anyway). */
function AppLayout({
  routes,
  current,
  children,
}: {
  routes: AppRoute[];
  current: AppRoute | undefined;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { info, can, logout } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const principal = info?.principal;
  const menu = routes.filter((r) => r.nav && r.access !== 'guest' && (!r.permission || can(r.permission)));
  const sections = navSections(menu);
  const link = (r: AppRoute) => (
    <NavLink
      key={r.path}
      component="a"
      label={r.nav!(t)}
      rightSection={r.navExtra}
      active={current?.path === r.path}
      aria-current={current?.path === r.path ? 'page' : undefined}
      {...linkProps(r.path)}
      onClick={(e) => {
        linkProps(r.path).onClick(e);
        close();
      }}
    />
  );
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" gap="xs" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t.app.openMenu} />
            <Brand compact />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Box visibleFrom="md" ta="right">
              <Text size="sm" fw={500} data-testid="signed-in-user" lh={1.2}>
                {principal?.name}
              </Text>
              {principal?.tenant && (
                <Text size="xs" c="dimmed" lh={1.2}>
                  {principal.tenant.name}
                </Text>
              )}
            </Box>
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t.app.navigation}>
        {/* the menu scrolls on its own, so logging out stays in view however long it grows */}
        <Stack gap={2} style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
          {sections.head.map(link)}
          {/* labelled sections: a heading each, the links stay plain links in the tab order */}
          {sections.groups.map((g) => (
            <Box
              key={g.id}
              role="group"
              aria-labelledby={`nav-group-${g.id}`}
              data-testid={`nav-group-${g.id}`}
            >
              <Text id={`nav-group-${g.id}`} size="xs" fw={700} c="dimmed" px="sm" pt="sm" pb={2}>
                {g.label(t)}
              </Text>
              {g.routes.map(link)}
            </Box>
          ))}
          {sections.tail.length > 0 && sections.groups.length > 0 && <Box pt="sm" />}
          {sections.tail.map(link)}
        </Stack>
        <Box hiddenFrom="md" px="sm" pb="xs">
          <Text size="sm" fw={500}>
            {principal?.name}
          </Text>
          {principal?.tenant && (
            <Text size="xs" c="dimmed">
              {principal.tenant.name}
            </Text>
          )}
        </Box>
        <Button variant="light" color="gray" onClick={() => void logout()}>
          {t.app.logout}
        </Button>
      </AppShell.Navbar>
      <AppShell.Main>
        <Container size="lg" px={0}>
          <Suspense fallback={<Loading />}>{children}</Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
