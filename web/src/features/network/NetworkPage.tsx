import { Stack, Tabs, Text } from '@mantine/core';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { navigate, useSearch } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { DeviceDetailView } from './DeviceDetailView.tsx';
import { DevicesTab } from './DevicesTab.tsx';
import { useNetworkText, type Tab } from './i18n.ts';
import { LinksTab } from './LinksTab.tsx';
import { PopsTab } from './PopsTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import { TopologyView } from './TopologyView.tsx';

const TABS: Tab[] = ['topology', 'devices', 'pops', 'links', 'settings'];
const deviceUrl = (id: string) => `/network?device=${encodeURIComponent(id)}`;

/**
 * /network: the provider's physical network. Tabs (?tab=…) for the topology, devices, PoPs, links
 * and the management networks with port classes; ?device=… opens one device with its ports.
 */
export default function NetworkPage() {
  const nt = useNetworkText();
  const params = new URLSearchParams(useSearch());
  const device = params.get('device');
  if (device) {
    return <DeviceDetailView key={device} id={device} created={params.get('created') === '1'} />;
  }
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = requested && TABS.includes(requested) ? requested : 'topology';
  const pop = params.get('pop');
  return (
    <Stack gap="lg">
      <PageTitle title={nt.title} lead={nt.lead} />
      <Tabs
        value={tab}
        onChange={(v) => v && navigate(`/network?tab=${v}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t} value={t}>
              {nt.tabs[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="topology" pt="md">
          <Topology />
        </Tabs.Panel>
        <Tabs.Panel value="devices" pt="md">
          <DevicesTab key={pop ?? ''} initialPop={pop} />
        </Tabs.Panel>
        <Tabs.Panel value="pops" pt="md">
          <PopsTab onPop={(id) => navigate(`/network?tab=devices&pop=${encodeURIComponent(id)}`)} />
        </Tabs.Panel>
        <Tabs.Panel value="links" pt="md">
          <LinksTab />
        </Tabs.Panel>
        <Tabs.Panel value="settings" pt="md">
          <SettingsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Topology() {
  const nt = useNetworkText();
  const topo = useLoad((signal) => mgmtApi.GET('/api/v1/network/topology', { signal }));
  return (
    <Stack gap="xs">
      {topo.state.status === 'loading' && <Loading />}
      {topo.state.status === 'error' && <ProblemAlert problem={topo.state.problem} onRetry={topo.reload} />}
      {topo.state.status === 'ready' && (
        <>
          <Text size="sm" c="dimmed">
            {nt.topologyLead}
          </Text>
          <TopologyView topo={topo.state.data} onDevice={(id) => navigate(deviceUrl(id))} />
        </>
      )}
    </Stack>
  );
}
