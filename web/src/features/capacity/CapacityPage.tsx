import { Alert, SegmentedControl, Stack, Tabs } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { navigate, useSearch } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { useCapacityText, type Tab } from './i18n.ts';
import { AlertsTable, PlansTable } from './PlansTable.tsx';
import { PortDetail } from './PortDetail.tsx';
import { PortsTab } from './PortsTab.tsx';
import { DevicesTab, PopsTab } from './TotalsTabs.tsx';

const TABS: Tab[] = ['ports', 'devices', 'pops', 'plans', 'alerts'];

/**
 * /capacity (CLD.13.1.4, 12.1.3): ports with capacity, contracted sum, ratio against the limit,
 * measured traffic, headroom and forecast; devices and PoPs; augmentation plans; alerts.
 * ?port=… opens one port with its chart; ?tab=… picks a tab; ?pop= / ?device= filter the ports.
 */
export default function CapacityPage() {
  const tx = useCapacityText();
  const params = new URLSearchParams(useSearch());
  const port = params.get('port');
  if (port) return <PortDetail key={port} id={port} />;
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = requested && TABS.includes(requested) ? requested : 'ports';
  const pop = params.get('pop');
  const device = params.get('device');
  return (
    <Stack gap="lg">
      <PageTitle title={tx.title} lead={tx.lead} />
      <Tabs
        value={tab}
        onChange={(v) => v && navigate(`/capacity?tab=${v}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t} value={t}>
              {tx.tabs[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="ports" pt="md">
          <PortsTab key={`${pop ?? ''}:${device ?? ''}`} initialPop={pop} initialDevice={device} />
        </Tabs.Panel>
        <Tabs.Panel value="devices" pt="md">
          <DevicesTab onDevice={(id) => navigate(`/capacity?tab=ports&device=${encodeURIComponent(id)}`)} />
        </Tabs.Panel>
        <Tabs.Panel value="pops" pt="md">
          <PopsTab onPop={(id) => navigate(`/capacity?tab=ports&pop=${encodeURIComponent(id)}`)} />
        </Tabs.Panel>
        <Tabs.Panel value="plans" pt="md">
          <PlansTab />
        </Tabs.Panel>
        <Tabs.Panel value="alerts" pt="md">
          <AlertsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function PlansTab() {
  const tx = useCapacityText();
  const [open, setOpen] = useState('open');
  const [message, setMessage] = useState<string | null>(null);
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/capacity/plans', {
        params: { query: open === 'open' ? { status: 'open' } : {} },
        signal,
      }),
    [open],
  );
  return (
    <Stack gap="sm">
      <SegmentedControl
        w="fit-content"
        value={open}
        onChange={setOpen}
        data={[
          { value: 'open', label: tx.openOnly },
          { value: 'all', label: tx.allPlans },
        ]}
      />
      {message && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setMessage(null)} role="status">
          {message}
        </Alert>
      )}
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <PlansTable
          plans={list.state.data}
          tx={tx}
          onChanged={(m) => {
            setMessage(m);
            list.reload();
          }}
        />
      )}
    </Stack>
  );
}

function AlertsTab() {
  const tx = useCapacityText();
  const [open, setOpen] = useState('open');
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/capacity/alerts', {
        params: { query: open === 'open' ? { open: true } : {} },
        signal,
      }),
    [open],
  );
  return (
    <Stack gap="sm">
      <SegmentedControl
        w="fit-content"
        value={open}
        onChange={setOpen}
        data={[
          { value: 'open', label: tx.openAlerts },
          { value: 'all', label: tx.allAlerts },
        ]}
      />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && <AlertsTable alerts={list.state.data} tx={tx} />}
    </Stack>
  );
}
