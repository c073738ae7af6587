import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { useReportsText, type ReportsText } from './i18n.ts';
import {
  Attachments,
  ReportFacts,
  ReportStatusBadge,
  ReportTimeline,
  ServiceCodes,
  STATUSES,
  type ReportStatus,
} from './shared.tsx';

/** Which status may follow which (the server decides; src/modules/reports/service.ts). */
const NEXT: Record<ReportStatus, ReportStatus[]> = {
  received: ['triaged', 'investigating', 'resolved', 'closed'],
  triaged: ['investigating', 'resolved', 'closed'],
  investigating: ['resolved', 'closed'],
  resolved: ['investigating', 'closed'],
  closed: [],
};

/** The provider's queue of customer event reports and one report (?id=…). */
export default function ConsoleReportsPage() {
  const tx = useReportsText();
  const id = new URLSearchParams(useSearch()).get('id');
  return <Stack gap="lg">{id ? <Detail key={id} id={id} tx={tx} /> : <Queue tx={tx} />}</Stack>;
}

function Queue({ tx }: { tx: ReportsText }) {
  const [status, setStatus] = useState<ReportStatus | 'all'>('all');
  const [assignee, setAssignee] = useState<string | null>(null);
  const staff = useLoad((signal) => mgmtApi.GET('/api/v1/event-report-assignees', { signal }));
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/event-reports', {
        params: {
          query: { ...(status === 'all' ? {} : { status }), ...(assignee ? { assignedTo: assignee } : {}) },
        },
        signal,
      }),
    [status, assignee],
  );
  return (
    <>
      <PageTitle title={tx.queueTitle} lead={tx.queueLead} />
      <Group>
        <Select
          label={tx.filterStatus}
          value={status}
          onChange={(v) => setStatus((v as ReportStatus | null) ?? 'all')}
          data={[
            { value: 'all', label: tx.allStatuses },
            ...STATUSES.map((s) => ({ value: s, label: tx.statuses[s] })),
          ]}
          w={220}
        />
        <Select
          label={tx.assignee}
          value={assignee}
          onChange={setAssignee}
          clearable
          data={
            staff.state.status === 'ready'
              ? staff.state.data.map((s) => ({ value: s.id, label: s.name }))
              : []
          }
          w={220}
        />
      </Group>
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="event-report-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.number}</Table.Th>
                <Table.Th>{tx.tenant}</Table.Th>
                <Table.Th>{tx.category}</Table.Th>
                <Table.Th>{tx.reportTitle}</Table.Th>
                <Table.Th>{tx.services}</Table.Th>
                <Table.Th>{tx.status}</Table.Th>
                <Table.Th>{tx.assignee}</Table.Th>
                <Table.Th>{tx.reportedAt}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={8}>{tx.empty}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((r) => (
                <Table.Tr key={r.id} data-number={r.number}>
                  <Table.Td>
                    <Anchor size="sm" ff="monospace" {...linkProps(`/event-reports?id=${r.id}`)}>
                      {r.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.tenantName}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {r.tenantCode}
                    </Text>
                  </Table.Td>
                  <Table.Td>{tx.categories[r.category]}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {r.title}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ServiceCodes r={r} />
                  </Table.Td>
                  <Table.Td>
                    <ReportStatusBadge status={r.status} tx={tx} />
                  </Table.Td>
                  <Table.Td>{r.assigneeName ?? tx.unassigned}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(r.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

function Detail({ id, tx }: { id: string; tx: ReportsText }) {
  const { can } = useSession();
  const r = useLoad(
    (signal) => mgmtApi.GET('/api/v1/event-reports/{id}', { params: { path: { id } }, signal }),
    [id],
  );
  const staff = useLoad((signal) => mgmtApi.GET('/api/v1/event-report-assignees', { signal }));
  const [next, setNext] = useState<ReportStatus | null>(null);
  const [statusComment, setStatusComment] = useState('');
  const [comment, setComment] = useState('');
  const [internal, setInternal] = useState(true);
  const [done, setDone] = useState<string | null>(null);
  const act = useAction();
  const path = { params: { path: { id } } };

  const step = async (
    call: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
    msg: string,
  ) => {
    const ok = await act.run(call);
    if (ok) {
      setDone(msg);
      r.reload();
    }
    return ok;
  };

  if (r.state.status === 'loading') return <Loading />;
  if (r.state.status === 'error')
    return (
      <ProblemAlert
        problem={r.state.problem}
        onRetry={r.state.problem.status === 404 ? undefined : r.reload}
      />
    );
  const rep = r.state.data;
  const handle = can('reports.handle');
  return (
    <>
      <Anchor size="sm" {...linkProps('/event-reports')}>
        ← {tx.back}
      </Anchor>
      <PageTitle title={tx.one(rep.number)} />
      {done && (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      <ProblemAlert problem={act.problem} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder radius="md" padding="md">
          <Title order={3} size="h4" mb="xs">
            {tx.detail}
          </Title>
          <ReportFacts r={rep} tx={tx} withTenant />
          <Title order={4} size="h5" mt="md" mb="xs">
            {tx.attachments}
          </Title>
          <Attachments r={rep} tx={tx} />
        </Card>
        <Stack>
          {handle && NEXT[rep.status].length > 0 && (
            <Card withBorder radius="md" padding="md">
              <Title order={3} size="h4" mb="xs">
                {tx.changeStatus}
              </Title>
              <Stack gap="xs">
                <Select
                  label={tx.newStatus}
                  value={next}
                  onChange={(v) => setNext(v)}
                  data={NEXT[rep.status].map((s) => ({ value: s, label: tx.statuses[s] }))}
                  data-testid="report-next-status"
                />
                <Textarea
                  label={tx.statusComment}
                  value={statusComment}
                  onChange={(e) => setStatusComment(e.currentTarget.value)}
                  autosize
                  minRows={2}
                  maxLength={5000}
                />
                <Group justify="flex-end">
                  <Button
                    size="sm"
                    disabled={!next}
                    loading={act.busy}
                    onClick={() =>
                      void step(
                        () =>
                          mgmtApi.POST('/api/v1/event-reports/{id}/status', {
                            ...path,
                            body: {
                              status: next!,
                              ...(statusComment.trim() ? { comment: statusComment } : {}),
                            },
                          }),
                        tx.statusChanged,
                      ).then((ok) => {
                        if (ok) {
                          setNext(null);
                          setStatusComment('');
                        }
                      })
                    }
                  >
                    {tx.changeStatus}
                  </Button>
                </Group>
              </Stack>
            </Card>
          )}
          {handle && (
            <Card withBorder radius="md" padding="md">
              <Select
                label={tx.assign}
                value={rep.assignedTo ?? null}
                clearable
                data={
                  staff.state.status === 'ready'
                    ? staff.state.data.map((s) => ({ value: s.id, label: s.name }))
                    : []
                }
                onChange={(v) =>
                  void step(
                    () =>
                      mgmtApi.POST('/api/v1/event-reports/{id}/assign', { ...path, body: { staffId: v } }),
                    tx.assigned,
                  )
                }
              />
            </Card>
          )}
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="sm">
              {tx.timeline}
            </Title>
            <ReportTimeline r={rep} tx={tx} />
            {handle && (
              <Stack mt="md" gap="xs">
                <Textarea
                  label={tx.comment}
                  value={comment}
                  onChange={(e) => setComment(e.currentTarget.value)}
                  autosize
                  minRows={2}
                  maxLength={5000}
                />
                <Checkbox
                  label={tx.internal}
                  checked={internal}
                  onChange={(e) => setInternal(e.currentTarget.checked)}
                />
                <Group justify="flex-end">
                  <Button
                    size="sm"
                    variant="light"
                    disabled={!comment.trim()}
                    loading={act.busy}
                    onClick={() =>
                      void step(
                        () =>
                          mgmtApi.POST('/api/v1/event-reports/{id}/comments', {
                            ...path,
                            body: { body: comment, internal },
                          }),
                        tx.commentSent,
                      ).then((ok) => ok && setComment(''))
                    }
                  >
                    {tx.addComment}
                  </Button>
                </Group>
              </Stack>
            )}
          </Card>
        </Stack>
      </SimpleGrid>
    </>
  );
}
