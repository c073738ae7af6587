import { Stack, Tabs } from '@mantine/core';
import { navigate, useSearch } from '../../app/router.ts';
import { PageTitle } from '../../components/Section.tsx';
import { AdvisoriesTab } from './AdvisoriesTab.tsx';
import { AdvisoryDetail } from './AdvisoryDetail.tsx';
import { DashboardTab } from './DashboardTab.tsx';
import { ExposuresTab } from './ExposuresTab.tsx';
import { useVulnText, type Tab } from './i18n.ts';

const TABS: Tab[] = ['dashboard', 'advisories', 'exposures'];

/**
 * /vulnerabilities (12.6.1): the dashboard, advisories (import, re-match) and affected items with
 * their assessments. ?advisory=… opens one advisory; ?tab=exposures&device=… one device's items.
 */
export default function VulnerabilitiesPage() {
  const tx = useVulnText();
  const params = new URLSearchParams(useSearch());
  const advisory = params.get('advisory');
  if (advisory) return <AdvisoryDetail key={advisory} id={advisory} />;
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = requested && TABS.includes(requested) ? requested : 'dashboard';
  return (
    <Stack gap="lg">
      <PageTitle title={tx.title} lead={tx.lead} />
      <Tabs
        value={tab}
        onChange={(v) => v && navigate(`/vulnerabilities?tab=${v}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t} value={t}>
              {tx.tabs[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="dashboard" pt="md">
          <DashboardTab />
        </Tabs.Panel>
        <Tabs.Panel value="advisories" pt="md">
          <AdvisoriesTab />
        </Tabs.Panel>
        <Tabs.Panel value="exposures" pt="md">
          <ExposuresTab device={params.get('device')} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
