import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { formatInstant } from '../../lib/time.ts';
import type { StaffNoticeDetail } from './api.ts';
import type { NoticesText } from './i18n.ts';
import { useLocal, WindowText } from './parts.tsx';

/** The notice's window, text and (incidents) report, as staff wrote them. */
export function NoticeFacts({ n, tx }: { n: StaffNoticeDetail; tx: NoticesText }) {
  const local = useLocal();
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group gap="xl">
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {n.kind === 'incident' ? tx.started : tx.window}
            </Text>
            <WindowText kind={n.kind} start={n.windowStart} end={n.windowEnd} tx={tx} />
          </Stack>
        </Group>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{local(n.body)}</Text>
        {n.report && (
          <Stack gap="xs">
            <Title order={5}>{tx.report}</Title>
            {(['cause', 'actions', 'prevention'] as const).map((k) => (
              <Text size="sm" key={k}>
                <b>{tx[k]}:</b> {local(n.report![k])}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** Whom it reached and which customers acknowledged, who and when. */
export function AcknowledgementTable({ n, tx }: { n: StaffNoticeDetail; tx: NoticesText }) {
  const acked = n.recipients.filter((r) => r.acknowledgedAt).length;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={4}>{tx.ackOverview}</Title>
        <Text size="sm" data-testid="ack-count">
          {tx.ackCount(acked, n.recipients.length)}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={700}>
        <Table striped withTableBorder data-testid="recipients">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tx.tenant}</Table.Th>
              <Table.Th>{tx.services}</Table.Th>
              <Table.Th>{tx.notifiedAt}</Table.Th>
              <Table.Th>{tx.ackOverview}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {n.recipients.map((r) => (
              <Table.Tr key={r.tenant.id} data-tenant={r.tenant.code}>
                <Table.Td>
                  {r.tenant.code} {r.tenant.name}
                </Table.Td>
                <Table.Td>{r.services.map((s) => s.code).join(', ') || '-'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(r.notifiedAt)}</Table.Td>
                <Table.Td>
                  {r.acknowledgedAt
                    ? tx.acknowledged(r.acknowledgedBy?.name ?? null, formatInstant(r.acknowledgedAt))
                    : tx.notAcknowledged}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
