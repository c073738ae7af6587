import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { PortTrafficLink } from '../traffic/PortTrafficLink.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import { mbps, NEEDS_PLAN } from './api.ts';
import { useCapacityText } from './i18n.ts';
import { ForecastText, MeasuredText, RatioBar, StateBadge } from './parts.tsx';
import { PlanForm } from './PlanForm.tsx';
import { AlertsTable, PlansTable } from './PlansTable.tsx';

// The chart comes with the detail only: the dashboard's first load stays small.
const PortChart = lazy(() => import('./PortChart.tsx'));

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}

/** One port (?port=…): its figures, the monthly chart with trend and threshold, plans and alerts. */
export function PortDetail({ id }: { id: string }) {
  const tx = useCapacityText();
  const { lang } = useI18n();
  const { can } = useSession();
  const [planOpen, setPlanOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const port = useLoad(
    (signal) => mgmtApi.GET('/api/v1/capacity/ports/{portId}', { params: { path: { portId: id } }, signal }),
    [id],
  );
  const p = port.state.status === 'ready' ? port.state.data : null;
  return (
    <Stack gap="lg">
      <Anchor size="sm" {...linkProps('/capacity')}>
        ← {tx.back}
      </Anchor>
      {port.state.status === 'loading' && <Loading />}
      {port.state.status === 'error' && <ProblemAlert problem={port.state.problem} onRetry={port.reload} />}
      {message && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setMessage(null)} role="status">
          {message}
        </Alert>
      )}
      {p && (
        <>
          <Group justify="space-between" align="flex-end">
            <Group gap="sm" align="center">
              <PageTitle title={tx.portTitle(p.device.hostname, p.name)} />
              <StateBadge state={p.state} tx={tx} />
            </Group>
            {can('network.manage') && (
              <Button
                variant={NEEDS_PLAN.includes(p.state) ? 'filled' : 'light'}
                onClick={() => setPlanOpen(true)}
              >
                {tx.planAugmentation}
              </Button>
            )}
          </Group>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="sm">
              {tx.facts}
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" data-testid="port-facts">
              <Fact label={tx.pop}>
                <Text size="sm">
                  {p.pop.code} {lang === 'ja' ? p.pop.nameJa : p.pop.nameEn}
                </Text>
              </Fact>
              <Fact label={tx.portClass}>
                <Text size="sm">
                  {lang === 'ja' ? p.portClass.nameJa : p.portClass.nameEn} ({p.portClass.code})
                </Text>
              </Fact>
              <Fact label={tx.capacity}>
                <Text size="sm">{mbps(p.capacityMbps)}</Text>
              </Fact>
              <Fact label={`${tx.limit} (Mbit/s)`}>
                <Text size="sm">{mbps(p.limitMbps)}</Text>
              </Fact>
              <Fact label={tx.contracted}>
                <Text size="sm" data-testid="contracted">
                  {mbps(p.contractedMbps)}
                </Text>
              </Fact>
              <Fact label={tx.connections}>
                <Text size="sm">{p.connections}</Text>
              </Fact>
              <Fact label={tx.ratio}>
                <RatioBar port={p} tx={tx} />
              </Fact>
              <Fact label={tx.headroom}>
                <Text size="sm">
                  {mbps(p.headroomMbps)}
                  {p.measured ? ` / ${mbps(p.measured.headroomMbps)}` : ''}
                </Text>
              </Fact>
              <Fact label={tx.measured}>
                <MeasuredText port={p} tx={tx} />
              </Fact>
              <Fact label={`${tx.contractedThreshold} / ${tx.measuredThreshold} (Mbit/s)`}>
                <Text size="sm">
                  {mbps(p.contractedThresholdMbps)} / {mbps(p.measuredThresholdMbps)} (
                  {p.portClass.thresholdPct}%)
                </Text>
              </Fact>
              <Fact label={tx.forecast}>
                <ForecastText port={p} tx={tx} />
              </Fact>
              <Fact label={tx.slope}>
                <Text size="sm">
                  {p.forecast.slopeMbpsPerMonth === null ? '—' : tx.perMonth(p.forecast.slopeMbpsPerMonth)}
                </Text>
                <Text size="xs" c="dimmed">
                  {tx.months(p.forecast.months)}
                </Text>
              </Fact>
            </SimpleGrid>
          </Card>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4">
              {tx.chartTitle}
            </Title>
            <Text size="xs" c="dimmed" mb="sm">
              {tx.chartLead}
            </Text>
            <PortTrafficLink portId={p.id} />
            {p.series.length === 0 ? (
              <Text size="sm" c="dimmed">
                {tx.chartEmpty}
              </Text>
            ) : (
              <Suspense fallback={<Loading />}>
                <PortChart port={p} tx={tx} />
              </Suspense>
            )}
          </Card>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="sm">
              {tx.plansTitle}
            </Title>
            <PlansTable
              plans={p.plans}
              tx={tx}
              withTarget={false}
              onChanged={(m) => {
                setMessage(m);
                port.reload();
              }}
            />
          </Card>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="sm">
              {tx.alertsTitle}
            </Title>
            <AlertsTable alerts={p.alerts} tx={tx} />
          </Card>
          <PlanForm
            port={p}
            opened={planOpen}
            onClose={() => setPlanOpen(false)}
            onCreated={() => {
              setPlanOpen(false);
              setMessage(tx.created);
              port.reload();
            }}
          />
        </>
      )}
    </Stack>
  );
}
