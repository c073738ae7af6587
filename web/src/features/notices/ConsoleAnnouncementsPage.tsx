import { Alert, Anchor, Button, Card, Group, Modal, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { asProblem } from '../../api/client.ts';
import { linkProps, navigate, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { AnnouncementForm } from './AnnouncementForm.tsx';
import type { StaffNoticeDetail } from './api.ts';
import { useNoticesText, type NoticesText } from './i18n.ts';
import { AcknowledgementTable, NoticeFacts } from './staff-parts.tsx';
import { KindBadge, NoticeTimeline, StatusBadge, useLocal, WindowText } from './parts.tsx';
import { AffectedTable } from './TargetPicker.tsx';

const STATUSES = ['draft', 'published', 'cancelled', 'completed'] as const;

/** Staff announcements: list, write (draft → preview → publish), revise, cancel, and acknowledgements. */
export default function ConsoleAnnouncementsPage() {
  const tx = useNoticesText();
  const id = new URLSearchParams(useSearch()).get('id');
  return <Stack gap="lg">{id ? <Detail key={id} id={id} tx={tx} /> : <List tx={tx} />}</Stack>;
}

function List({ tx }: { tx: NoticesText }) {
  const { can } = useSession();
  const local = useLocal();
  const [status, setStatus] = useState<string>('all');
  const [creating, setCreating] = useState(false);
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/announcements', {
        params: { query: status === 'all' ? {} : { status: status as (typeof STATUSES)[number] } },
        signal,
      }),
    [status],
  );
  return (
    <>
      <Group justify="space-between" align="flex-end">
        <PageTitle title={tx.announcementsTitle} lead={tx.announcementsLead} />
        {can('notices.publish') && (
          <Button onClick={() => setCreating(true)} data-testid="new-announcement">
            {tx.newAnnouncement}
          </Button>
        )}
      </Group>
      <Select
        label={tx.status}
        value={status}
        onChange={(v) => setStatus(v ?? 'all')}
        data={[
          { value: 'all', label: tx.all },
          ...STATUSES.map((s) => ({ value: s, label: tx.statuses[s] })),
        ]}
        allowDeselect={false}
        w={220}
        comboboxProps={{ withinPortal: true }}
      />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={820}>
          <Table striped data-testid="announcements">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.number}</Table.Th>
                <Table.Th>{tx.subject}</Table.Th>
                <Table.Th>{tx.kind}</Table.Th>
                <Table.Th>{tx.window}</Table.Th>
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
                <Table.Tr key={n.id} data-number={n.number}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor {...linkProps(`/announcements?id=${n.id}`)}>{n.number}</Anchor>
                  </Table.Td>
                  <Table.Td>{local(n.title)}</Table.Td>
                  <Table.Td>
                    <KindBadge kind={n.kind} severity={n.severity} tx={tx} />
                  </Table.Td>
                  <Table.Td>
                    <WindowText kind={n.kind} start={n.windowStart} end={n.windowEnd} tx={tx} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={n.status} tx={tx} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={tx.newAnnouncement} size="xl">
        {creating && (
          <AnnouncementForm
            tx={tx}
            onCancel={() => setCreating(false)}
            onSaved={(n) => {
              setCreating(false);
              navigate(`/announcements?id=${n.id}`);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function Detail({ id, tx }: { id: string; tx: NoticesText }) {
  const { can } = useSession();
  const local = useLocal();
  const one = useLoad(
    (signal) => mgmtApi.GET('/api/v1/announcements/{id}', { params: { path: { id } }, signal }),
    [id],
  );
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (one.state.status === 'loading') return <Loading />;
  if (one.state.status === 'error') return <ProblemAlert problem={one.state.problem} onRetry={one.reload} />;
  const n = one.state.data;
  const step =
    (path: 'publish' | 'cancel' | 'complete', done?: (d: StaffNoticeDetail) => void) => async () => {
      const params = { params: { path: { id } } };
      const r =
        path === 'publish'
          ? await mgmtApi.POST('/api/v1/announcements/{id}/publish', params)
          : path === 'cancel'
            ? await mgmtApi.POST('/api/v1/announcements/{id}/cancel', { ...params, body: {} })
            : await mgmtApi.POST('/api/v1/announcements/{id}/complete', { ...params, body: {} });
      if (!r.response.ok) return asProblem(r.error, r.response.status);
      if (r.data) done?.(r.data);
      one.reload();
      return null;
    };
  const writable = can('notices.publish');
  return (
    <>
      <Anchor {...linkProps('/announcements')} size="sm">
        ← {tx.back}
      </Anchor>
      {notice && (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
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
        {writable && (
          <Group gap="xs">
            {(n.status === 'draft' || n.status === 'published') && (
              <Button variant="default" onClick={() => setEditing(true)}>
                {tx.edit}
              </Button>
            )}
            {n.status === 'draft' && (
              <ConfirmButton
                size="sm"
                variant="filled"
                label={tx.publish}
                title={tx.publish}
                message={tx.publishConfirm(n.affected?.length ?? 0)}
                confirmLabel={tx.publish}
                data-testid="publish"
                onConfirm={step('publish', (d) => setNotice(tx.published(d.number)))}
              />
            )}
            {n.status === 'published' && (
              <>
                <ConfirmButton
                  size="sm"
                  label={tx.complete}
                  title={tx.complete}
                  message={tx.complete}
                  confirmLabel={tx.complete}
                  onConfirm={step('complete')}
                />
                <ConfirmButton
                  size="sm"
                  color="red"
                  label={tx.cancel}
                  title={tx.cancel}
                  message={tx.cancelConfirm}
                  confirmLabel={tx.cancel}
                  onConfirm={step('cancel')}
                />
              </>
            )}
          </Group>
        )}
      </Group>
      <NoticeFacts n={n} tx={tx} />
      {n.affected && (
        <Card withBorder>
          <AffectedTable affected={n.affected} tx={tx} />
        </Card>
      )}
      {n.recipients.length > 0 && <AcknowledgementTable n={n} tx={tx} />}
      {n.timeline.length > 0 && (
        <>
          <Title order={4}>{tx.timeline}</Title>
          <NoticeTimeline events={n.timeline} tx={tx} />
        </>
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title={tx.edit} size="xl">
        {editing && (
          <AnnouncementForm
            tx={tx}
            existing={n}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              setNotice(tx.saved);
              one.reload();
            }}
          />
        )}
      </Modal>
      <Text size="xs" c="dimmed">
        {tx.createdAt}: {formatInstant(n.createdAt)}
      </Text>
    </>
  );
}
