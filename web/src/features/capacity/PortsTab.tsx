import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { mbps, NEEDS_PLAN, portUrl, STATES, type CapPort, type PortState } from './api.ts';
import { useCapacityText, type CapacityText } from './i18n.ts';
import { PlanForm } from './PlanForm.tsx';
import { ForecastText, HeadroomText, MeasuredText, RatioBar, StateBadge } from './parts.tsx';

type Sort = 'severity' | 'ratio' | 'utilisation' | 'headroom' | 'forecast' | 'name';
const SORTS: Sort[] = ['severity', 'ratio', 'utilisation', 'headroom', 'forecast', 'name'];

function SummaryCards({
  ports,
  tx,
  state,
  onState,
}: {
  ports: CapPort[];
  tx: CapacityText;
  state: PortState | null;
  onState: (s: PortState | null) => void;
}) {
  const count = (s: PortState) => ports.filter((p) => p.state === s).length;
  const cards: { key: 'ports' | Exclude<PortState, 'ok'>; value: number; color: string }[] = [
    { key: 'ports', value: ports.length, color: 'gray' },
    { key: 'critical', value: count('critical'), color: 'red' },
    { key: 'warning', value: count('warning'), color: 'orange' },
    { key: 'watch', value: count('watch'), color: 'yellow' },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }}>
      {cards.map((c) => {
        const active = c.key === 'ports' ? state === null : state === c.key;
        return (
          <UnstyledButton
            key={c.key}
            onClick={() => onState(c.key === 'ports' ? null : c.key)}
            aria-pressed={active}
            data-testid={`capacity-card-${c.key}`}
          >
            <Card
              withBorder
              radius="md"
              padding="sm"
              style={active ? { borderColor: 'var(--mantine-color-blue-5)' } : {}}
            >
              <Text size="xs" c="dimmed">
                {tx.cards[c.key]}
              </Text>
              <Text size="xl" fw={700} c={c.value > 0 && c.key !== 'ports' ? c.color : undefined}>
                {c.value}
              </Text>
            </Card>
          </UnstyledButton>
        );
      })}
    </SimpleGrid>
  );
}

/** Every port: summary cards, filters and the table the dashboard is about. */
export function PortsTab({
  initialPop,
  initialDevice,
}: {
  initialPop: string | null;
  initialDevice: string | null;
}) {
  const tx = useCapacityText();
  const { lang } = useI18n();
  const { can } = useSession();
  const [sort, setSort] = useState<Sort>('severity');
  const [pop, setPop] = useState<string | null>(initialPop);
  const [device, setDevice] = useState<string | null>(initialDevice);
  const [state, setState] = useState<PortState | null>(null);
  const [q, setQ] = useState('');
  const [planFor, setPlanFor] = useState<CapPort | null>(null);
  const [created, setCreated] = useState(false);
  const list = useLoad(
    (signal) => mgmtApi.GET('/api/v1/capacity/ports', { params: { query: { sort } }, signal }),
    [sort],
  );
  const all = list.state.status === 'ready' ? list.state.data : [];
  const pops = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of all) m.set(p.pop.id, `${p.pop.code} ${lang === 'ja' ? p.pop.nameJa : p.pop.nameEn}`);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [all, lang]);
  const devices = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of all) if (!pop || p.pop.id === pop) m.set(p.device.id, p.device.hostname);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [all, pop]);
  const inScope = all.filter((p) => (!pop || p.pop.id === pop) && (!device || p.device.id === device));
  const needle = q.trim().toLowerCase();
  const shown = inScope.filter(
    (p) =>
      (!state || p.state === state) &&
      (!needle || `${p.device.hostname} ${p.name}`.toLowerCase().includes(needle)),
  );
  return (
    <Stack gap="md">
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <>
          <SummaryCards ports={inScope} tx={tx} state={state} onState={setState} />
          {created && (
            <Alert
              color="green"
              variant="light"
              withCloseButton
              onClose={() => setCreated(false)}
              role="status"
            >
              {tx.created}
            </Alert>
          )}
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label={tx.filterPop}
              value={pop}
              onChange={(v) => {
                setPop(v);
                setDevice(null);
              }}
              data={pops}
              placeholder={tx.allPops}
              clearable
              w={200}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={tx.filterDevice}
              value={device}
              onChange={setDevice}
              data={devices}
              placeholder={tx.allDevices}
              clearable
              searchable
              w={200}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={tx.filterState}
              value={state}
              onChange={(v) => setState(v)}
              data={STATES.map((s) => ({ value: s, label: tx.states[s] }))}
              placeholder={tx.allStates}
              clearable
              w={170}
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput label={tx.search} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={220} />
            <Select
              label={tx.sort}
              value={sort}
              onChange={(v) => v && setSort(v)}
              data={SORTS.map((s) => ({ value: s, label: tx.sorts[s]! }))}
              allowDeselect={false}
              w={200}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          <PortsTable
            ports={shown}
            empty={all.length === 0 ? tx.noPorts : tx.noMatch}
            tx={tx}
            canPlan={can('network.manage')}
            onPlan={setPlanFor}
          />
        </>
      )}
      <PlanForm
        port={planFor}
        opened={planFor !== null}
        onClose={() => setPlanFor(null)}
        onCreated={() => {
          setPlanFor(null);
          setCreated(true);
          list.reload();
        }}
      />
    </Stack>
  );
}

function PortsTable({
  ports,
  empty,
  tx,
  canPlan,
  onPlan,
}: {
  ports: CapPort[];
  empty: string;
  tx: CapacityText;
  canPlan: boolean;
  onPlan: (p: CapPort) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={1150}>
      <Table striped highlightOnHover data-testid="capacity-ports" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              {tx.pop} / {tx.device} / {tx.port}
            </Table.Th>
            <Table.Th ta="right">{tx.capacity}</Table.Th>
            <Table.Th ta="right">{tx.contracted}</Table.Th>
            <Table.Th>{tx.ratio}</Table.Th>
            <Table.Th ta="right">{tx.measured}</Table.Th>
            <Table.Th ta="right" title={tx.headroomHelp}>
              {tx.headroom}
            </Table.Th>
            <Table.Th>{tx.forecast}</Table.Th>
            <Table.Th>{tx.state}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ports.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={9}>
                <Text c="dimmed" size="sm" py="sm">
                  {empty}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {ports.map((p) => (
            <Table.Tr key={p.id} data-testid={`capacity-port-${p.id}`} data-state={p.state}>
              <Table.Td>
                <Anchor size="sm" fw={500} style={{ whiteSpace: 'nowrap' }} {...linkProps(portUrl(p.id))}>
                  {p.device.hostname} {p.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {p.pop.code} · {p.portClass.code}
                  {p.status === 'disabled' ? ' · disabled' : ''}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{mbps(p.capacityMbps)}</Table.Td>
              <Table.Td ta="right" data-testid="contracted">
                {mbps(p.contractedMbps)}
              </Table.Td>
              <Table.Td>
                <RatioBar port={p} tx={tx} />
              </Table.Td>
              <Table.Td ta="right">
                <MeasuredText port={p} tx={tx} />
              </Table.Td>
              <Table.Td ta="right">
                <HeadroomText port={p} />
              </Table.Td>
              <Table.Td>
                <ForecastText port={p} tx={tx} />
              </Table.Td>
              <Table.Td>
                <StateBadge state={p.state} tx={tx} />
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  {canPlan && NEEDS_PLAN.includes(p.state) && (
                    <Button size="compact-xs" variant="light" onClick={() => onPlan(p)}>
                      {tx.planAugmentation}
                    </Button>
                  )}
                  {p.openPlans > 0 && (
                    <Anchor size="xs" {...linkProps(portUrl(p.id))}>
                      {tx.openPlans(p.openPlans)}
                    </Anchor>
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
