import { Alert, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { useReportsText } from './i18n.ts';

type MailStatus = 'pending' | 'sending' | 'sent' | 'failed';
const COLORS: Record<MailStatus, string> = { pending: 'blue', sending: 'cyan', sent: 'green', failed: 'red' };

/** Outgoing email and its delivery state; failed messages can be sent again (same Message-ID). */
export default function MailPage() {
  const tx = useReportsText();
  const { can } = useSession();
  const [status, setStatus] = useState<MailStatus | 'all'>('all');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const retry = useAction();
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/mail', {
        params: { query: { ...(status === 'all' ? {} : { status }), ...(search ? { q: search } : {}) } },
        signal,
      }),
    [status, search],
  );
  return (
    <Stack gap="lg">
      <PageTitle title={tx.mailTitle} lead={tx.mailLead} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <Group align="flex-end">
          <Select
            label={tx.filterStatus}
            value={status}
            onChange={(v) => setStatus((v as MailStatus | null) ?? 'all')}
            data={[
              { value: 'all', label: tx.allStatuses },
              ...(['pending', 'sending', 'sent', 'failed'] as const).map((s) => ({
                value: s,
                label: tx.mailStatuses[s],
              })),
            ]}
            w={200}
          />
          <TextInput label={tx.search} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={280} />
          <Button type="submit" variant="light">
            {tx.find}
          </Button>
        </Group>
      </form>
      {done && (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      <ProblemAlert problem={retry.problem} />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <>
          <Text size="sm" c="dimmed" data-testid="mail-counts">
            {tx.counts(list.state.data.counts)}
          </Text>
          <Table.ScrollContainer minWidth={1000}>
            <Table striped data-testid="mail-log">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{tx.status}</Table.Th>
                  <Table.Th>{tx.recipient}</Table.Th>
                  <Table.Th>{tx.subject}</Table.Th>
                  <Table.Th>{tx.attempts}</Table.Th>
                  <Table.Th>{tx.lastError}</Table.Th>
                  <Table.Th>{tx.createdAt}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.state.data.messages.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={8}>{tx.empty}</Table.Td>
                  </Table.Tr>
                )}
                {list.state.data.messages.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Tooltip label={`${tx.messageId}: ${m.messageId ?? '-'}`}>
                        <Text size="sm" ff="monospace">
                          {m.id}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={COLORS[m.status]} variant="light">
                        {tx.mailStatuses[m.status]}
                      </Badge>
                      {m.failure && (
                        <Text size="xs" c="red">
                          {tx.failure[m.failure]}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.recipient}</Text>
                      {m.tenantCode && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {m.tenantCode}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {m.subject}
                      </Text>
                    </Table.Td>
                    <Table.Td>{m.attempts}</Table.Td>
                    <Table.Td>
                      <Text size="xs" lineClamp={2}>
                        {m.lastError ?? ''}
                      </Text>
                      {m.nextAttemptAt && (
                        <Text size="xs" c="dimmed">
                          {tx.nextAttempt}: {formatInstant(m.nextAttemptAt)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{formatInstant(m.createdAt)}</Text>
                      {m.sentAt && (
                        <Text size="xs" c="dimmed">
                          {tx.sentAt}: {formatInstant(m.sentAt)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {m.status === 'failed' && can('mail.manage') && (
                        <Button
                          size="xs"
                          variant="light"
                          loading={retry.busy}
                          onClick={() =>
                            void retry
                              .run(() =>
                                mgmtApi.POST('/api/v1/mail/{id}/retry', { params: { path: { id: m.id } } }),
                              )
                              .then((ok) => {
                                if (ok) {
                                  setDone(tx.retried(m.id));
                                  list.reload();
                                }
                              })
                          }
                        >
                          {tx.retry}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
