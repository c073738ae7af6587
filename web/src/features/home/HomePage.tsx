import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { usePlane } from '../../app/plane.ts';
import { linkProps } from '../../app/router.ts';
import { usePrincipal, useSession } from '../../app/session.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useHomeText } from './i18n.ts';
import { PortalServices } from './PortalServices.tsx';

/**
 * The first page after login: who is signed in for which customer; on the portal the tenant's
 * services with their labels, and cards later capabilities fill (monitoring, notices, traffic).
 */
export function HomePage() {
  const { t } = useI18n();
  const ht = useHomeText();
  const { plane } = usePlane();
  const { info, can } = useSession();
  const p = usePrincipal();
  const roleName = (plane === 'mgmt' ? t.staffRoles : t.roles)[p.role] ?? p.role;
  const mfa = info?.mfa;

  const cards: { title: string; text: string; href?: string }[] =
    plane === 'portal'
      ? [
          // filled in as the monitoring, notices and traffic capabilities land
          { title: ht.monitoring, text: ht.monitoringText },
          { title: ht.notices, text: ht.noticesText },
          { title: ht.traffic, text: ht.trafficText },
          ...(can('services.read') ? [{ title: ht.changes, text: ht.changesText, href: '/changes' }] : []),
        ]
      : [
          ...(can('tenants.read')
            ? [{ title: t.nav.tenants, text: t.home.tenantsText, href: '/tenants' }]
            : []),
          { title: t.home.services, text: t.home.networkText },
          { title: t.nav.security, text: t.home.auditText },
        ];

  return (
    <Stack gap="lg">
      <div>
        <Title order={2} data-testid="home-welcome">
          {t.home.welcome(p.name)}
        </Title>
        {p.tenant && (
          <Text c="dimmed" data-testid="home-tenant">
            {p.tenant.name} · {p.tenant.code}
          </Text>
        )}
      </div>
      {mfa && !mfa.totp && mfa.passkeys === 0 && (
        <Alert color="orange" variant="light">
          <Anchor {...linkProps('/account')}>{t.home.mfaMissing}</Anchor>
        </Alert>
      )}
      {mfa && mfa.totp && mfa.recoveryCodesLeft < 3 && (
        <Alert color="orange" variant="light">
          <Anchor {...linkProps('/account')}>{t.home.recoveryLow(mfa.recoveryCodesLeft)}</Anchor>
        </Alert>
      )}
      <Card withBorder radius="md" padding="md">
        <Table variant="vertical" layout="fixed" withRowBorders={false}>
          <Table.Tbody>
            {p.tenant && (
              <Table.Tr>
                <Table.Th w="30%">{t.home.tenant}</Table.Th>
                <Table.Td>{p.tenant.name}</Table.Td>
              </Table.Tr>
            )}
            <Table.Tr>
              <Table.Th w="30%">{t.home.signedInAs}</Table.Th>
              <Table.Td>
                {p.name}{' '}
                <Text span c="dimmed" size="sm">
                  ({p.login})
                </Text>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t.home.role}</Table.Th>
              <Table.Td>{roleName}</Table.Td>
            </Table.Tr>
            {plane === 'portal' && (
              <Table.Tr>
                <Table.Th>{t.home.scope}</Table.Th>
                <Table.Td>
                  {p.serviceScope === null ? t.home.allServices : t.home.scopeCount(p.serviceScope.length)}
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Card>
      {plane === 'portal' && can('services.read') && <PortalServices />}
      <SimpleGrid cols={{ base: 1, sm: plane === 'portal' ? 2 : 3 }}>
        {cards.map((c) => (
          <Card key={c.title} withBorder radius="md" padding="md">
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Text fw={600}>{c.title}</Text>
              {!c.href && (
                <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
                  {plane === 'portal' ? ht.comingSoon : t.home.comingSoon}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {c.href ? <Anchor {...linkProps(c.href)}>{c.text}</Anchor> : c.text}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
