import { Anchor, Card, Group, Table, Text } from '@mantine/core';
import { portalApi } from '../../api/portal-api.ts';
import { linkProps } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { useServicesText } from '../services/i18n.ts';
import { Bandwidth, LabelText, ServiceStatusBadge } from '../services/parts.tsx';
import { useHomeText } from './i18n.ts';

/** Home's list of the customer's services: code, label, type, bandwidth and status. */
export function PortalServices() {
  const ht = useHomeText();
  const st = useServicesText();
  const services = useLoad((signal) => portalApi.GET('/api/v1/services', { signal }));
  return (
    <Card withBorder radius="md" padding="md">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{ht.servicesTitle}</Text>
        <Anchor size="sm" {...linkProps('/services')}>
          {ht.allServices}
        </Anchor>
      </Group>
      {services.state.status === 'loading' && <Loading />}
      {services.state.status === 'error' && (
        <ProblemAlert problem={services.state.problem} onRetry={services.reload} />
      )}
      {services.state.status === 'ready' && services.state.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {ht.noServices}
        </Text>
      )}
      {services.state.status === 'ready' && services.state.data.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="home-services">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{st.code}</Table.Th>
                <Table.Th>{st.label}</Table.Th>
                <Table.Th>{st.type}</Table.Th>
                <Table.Th ta="right">{st.bandwidth}</Table.Th>
                <Table.Th>{st.status}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {services.state.data.map((s) => (
                <Table.Tr key={s.id} data-service-id={s.id}>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    <Anchor {...linkProps(`/services?id=${encodeURIComponent(s.id)}`)}>{s.code}</Anchor>
                  </Table.Td>
                  <Table.Td maw={280}>
                    <LabelText text={s.label.text} testId="home-service-label" />
                  </Table.Td>
                  <Table.Td>{st.types[s.type] ?? s.type}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Bandwidth mbps={s.bandwidthMbps} />
                  </Table.Td>
                  <Table.Td>
                    <ServiceStatusBadge status={s.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
