import { Select, Stack, Table, Text } from '@mantine/core';
import { portalApi } from '../../api/portal-api.ts';
import { navigate, useSearch } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatBps } from './format.ts';
import { useTrafficText } from './i18n.ts';
import { TrafficView } from './TrafficView.tsx';

/** Portal /traffic: the graph of one of the customer's connections, its CSV and monthly 95th percentiles. */
export default function PortalTrafficPage() {
  const text = useTrafficText();
  const list = useLoad((signal) => portalApi.GET('/api/v1/virtual-networks', { signal }));
  const conns =
    list.state.status === 'ready'
      ? list.state.data.flatMap((v) => v.connections.map((c) => ({ ...c, vnet: v.name })))
      : [];
  const asked = new URLSearchParams(useSearch()).get('connection');
  const open = conns.find((c) => c.id === asked) ?? conns[0] ?? null;
  return (
    <Stack gap="lg">
      <PageTitle title={text.title} lead={text.lead} />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && conns.length === 0 && <Text c="dimmed">{text.noConnections}</Text>}
      {open && (
        <>
          <Select
            label={text.connection}
            placeholder={text.chooseConnection}
            maw={420}
            value={open.id}
            allowDeselect={false}
            data={conns.map((c) => ({ value: c.id, label: `${c.name} (${c.vnet})` }))}
            onChange={(v) => v && navigate(`/traffic?connection=${v}`, { replace: true })}
            data-testid="traffic-connection"
          />
          <Section title={open.name}>
            <TrafficView
              key={open.id}
              load={(from, to, signal) =>
                portalApi.GET('/api/v1/connections/{id}/traffic', {
                  params: { path: { id: open.id }, query: { from, to } },
                  signal,
                })
              }
              csvPath={(q) => `/api/v1/connections/${encodeURIComponent(open.id)}/traffic.csv?${q}`}
              limit={(d) => (d.bandwidthMbps === null ? null : d.bandwidthMbps * 1e6)}
              limitLabel={text.contract}
            >
              {(d) => (
                <Stack gap={4} mt="md">
                  <Text fw={600}>{text.months}</Text>
                  {d.months.length === 0 ? (
                    <Text c="dimmed">{text.noMonths}</Text>
                  ) : (
                    <Table striped withTableBorder data-testid="traffic-months">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{text.month}</Table.Th>
                          <Table.Th ta="right">{text.inP95}</Table.Th>
                          <Table.Th ta="right">{text.outP95}</Table.Th>
                          <Table.Th ta="right">{text.p95}</Table.Th>
                          <Table.Th ta="right">{text.peak}</Table.Th>
                          <Table.Th ta="right">{text.samples}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {d.months.map((m) => (
                          <Table.Tr key={m.month}>
                            <Table.Td>{m.month.slice(0, 7)}</Table.Td>
                            <Table.Td ta="right">{formatBps(m.inP95Bps)}</Table.Td>
                            <Table.Td ta="right">{formatBps(m.outP95Bps)}</Table.Td>
                            <Table.Td ta="right">{formatBps(m.p95Bps)}</Table.Td>
                            <Table.Td ta="right">{formatBps(m.peakBps)}</Table.Td>
                            <Table.Td ta="right">{m.samples.toLocaleString()}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                </Stack>
              )}
            </TrafficView>
          </Section>
        </>
      )}
    </Stack>
  );
}
