import { Alert, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { navigate } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { useVulnText } from './i18n.ts';
import { MatchesTable } from './MatchesTable.tsx';

/** Affected items across advisories: open, overdue or all; ?device=… narrows to one device (drill-down). */
export function ExposuresTab({ device }: { device: string | null }) {
  const tx = useVulnText();
  const [filter, setFilter] = useState(device ? 'all' : 'open');
  const [message, setMessage] = useState<string | null>(null);
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/vulnerabilities/matches', {
        params: {
          query: {
            ...(device ? { deviceId: device } : {}),
            ...(filter === 'open' ? { open: true } : filter === 'overdue' ? { overdue: true } : {}),
          },
        },
        signal,
      }),
    [filter, device],
  );
  const label = list.state.status === 'ready' ? list.state.data[0]?.item.label : undefined;
  return (
    <Stack gap="sm">
      <Group>
        <SegmentedControl
          value={filter}
          onChange={setFilter}
          data={[
            { value: 'open', label: tx.openOnly },
            { value: 'overdue', label: tx.overdueOnly },
            { value: 'all', label: tx.all },
          ]}
        />
        {device && (
          <Group gap="xs">
            <Text size="sm" fw={500}>
              {tx.deviceFilter(label ?? device)}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => navigate('/vulnerabilities?tab=exposures')}
            >
              {tx.clearFilter}
            </Button>
          </Group>
        )}
      </Group>
      {message && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setMessage(null)} role="status">
          {message}
        </Alert>
      )}
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <>
          <Text size="xs" c="dimmed">
            {tx.items(list.state.data.length)}
          </Text>
          <MatchesTable
            matches={list.state.data}
            withItem={!device}
            onChanged={(m) => {
              setMessage(m);
              list.reload();
            }}
          />
        </>
      )}
    </Stack>
  );
}
