import { Anchor, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { ChangeDetail } from './ChangeDetail.tsx';
import { useDataplaneText, type DataplaneText } from './i18n.ts';
import { PrepareForm } from './PrepareForm.tsx';
import { RiskBadge, STATUSES, StatusBadge, type ChangeStatus } from './shared.tsx';

/** Provider change records for equipment configuration: the list, ?new to prepare one, ?id=… for one. */
export default function ConfigChangesPage() {
  const tx = useDataplaneText();
  const search = new URLSearchParams(useSearch());
  const id = search.get('id');
  return (
    <Stack gap="lg">
      {id ? (
        <ChangeDetail key={id} id={id} tx={tx} />
      ) : search.has('new') ? (
        <PrepareForm tx={tx} />
      ) : (
        <List tx={tx} />
      )}
    </Stack>
  );
}

function List({ tx }: { tx: DataplaneText }) {
  const { can } = useSession();
  const [status, setStatus] = useState<ChangeStatus | 'all'>('all');
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/config-changes', {
        params: { query: status === 'all' ? {} : { status } },
        signal,
      }),
    [status],
  );
  return (
    <>
      <Group justify="space-between" align="flex-end">
        <PageTitle title={tx.changesTitle} lead={tx.changesLead} />
        {can('network.manage') && (
          <Button component="a" {...linkProps('/config-changes?new')}>
            {tx.newChange}
          </Button>
        )}
      </Group>
      <Select
        label={tx.filterStatus}
        value={status}
        onChange={(v) => setStatus((v as ChangeStatus | null) ?? 'all')}
        data={[
          { value: 'all', label: tx.allStatuses },
          ...STATUSES.map((s) => ({ value: s, label: tx.statuses[s] })),
        ]}
        allowDeselect={false}
        w={240}
        comboboxProps={{ withinPortal: true }}
      />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={960}>
          <Table striped data-testid="config-change-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.number}</Table.Th>
                <Table.Th>{tx.title}</Table.Th>
                <Table.Th>{tx.status}</Table.Th>
                <Table.Th>{tx.risk}</Table.Th>
                <Table.Th>{tx.impact}</Table.Th>
                <Table.Th>{tx.preparedBy}</Table.Th>
                <Table.Th>{tx.createdAt}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>{tx.empty}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((c) => (
                <Table.Tr key={c.id} data-number={c.number}>
                  <Table.Td>
                    <Anchor size="sm" ff="monospace" {...linkProps(`/config-changes?id=${c.id}`)}>
                      {c.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {c.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {tx.kinds[c.kind]}
                      {c.changeRequest ? ` · ${c.changeRequest.number}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} tx={tx} />
                  </Table.Td>
                  <Table.Td>
                    <RiskBadge level={c.riskLevel} tx={tx} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {tx.tenantsCount(c.tenantCount, c.connectionCount)}
                  </Table.Td>
                  <Table.Td>{c.preparedBy?.name ?? tx.system}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(c.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
