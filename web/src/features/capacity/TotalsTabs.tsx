import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import { mbps, STATES, type CapDevice } from './api.ts';
import { useCapacityText, type CapacityText } from './i18n.ts';

type Totals = Omit<CapDevice, 'owner' | 'id' | 'hostname' | 'role' | 'status' | 'pop'>;
const STATE_COLOR = { critical: 'red', warning: 'orange', watch: 'yellow', ok: 'green' } as const;

function StateCounts({ t, tx }: { t: Totals; tx: CapacityText }) {
  return (
    <Group gap={4} wrap="nowrap">
      {STATES.filter((s) => t.states[s] > 0).map((s) => (
        <Badge key={s} size="sm" variant="light" color={STATE_COLOR[s]} title={tx.states[s]}>
          {tx.states[s]} {t.states[s]}
        </Badge>
      ))}
    </Group>
  );
}

/** The totals columns shared by the device and PoP tables. */
function totalsCells(t: Totals, tx: CapacityText): ReactNode[] {
  return [
    <Table.Td key="ports" ta="right">
      {t.ports}
    </Table.Td>,
    <Table.Td key="cap" ta="right">
      {mbps(t.capacityMbps)}
    </Table.Td>,
    <Table.Td key="con" ta="right" data-testid="contracted">
      {mbps(t.contractedMbps)}
    </Table.Td>,
    <Table.Td key="ratio" ta="right">
      {t.ratio.toFixed(2)}
    </Table.Td>,
    <Table.Td key="p95" ta="right">
      {t.measuredP95Mbps === null ? '—' : mbps(t.measuredP95Mbps)}
    </Table.Td>,
    <Table.Td key="states">
      <StateCounts t={t} tx={tx} />
    </Table.Td>,
    <Table.Td key="first" style={{ whiteSpace: 'nowrap' }}>
      {t.firstCrossing ?? '—'}
    </Table.Td>,
    <Table.Td key="plans" ta="right">
      {t.openPlans}
    </Table.Td>,
  ];
}

function TotalsHead({ first, tx }: { first: ReactNode[]; tx: CapacityText }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {first}
        <Table.Th ta="right">{tx.ports}</Table.Th>
        <Table.Th ta="right">{tx.capacity}</Table.Th>
        <Table.Th ta="right">{tx.contracted}</Table.Th>
        <Table.Th ta="right">{tx.ratioShort}</Table.Th>
        <Table.Th ta="right">{tx.p95Sum}</Table.Th>
        <Table.Th>{tx.stateCounts}</Table.Th>
        <Table.Th>{tx.firstCrossing}</Table.Th>
        <Table.Th ta="right">{tx.plansShort}</Table.Th>
      </Table.Tr>
    </Table.Thead>
  );
}

export function DevicesTab({ onDevice }: { onDevice: (id: string) => void }) {
  const tx = useCapacityText();
  const { lang } = useI18n();
  const list = useLoad((signal) => mgmtApi.GET('/api/v1/capacity/devices', { signal }));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {tx.devicesLead}
      </Text>
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped highlightOnHover data-testid="capacity-devices">
            <TotalsHead
              first={[<Table.Th key="d">{tx.device}</Table.Th>, <Table.Th key="p">{tx.pop}</Table.Th>]}
              tx={tx}
            />
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={10}>
                    <Text size="sm" c="dimmed">
                      {tx.noPorts}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((d) => (
                <Table.Tr key={d.id} data-testid={`capacity-device-${d.id}`}>
                  <Table.Td>
                    <Anchor
                      size="sm"
                      component="button"
                      ta="left"
                      style={{ whiteSpace: 'nowrap' }}
                      onClick={() => onDevice(d.id)}
                    >
                      {d.hostname}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {d.pop.code} {lang === 'ja' ? d.pop.nameJa : d.pop.nameEn}
                    </Text>
                  </Table.Td>
                  {totalsCells(d, tx)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export function PopsTab({ onPop }: { onPop: (id: string) => void }) {
  const tx = useCapacityText();
  const { lang } = useI18n();
  const list = useLoad((signal) => mgmtApi.GET('/api/v1/capacity/pops', { signal }));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {tx.popsLead}
      </Text>
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped highlightOnHover data-testid="capacity-pops">
            <TotalsHead
              first={[
                <Table.Th key="p">{tx.pop}</Table.Th>,
                <Table.Th key="d" ta="right">
                  {tx.devices}
                </Table.Th>,
              ]}
              tx={tx}
            />
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={10}>
                    <Text size="sm" c="dimmed">
                      {tx.noPorts}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((p) => (
                <Table.Tr key={p.id} data-testid={`capacity-pop-${p.id}`}>
                  <Table.Td>
                    <Anchor
                      size="sm"
                      component="button"
                      ta="left"
                      style={{ whiteSpace: 'nowrap' }}
                      onClick={() => onPop(p.id)}
                    >
                      {p.code} {lang === 'ja' ? p.nameJa : p.nameEn}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{p.devices}</Table.Td>
                  {totalsCells(p, tx)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
