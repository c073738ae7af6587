import { Badge, Stack, Table, Text } from '@mantine/core';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { useReportsText } from './i18n.ts';

/** How long each kind of record is kept, as configured, and what enforces it (18.1.3). */
export default function RetentionPage() {
  const tx = useReportsText();
  const policy = useLoad((signal) => mgmtApi.GET('/api/v1/retention', { signal }));
  return (
    <Stack gap="lg">
      <PageTitle title={tx.retentionTitle} lead={tx.retentionLead} />
      {policy.state.status === 'loading' && <Loading />}
      {policy.state.status === 'error' && (
        <ProblemAlert problem={policy.state.problem} onRetry={policy.reload} />
      )}
      {policy.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped data-testid="retention">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.kind}</Table.Th>
                <Table.Th>{tx.store}</Table.Th>
                <Table.Th>{tx.kept}</Table.Th>
                <Table.Th>{tx.key}</Table.Th>
                <Table.Th>{tx.enforcedBy}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {policy.state.data.map((k) => (
                <Table.Tr key={k.kind} data-kind={k.kind}>
                  <Table.Td>{tx.kinds[k.kind] ?? k.kind}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={k.store === 'ops' ? 'indigo' : 'gray'}>
                      {tx.stores[k.store]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {k.days === 0
                      ? tx.forever
                      : k.kind === 'audit'
                        ? tx.months(Math.round(k.days / 30.4375)) // configured in months
                        : tx.days(k.days)}
                    {k.minimumDays !== null && (
                      <Text span size="xs" c="dimmed">
                        {tx.minimum(k.minimumDays)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {k.key ?? '-'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {k.enforcedBy ?? tx.notDeleted}
                    </Text>
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
