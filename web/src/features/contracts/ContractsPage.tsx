import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { portalApi } from '../../api/portal-api.ts';
import { linkProps } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { useServicesText } from '../services/i18n.ts';
import { Bandwidth, LabelText, OwnerBadge, ServiceStatusBadge } from '../services/parts.tsx';
import { useContractsText } from './i18n.ts';

/** The customer's contracts with their services (read-only: the provider manages contracts). */
export default function ContractsPage() {
  const ct = useContractsText();
  const st = useServicesText();
  const contracts = useLoad((signal) => portalApi.GET('/api/v1/contracts', { signal }));

  return (
    <Stack gap="lg">
      <PageTitle title={ct.title} lead={ct.lead} />
      {contracts.state.status === 'loading' && <Loading />}
      {contracts.state.status === 'error' && (
        <ProblemAlert problem={contracts.state.problem} onRetry={contracts.reload} />
      )}
      {contracts.state.status === 'ready' && contracts.state.data.length === 0 && <Text>{ct.empty}</Text>}
      {contracts.state.status === 'ready' &&
        contracts.state.data.map((c) => (
          <Card key={c.id} withBorder radius="md" padding="md" data-testid="contract">
            <Group justify="space-between" mb="xs">
              <div>
                <Title order={3} size="h4" ff="monospace">
                  {c.number}
                </Title>
                <Text size="sm" c="dimmed">
                  {ct.period}: {ct.periodText(c.startDate, c.endDate)} · {ct.services(c.services.length)}
                </Text>
              </div>
              <Group gap="xs">
                <ServiceStatusBadge status={c.status} />
                <OwnerBadge owner={c.owner} />
              </Group>
            </Group>
            {c.services.length === 0 ? (
              <Text size="sm" c="dimmed">
                {ct.noServices}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{st.code}</Table.Th>
                      <Table.Th>{st.label}</Table.Th>
                      <Table.Th>{st.type}</Table.Th>
                      <Table.Th ta="right">{st.bandwidth}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.services.map((s) => (
                      <Table.Tr key={s.id}>
                        <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                          <Anchor {...linkProps(`/services?id=${encodeURIComponent(s.id)}`)}>{s.code}</Anchor>
                        </Table.Td>
                        <Table.Td maw={300}>
                          <LabelText text={s.label.text} />
                        </Table.Td>
                        <Table.Td>{st.types[s.type] ?? s.type}</Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                          <Bandwidth mbps={s.bandwidthMbps} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
        ))}
    </Stack>
  );
}
