import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { MonitorApi } from './api.ts';
import type { MonitoringText } from './i18n.ts';
import { PauseResume } from './MonitoringScreen.tsx';
import { SettingsModal } from './SettingsModal.tsx';
import { monitorName, pauseLine, StateBadge } from './parts.tsx';

// the graph is loaded on first view of a monitor: the list stays light
const HistoryGraph = lazy(() => import('./HistoryGraph.tsx'));

/** The last 12 JST months, newest first, as YYYY-MM. */
function recentMonths(): string[] {
  const now = formatInstant(new Date()).slice(0, 7);
  let [y, m] = now.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

export function MonitorDetailView({
  id,
  api,
  base,
  tx,
  onNotice,
}: {
  id: string;
  api: MonitorApi;
  base: string;
  tx: MonitoringText;
  onNotice: (n: ((tx: MonitoringText) => string) | null) => void;
}) {
  const detail = useLoad((signal) => api.get(id, signal), [id]);
  const { can } = useSession();
  const [editing, setEditing] = useState(false);
  if (detail.state.status === 'loading') return <Loading />;
  if (detail.state.status === 'error')
    return (
      <Stack>
        <Anchor {...linkProps(base)}>{tx.back}</Anchor>
        <ProblemAlert problem={detail.state.problem} onRetry={detail.reload} />
      </Stack>
    );
  const m = detail.state.data;
  return (
    <Stack gap="lg">
      <Anchor size="sm" {...linkProps(base)}>
        ← {tx.back}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{monitorName(m)}</Title>
          <Text c="dimmed" size="sm">
            {api.staff && m.tenantCode ? `${m.tenantCode} ${m.tenantName ?? ''} · ` : ''}
            {tx.target}: <span style={{ fontFamily: 'monospace' }}>{m.target ?? tx.noTarget}</span> ·{' '}
            {m.probeKind === 'tcp' ? `TCP ${m.tcpPort}` : 'ICMP'} · {tx.interval(m.intervalS)}
          </Text>
        </div>
        <Group gap="sm">
          <StateBadge state={m.state} tx={tx} />
          {api.settings && can('network.manage') && (
            <Button size="xs" variant="default" onClick={() => setEditing(true)}>
              {tx.settings}
            </Button>
          )}
          <PauseResume
            m={m}
            api={api}
            tx={tx}
            onChanged={(after, how) => {
              onNotice((x) => (how === 'paused' ? x.paused : x.resumed)(monitorName(after)));
              detail.reload();
            }}
          />
        </Group>
      </Group>
      {editing && (
        <SettingsModal
          monitor={m}
          api={api}
          tx={tx}
          opened
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            onNotice((x) => x.saved);
            detail.reload();
          }}
        />
      )}
      {m.paused && (
        <Card withBorder padding="sm" data-testid="pause-info">
          <Text size="sm">{pauseLine(m, tx)}</Text>
          {m.paused.reason && (
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {m.paused.reason}
            </Text>
          )}
        </Card>
      )}
      <Section title={tx.history} lead={tx.historyLead}>
        <Suspense fallback={<Loading />}>
          <HistoryGraph id={m.id} api={api} tx={tx} />
        </Suspense>
      </Section>
      <AvailabilitySection id={m.id} api={api} tx={tx} />
      <Section title={tx.events} lead={tx.eventsLead}>
        <Table data-testid="monitor-events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tx.at}</Table.Th>
              <Table.Th>{tx.event}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {m.events.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={2}>{tx.noEvents}</Table.Td>
              </Table.Tr>
            )}
            {m.events.map((e) => (
              <Table.Tr key={e.id} data-kind={e.kind}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(e.at)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{tx.eventKinds[e.kind]}</Text>
                    {e.lossPct !== null && (
                      <Text size="xs" c="dimmed">
                        {tx.lastRoundValue(e.lossPct, null)}
                      </Text>
                    )}
                    {e.reason && (
                      <Text size="xs" c="dimmed">
                        {e.reason}
                      </Text>
                    )}
                    {e.emailed && (
                      <Badge size="xs" variant="outline">
                        {tx.emailed}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </Stack>
  );
}

function AvailabilitySection({ id, api, tx }: { id: string; api: MonitorApi; tx: MonitoringText }) {
  const months = useMemo(recentMonths, []);
  const [month, setMonth] = useState(months[0]!);
  const a = useLoad((signal) => api.availability(id, month, signal), [id, month]);
  const pct = (v: number | null) => (v === null ? tx.noData : `${v.toFixed(3)}%`);
  return (
    <Section title={tx.availability} lead={tx.availabilityLead}>
      <Group align="flex-end">
        <Select
          label={tx.month}
          data={months}
          value={month}
          onChange={(v) => v && setMonth(v)}
          allowDeselect={false}
          w={160}
        />
        {a.state.status === 'ready' && (
          <Text size="xl" fw={600} data-testid="availability-month">
            {tx.monthTotal}: {pct(a.state.data.availabilityPct)}
          </Text>
        )}
      </Group>
      {a.state.status === 'loading' && <Loading />}
      {a.state.status === 'error' && <ProblemAlert problem={a.state.problem} onRetry={a.reload} />}
      {a.state.status === 'ready' && a.state.data.days.length > 0 && (
        <Table.ScrollContainer minWidth={360}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.day}</Table.Th>
                <Table.Th>{tx.rounds}</Table.Th>
                <Table.Th>{tx.dayAvailability}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.state.data.days.map((d) => (
                <Table.Tr key={d.date}>
                  <Table.Td>{d.date}</Table.Td>
                  <Table.Td>{d.rounds}</Table.Td>
                  <Table.Td>{pct(d.availabilityPct)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
