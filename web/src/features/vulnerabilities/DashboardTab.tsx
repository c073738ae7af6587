import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, navigate } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { advisoryUrl, SEVERITY_COLOR, type Dashboard, type Severity } from './api.ts';
import { useVulnText } from './i18n.ts';
import { MatchesTable } from './MatchesTable.tsx';
import { SeverityBadge } from './parts.tsx';
import { TrendChart } from './TrendChart.tsx';

const CARD_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const satisfies readonly Severity[];

function Figure({
  label,
  value,
  color,
  testId,
  onClick,
}: {
  label: string;
  value: number;
  color?: string;
  testId: string;
  onClick?: () => void;
}) {
  return (
    <Card withBorder padding="sm" onClick={onClick} style={onClick ? { cursor: 'pointer' } : undefined}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} c={value > 0 ? color : undefined} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** Open exposures by severity, overdue items, the daily trend, recent advisories and feeds. */
export function DashboardTab() {
  const tx = useVulnText();
  const [message, setMessage] = useState<string | null>(null);
  const d = useLoad((signal) => mgmtApi.GET('/api/v1/vulnerabilities/dashboard', { signal }), []);
  if (d.state.status === 'loading') return <Loading />;
  if (d.state.status === 'error') return <ProblemAlert problem={d.state.problem} onRetry={d.reload} />;
  const data: Dashboard = d.state.data;
  const exposures = () => navigate('/vulnerabilities?tab=exposures');
  return (
    <Stack gap="lg">
      {message && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setMessage(null)} role="status">
          {message}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }}>
        <Figure
          label={tx.openTotal}
          value={data.open.total}
          color="red"
          testId="open-total"
          onClick={exposures}
        />
        {CARD_SEVERITIES.map((s) => (
          <Figure
            key={s}
            label={tx.severities[s]}
            value={data.open[s]}
            color={SEVERITY_COLOR[s]}
            testId={`open-${s}`}
            onClick={exposures}
          />
        ))}
        <Figure label={tx.overdue} value={data.overdue} color="red" testId="overdue" />
        <Figure label={tx.undetermined} value={data.undetermined} color="grape" testId="undetermined" />
      </SimpleGrid>
      <Stack gap="xs">
        <Title order={4}>{tx.trend}</Title>
        <TrendChart trend={data.trend} />
      </Stack>
      <Stack gap="xs">
        <Title order={4}>{tx.overdueItems}</Title>
        {data.overdueItems.length === 0 ? (
          <Text size="sm" c="dimmed">
            {tx.noOverdue}
          </Text>
        ) : (
          <MatchesTable
            matches={data.overdueItems}
            onChanged={(m) => {
              setMessage(m);
              d.reload();
            }}
          />
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={4}>{tx.recent}</Title>
        <Table verticalSpacing={4} data-testid="recent-advisories">
          <Table.Tbody>
            {data.recentAdvisories.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor size="sm" {...linkProps(advisoryUrl(a.id))}>
                    {a.externalId}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{a.title}</Text>
                </Table.Td>
                <Table.Td>
                  <SeverityBadge severity={a.severity} score={a.cvssScore} tx={tx} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">
                    {a.matched} / {a.open}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="xs" c="dimmed">
                    {formatInstant(a.importedAt)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {data.recentAdvisories.length === 0 && (
          <Text size="sm" c="dimmed">
            {tx.noAdvisories}
          </Text>
        )}
      </Stack>
      {data.feeds.length > 0 && (
        <Stack gap="xs">
          <Title order={4}>{tx.feeds}</Title>
          {data.feeds.map((f) => (
            <Group key={f.url} gap="xs">
              <Text size="sm" ff="monospace">
                {f.url}
              </Text>
              <Text size="xs" c={f.lastError ? 'red' : 'dimmed'}>
                {formatInstant(f.lastRunAt)} {f.lastError ?? tx.feedOk}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
