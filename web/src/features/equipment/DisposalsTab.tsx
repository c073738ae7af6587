import { Alert, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { DisposalCard } from './DisposalCard.tsx';
import { useEquipmentText } from './i18n.ts';

/** Every disposal and reuse record, open ones or all. */
export function DisposalsTab() {
  const tx = useEquipmentText();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const [message, setMessage] = useState<string | null>(null);
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/equipment/disposals', {
        params: { query: status === 'open' ? { status: 'open' } : {} },
        signal,
      }),
    [status],
  );
  return (
    <Stack>
      <SegmentedControl
        w="fit-content"
        value={status}
        onChange={(v) => setStatus(v)}
        data={[
          { value: 'open', label: tx.disposalStatuses.open },
          { value: 'all', label: tx.all },
        ]}
      />
      {message && <Alert color="green">{message}</Alert>}
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && list.state.data.length === 0 && (
        <Text c="dimmed">{tx.noDisposals}</Text>
      )}
      {list.state.status === 'ready' &&
        list.state.data.map((d) => (
          <DisposalCard
            key={d.id}
            d={d}
            withItem
            onChanged={(m) => {
              setMessage(m);
              list.reload();
            }}
          />
        ))}
    </Stack>
  );
}
