import { Alert, Anchor, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { linkProps, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { asProblem } from '../../api/client.ts';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { Monitor, MonitorApi } from './api.ts';
import { useMonitoringText, type MonitoringText, type ShownState } from './i18n.ts';
import { MonitorDetailView } from './MonitorDetail.tsx';
import { monitorName, PauseModal, pauseLine, StateBadge } from './parts.tsx';

const STATES: ShownState[] = ['down', 'degraded', 'up', 'unknown', 'paused'];
type Notice = ((tx: MonitoringText) => string) | null;

/** The monitors list with pause/resume, or one monitor (?monitor=…): shared by portal and console. */
export function MonitoringScreen({ api, base }: { api: MonitorApi; base: string }) {
  const tx = useMonitoringText();
  const id = new URLSearchParams(useSearch()).get('monitor');
  const [notice, setNoticeState] = useState<Notice>(null);
  const setNotice = (n: Notice) => setNoticeState(() => n);
  return (
    <Stack gap="lg">
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice(tx)}
        </Alert>
      )}
      {id ? (
        <MonitorDetailView key={id} id={id} api={api} base={base} tx={tx} onNotice={setNotice} />
      ) : (
        <List api={api} base={base} tx={tx} onNotice={setNotice} />
      )}
    </Stack>
  );
}

/** Pause and resume buttons of one monitor, with their dialogs. */
export function PauseResume({
  m,
  api,
  tx,
  onChanged,
}: {
  m: Monitor;
  api: MonitorApi;
  tx: MonitoringText;
  onChanged: (m: Monitor, how: 'paused' | 'resumed') => void;
}) {
  const { can } = useSession();
  const [pausing, setPausing] = useState(false);
  const [resuming, setResuming] = useState(false);
  if (!can(api.staff ? 'network.manage' : 'monitoring.control')) return null;
  return (
    <>
      {m.paused ? (
        <Button size="xs" variant="light" onClick={() => setResuming(true)} data-testid="resume">
          {tx.resume}
        </Button>
      ) : (
        <Button size="xs" variant="default" onClick={() => setPausing(true)} data-testid="pause">
          {tx.pause}
        </Button>
      )}
      <PauseModal
        monitor={pausing ? m : null}
        api={api}
        tx={tx}
        onClose={() => setPausing(false)}
        onDone={(after) => {
          setPausing(false);
          onChanged(after, 'paused');
        }}
      />
      <ConfirmDialog
        opened={resuming}
        onClose={() => setResuming(false)}
        title={tx.resumeConfirmTitle}
        message={tx.resumeConfirm(monitorName(m))}
        confirmLabel={tx.resume}
        onConfirm={async () => {
          const r = await api.resume(m.id);
          if (!r.response.ok) return asProblem(r.error, r.response.status);
          onChanged(r.data!, 'resumed');
          return null;
        }}
      />
    </>
  );
}

function List({
  api,
  base,
  tx,
  onNotice,
}: {
  api: MonitorApi;
  base: string;
  tx: MonitoringText;
  onNotice: (n: Notice) => void;
}) {
  const [state, setState] = useState<ShownState | 'all'>('all');
  const list = useLoad((signal) => api.list(state === 'all' ? null : state, signal), [state]);
  const cols = api.staff ? 7 : 6;
  return (
    <>
      <PageTitle title={api.staff ? tx.consoleTitle : tx.title} lead={api.staff ? tx.consoleLead : tx.lead} />
      <SegmentedControl
        aria-label={tx.filterState}
        value={state}
        onChange={(v) => setState(v)}
        data={[
          { value: 'all', label: tx.allStates },
          ...STATES.map((s) => ({ value: s, label: tx.states[s] })),
        ]}
        w="fit-content"
        style={{ maxWidth: '100%', overflowX: 'auto' }}
      />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={820}>
          <Table striped data-testid="monitors">
            <Table.Thead>
              <Table.Tr>
                {api.staff && <Table.Th>{tx.tenant}</Table.Th>}
                <Table.Th>{tx.connection}</Table.Th>
                <Table.Th>{tx.target}</Table.Th>
                <Table.Th>{tx.state}</Table.Th>
                <Table.Th>{tx.lastRound}</Table.Th>
                <Table.Th>{tx.since}</Table.Th>
                <Table.Th>{tx.actions}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={cols}>{tx.empty}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((m) => (
                <Table.Tr key={m.id} data-connection={m.connectionName}>
                  {api.staff && (
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {m.tenantCode}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {m.tenantName}
                      </Text>
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Anchor size="sm" {...linkProps(`${base}?monitor=${m.id}`)}>
                      {m.connectionName}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {m.serviceCode}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {m.target ?? tx.noTarget}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.probeKind === 'tcp' ? `TCP ${m.tcpPort}` : 'ICMP'} · {tx.interval(m.intervalS)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StateBadge state={m.state} tx={tx} />
                    {m.paused && (
                      <Text size="xs" c="dimmed" maw={220}>
                        {pauseLine(m, tx)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">
                      {m.lastLossPct === null ? tx.never : tx.lastRoundValue(m.lastLossPct, m.lastRttMs)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(m.stateSince)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <PauseResume
                        m={m}
                        api={api}
                        tx={tx}
                        onChanged={(after, how) => {
                          onNotice((x) => (how === 'paused' ? x.paused : x.resumed)(monitorName(after)));
                          list.reload();
                        }}
                      />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
