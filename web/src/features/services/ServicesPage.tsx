import { Anchor, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { portalApi } from '../../api/portal-api.ts';
import { linkProps, useSearch } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { useServicesText } from './i18n.ts';
import { Bandwidth, LabelText, OwnerBadge, ServiceStatusBadge, useDebounced } from './parts.tsx';
import { ServiceDetailView } from './ServiceDetail.tsx';

/** /services: the searchable list; /services?id=…: one service. */
export default function ServicesPage() {
  const id = new URLSearchParams(useSearch()).get('id');
  return id ? <ServiceDetailView key={id} id={id} /> : <ServiceList />;
}

function ServiceList() {
  const st = useServicesText();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim());
  const services = useLoad(
    (signal) => portalApi.GET('/api/v1/services', { params: { query: q ? { q } : {} }, signal }),
    [q],
  );

  return (
    <Stack gap="lg">
      <PageTitle title={st.title} lead={st.lead} />
      <Group align="flex-end" justify="space-between">
        <TextInput
          label={st.search}
          placeholder={st.searchPlaceholder}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          maxLength={200}
          w={{ base: '100%', sm: 360 }}
          type="search"
          data-testid="service-search"
        />
        {services.state.status === 'ready' && (
          <Text size="sm" c="dimmed">
            {st.count(services.state.data.length)}
          </Text>
        )}
      </Group>
      {services.state.status === 'loading' && <Loading />}
      {services.state.status === 'error' && (
        <ProblemAlert problem={services.state.problem} onRetry={services.reload} />
      )}
      {services.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover data-testid="services">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{st.code}</Table.Th>
                <Table.Th>
                  <Group gap={6} wrap="nowrap">
                    {st.label}
                    <OwnerBadge owner="customer" />
                  </Group>
                </Table.Th>
                <Table.Th>{st.type}</Table.Th>
                <Table.Th ta="right">{st.bandwidth}</Table.Th>
                <Table.Th>{st.contract}</Table.Th>
                <Table.Th>{st.status}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {services.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>{q ? st.noMatch(q) : st.empty}</Table.Td>
                </Table.Tr>
              )}
              {services.state.data.map((s) => (
                <Table.Tr key={s.id} data-service-id={s.id}>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    <Anchor {...linkProps(`/services?id=${encodeURIComponent(s.id)}`)}>{s.code}</Anchor>
                  </Table.Td>
                  <Table.Td maw={320}>
                    <LabelText text={s.label.text} testId="service-label" />
                  </Table.Td>
                  <Table.Td>{st.types[s.type] ?? s.type}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Bandwidth mbps={s.bandwidthMbps} />
                  </Table.Td>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {s.contractNumber}
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
    </Stack>
  );
}
