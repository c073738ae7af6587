import { Badge, Card, Code, Table, Text, Timeline, Title } from '@mantine/core';
import { formatInstant } from '../../lib/time.ts';
import type { DataplaneText } from './i18n.ts';
import type { ConfigChangeDetail } from './shared.tsx';

/** Tenants and connections on the changed devices; `direct` ones change themselves. */
export function ChangeImpact({ c, tx }: { c: ConfigChangeDetail; tx: DataplaneText }) {
  const { tenants, connections } = c.impact;
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={3} size="h4" mb="sm">
        {tx.impact} · {tx.tenantsCount(tenants.length, connections.length)}
      </Title>
      {connections.length === 0 ? (
        <Text size="sm" c="dimmed">
          {tx.noImpact}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="impact">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.tenant}</Table.Th>
                <Table.Th>{tx.connection}</Table.Th>
                <Table.Th>{tx.service}</Table.Th>
                <Table.Th>{tx.device}</Table.Th>
                <Table.Th>{tx.bandwidth}</Table.Th>
                <Table.Th>{tx.impact}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connections.map((x) => (
                <Table.Tr key={`${x.id}-${x.deviceId}`} data-direct={x.direct}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {x.tenantCode}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {tenants.find((t) => t.id === x.tenantId)?.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {x.name}
                    <Text size="xs" c="dimmed">
                      {x.kind} · {x.status}
                    </Text>
                  </Table.Td>
                  <Table.Td ff="monospace">{x.serviceCode}</Table.Td>
                  <Table.Td ff="monospace">{x.hostname}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{x.bandwidthMbps} Mbit/s</Table.Td>
                  <Table.Td>
                    <Badge color={x.direct ? 'orange' : 'gray'} variant="light">
                      {x.direct ? tx.directChange : tx.sharedDevice}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

export function ChangeLog({ c, tx }: { c: ConfigChangeDetail; tx: DataplaneText }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={3} size="h4" mb="sm">
        {tx.log}
      </Title>
      {c.log.length === 0 ? (
        <Text size="sm" c="dimmed">
          {tx.noLog}
        </Text>
      ) : (
        <Code block data-testid="execution-log" style={{ fontSize: 12, maxHeight: 360, overflow: 'auto' }}>
          {c.log.map((l, i) => (
            <span
              key={i}
              style={{
                display: 'block',
                color: l.level === 'error' ? 'var(--mantine-color-red-8)' : undefined,
              }}
            >
              {formatInstant(l.at)} {l.device ? `[${l.device}] ` : ''}
              {l.message}
            </span>
          ))}
        </Code>
      )}
    </Card>
  );
}

export function ChangeTimeline({ c, tx }: { c: ConfigChangeDetail; tx: DataplaneText }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={3} size="h4" mb="sm">
        {tx.timeline}
      </Title>
      <Timeline active={c.timeline.length - 1} bulletSize={14} lineWidth={2}>
        {c.timeline.map((e, i) => (
          <Timeline.Item key={i} title={tx.statuses[e.toStatus]}>
            <Text size="xs" c="dimmed">
              {formatInstant(e.at)} · {e.actor.name ?? tx.system}
            </Text>
            {e.note && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {e.note}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}
