import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { portalApi } from '../../api/portal-api.ts';
import { linkProps, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { PortalNotice } from './api.ts';
import { FeedCard } from './FeedCard.tsx';
import { useNoticesText, type NoticesText } from './i18n.ts';
import { KindBadge, NoticeTimeline, StatusBadge, useLocal, WindowText } from './parts.tsx';
import { announceUnreadChange } from './UnreadBadge.tsx';

/** The customer's notices: the list, one notice (?id=…) with acknowledgement, and the calendar feed. */
export default function PortalNoticesPage() {
  const tx = useNoticesText();
  const id = new URLSearchParams(useSearch()).get('id');
  return <Stack gap="lg">{id ? <Detail key={id} id={id} tx={tx} /> : <List tx={tx} />}</Stack>;
}

function Services({ n, tx }: { n: PortalNotice; tx: NoticesText }) {
  if (!n.services.length) return <Text size="sm">{tx.noServices}</Text>;
  return (
    <Stack gap={0}>
      {n.services.map((s) => (
        <Text size="sm" key={s.id} data-service-code={s.code}>
          {s.code}
          {s.label ? ` (${s.label})` : ''}
        </Text>
      ))}
    </Stack>
  );
}

function List({ tx }: { tx: NoticesText }) {
  const { can } = useSession();
  const local = useLocal();
  const [filter, setFilter] = useState<'all' | 'unread' | 'announcement' | 'incident'>('all');
  const list = useLoad(
    (signal) =>
      portalApi.GET('/api/v1/notices', {
        params: {
          query: filter === 'unread' ? { unread: true } : filter === 'all' ? {} : { type: filter },
        },
        signal,
      }),
    [filter],
  );
  return (
    <>
      <PageTitle title={tx.title} lead={tx.lead} />
      <SegmentedControl
        value={filter}
        onChange={(v) => setFilter(v)}
        data={[
          { value: 'all', label: tx.all },
          { value: 'unread', label: tx.onlyUnread },
          { value: 'announcement', label: tx.announcements },
          { value: 'incident', label: tx.incidents },
        ]}
        w="fit-content"
      />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={820}>
          <Table striped data-testid="notices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.subject}</Table.Th>
                <Table.Th>{tx.kind}</Table.Th>
                <Table.Th>{tx.window}</Table.Th>
                <Table.Th>{tx.services}</Table.Th>
                <Table.Th>{tx.status}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>{tx.empty}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((n) => (
                <Table.Tr key={n.id} data-number={n.number} data-read={n.read ? 'yes' : 'no'}>
                  <Table.Td>
                    <Anchor {...linkProps(`/notices?id=${n.id}`)} fw={n.read ? 400 : 700}>
                      {local(n.title)}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {n.number} · {n.read ? tx.read : tx.unread}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <KindBadge kind={n.kind} severity={n.severity} tx={tx} />
                  </Table.Td>
                  <Table.Td>
                    <WindowText kind={n.kind} start={n.windowStart} end={n.windowEnd} tx={tx} />
                  </Table.Td>
                  <Table.Td>
                    <Services n={n} tx={tx} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <StatusBadge status={n.status} tx={tx} />
                      <Text size="xs" c="dimmed">
                        {n.acknowledgement
                          ? tx.acknowledged(n.acknowledgement.by, formatInstant(n.acknowledgement.at))
                          : tx.notAcknowledged}
                      </Text>
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {can('notices.ack') && <FeedCard tx={tx} />}
    </>
  );
}

function Detail({ id, tx }: { id: string; tx: NoticesText }) {
  const { can } = useSession();
  const local = useLocal();
  const one = useLoad(
    (signal) => portalApi.GET('/api/v1/notices/{id}', { params: { path: { id } }, signal }),
    [id],
  );
  const ack = useAction();
  const [done, setDone] = useState(false);
  const data = one.state.status === 'ready' ? one.state.data : null;
  // opening a notice marks it read for this user
  useEffect(() => {
    if (data && !data.read)
      void portalApi
        .POST('/api/v1/notices/{id}/read', { params: { path: { id } } })
        .then(announceUnreadChange);
  }, [data, id]);
  if (one.state.status === 'loading') return <Loading />;
  if (one.state.status === 'error') return <ProblemAlert problem={one.state.problem} onRetry={one.reload} />;
  const n = one.state.data;
  const acknowledge = async () => {
    const r = await ack.run(() =>
      portalApi.POST('/api/v1/notices/{id}/acknowledge', { params: { path: { id } } }),
    );
    if (r) {
      setDone(true);
      announceUnreadChange();
      one.reload();
    }
  };
  return (
    <>
      <Anchor {...linkProps('/notices')} size="sm">
        ← {tx.back}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{local(n.title)}</Title>
          <Group gap="xs">
            <Text c="dimmed" size="sm">
              {n.number}
            </Text>
            <KindBadge kind={n.kind} severity={n.severity} tx={tx} />
            <StatusBadge status={n.status} tx={tx} />
          </Group>
        </Stack>
        {can('notices.ack') && !n.acknowledgement && (
          <Button onClick={() => void acknowledge()} loading={ack.busy} data-testid="acknowledge">
            {tx.acknowledge}
          </Button>
        )}
      </Group>
      {done && (
        <Alert color="green" variant="light" role="status">
          {tx.acknowledgeDone}
        </Alert>
      )}
      <ProblemAlert problem={ack.problem} />
      <Card withBorder>
        <Stack gap="sm">
          <Group gap="xl" align="flex-start">
            <Stack gap={2}>
              <Text size="xs" c="dimmed">
                {n.kind === 'incident' ? tx.started : tx.window}
              </Text>
              <WindowText kind={n.kind} start={n.windowStart} end={n.windowEnd} tx={tx} />
            </Stack>
            <Stack gap={2}>
              <Text size="xs" c="dimmed">
                {tx.services}
              </Text>
              <Services n={n} tx={tx} />
            </Stack>
            <Stack gap={2}>
              <Text size="xs" c="dimmed">
                {tx.ackOverview}
              </Text>
              <Text size="sm" data-testid="ack-state">
                {n.acknowledgement
                  ? tx.acknowledged(n.acknowledgement.by, formatInstant(n.acknowledgement.at))
                  : tx.notAcknowledged}
              </Text>
            </Stack>
          </Group>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{local(n.body)}</Text>
        </Stack>
      </Card>
      {n.report && (
        <Card withBorder>
          <Title order={4} mb="xs">
            {tx.report}
          </Title>
          <Stack gap="xs">
            {(['cause', 'actions', 'prevention'] as const).map((k) => (
              <div key={k}>
                <Text size="xs" c="dimmed">
                  {tx[k]}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {local(n.report![k])}
                </Text>
              </div>
            ))}
          </Stack>
        </Card>
      )}
      <Title order={4}>{tx.timeline}</Title>
      <NoticeTimeline events={n.timeline.map((e) => ({ ...e, status: e.status }))} tx={tx} />
    </>
  );
}
