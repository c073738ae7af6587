import { Button, Group, Stack, Tabs } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { navigate, useSearch } from '../../app/router.ts';
import { Loading } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { EXPORT_URL, statementUrl } from './api.ts';
import { DashboardTab } from './DashboardTab.tsx';
import { useComplianceText } from './i18n.ts';

const HistoryTab = lazy(() => import('./HistoryTab.tsx'));
const StatementsTab = lazy(() => import('./StatementsTab.tsx'));
const PolicyTab = lazy(() => import('./PolicyTab.tsx'));

const TABS = ['dashboard', 'history', 'statements', 'policy'] as const;
type Tab = (typeof TABS)[number];

/** Staff: every evidence check with drill-down, history, the statement and policy editors, the export. */
export default function ConsoleCompliancePage() {
  const tx = useComplianceText();
  const { lang } = useI18n();
  const search = useSearch();
  const asked = new URLSearchParams(search).get('tab');
  const tab: Tab = TABS.includes(asked as Tab) ? (asked as Tab) : 'dashboard';
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageTitle title={tx.consoleTitle} lead={tx.consoleLead} />
        <Group gap="xs">
          <Button component="a" variant="default" href={statementUrl('pdf', lang)} download>
            {tx.downloadPdf}
          </Button>
          <Button component="a" variant="default" href={EXPORT_URL} download data-testid="compliance-export">
            {tx.exportJson}
          </Button>
        </Group>
      </Group>
      <Tabs
        value={tab}
        onChange={(v) => v && navigate(`/compliance?tab=${v}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t} value={t}>
              {tx.tabs[t]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Suspense fallback={<Loading />}>
          <Tabs.Panel value="dashboard" pt="md">
            <DashboardTab tx={tx} lang={lang} />
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="md">
            <HistoryTab tx={tx} lang={lang} />
          </Tabs.Panel>
          <Tabs.Panel value="statements" pt="md">
            <StatementsTab tx={tx} lang={lang} />
          </Tabs.Panel>
          <Tabs.Panel value="policy" pt="md">
            <PolicyTab tx={tx} lang={lang} />
          </Tabs.Panel>
        </Suspense>
      </Tabs>
    </Stack>
  );
}
