import {
  Alert,
  Anchor,
  Button,
  Card,
  FileInput,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { portalApi } from '../../api/portal-api.ts';
import { linkProps, navigate, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { useReportsText, type ReportsText } from './i18n.ts';
import {
  Attachments,
  CATEGORIES,
  fileToBase64,
  mib,
  ReportFacts,
  ReportStatusBadge,
  ReportTimeline,
  ServiceCodes,
  STATUSES,
  type Category,
  type ReportStatus,
} from './shared.tsx';

type Notice = ((tx: ReportsText) => string) | null;

/** Browsers often give no type (or a vendor one) for logs and captures: fall back on the extension. */
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
  eml: 'message/rfc822',
  pcap: 'application/vnd.tcpdump.pcap',
};
const typeOf = (f: File, allowed: string[]): string =>
  allowed.includes(f.type)
    ? f.type
    : (BY_EXTENSION[f.name.split('.').pop()?.toLowerCase() ?? ''] ?? (f.type || 'application/octet-stream'));

/** The customer's event reports: list, a new report, and one report with its timeline (?id=…). */
export default function PortalReportsPage() {
  const tx = useReportsText();
  const id = new URLSearchParams(useSearch()).get('id');
  const [notice, setNoticeState] = useState<Notice>(null);
  const setNotice = (n: Notice) => setNoticeState(() => n);
  return (
    <Stack gap="lg">
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice(tx)}
        </Alert>
      )}
      {id ? <Detail key={id} id={id} tx={tx} onNotice={setNotice} /> : <List tx={tx} onNotice={setNotice} />}
    </Stack>
  );
}

function List({ tx, onNotice }: { tx: ReportsText; onNotice: (n: Notice) => void }) {
  const [status, setStatus] = useState<ReportStatus | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const list = useLoad(
    (signal) =>
      portalApi.GET('/api/v1/event-reports', {
        params: { query: status === 'all' ? {} : { status } },
        signal,
      }),
    [status],
  );
  return (
    <>
      <Group justify="space-between" align="flex-end">
        <PageTitle title={tx.title} lead={tx.lead} />
        <Button onClick={() => setCreating(true)}>{tx.newReport}</Button>
      </Group>
      <Select
        label={tx.filterStatus}
        value={status}
        onChange={(v) => setStatus((v as ReportStatus | null) ?? 'all')}
        data={[
          { value: 'all', label: tx.allStatuses },
          ...STATUSES.map((s) => ({ value: s, label: tx.statuses[s] })),
        ]}
        w={240}
      />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="event-reports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.number}</Table.Th>
                <Table.Th>{tx.category}</Table.Th>
                <Table.Th>{tx.reportTitle}</Table.Th>
                <Table.Th>{tx.services}</Table.Th>
                <Table.Th>{tx.status}</Table.Th>
                <Table.Th>{tx.reportedAt}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>{tx.empty}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((r) => (
                <Table.Tr key={r.id} data-number={r.number}>
                  <Table.Td>
                    <Anchor size="sm" ff="monospace" {...linkProps(`/event-reports?id=${r.id}`)}>
                      {r.number}
                    </Anchor>
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
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(r.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={tx.newReport} size="lg">
        {creating && (
          <NewReport
            tx={tx}
            onCreated={(id, number) => {
              setCreating(false);
              onNotice((x) => x.submitted(number));
              navigate(`/event-reports?id=${id}`);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function NewReport({ tx, onCreated }: { tx: ReportsText; onCreated: (id: string, number: string) => void }) {
  const services = useLoad((signal) => portalApi.GET('/api/v1/services', { signal }));
  const limits = useLoad((signal) => portalApi.GET('/api/v1/event-report-limits', { signal }));
  const [category, setCategory] = useState<Category>('security_incident');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [codes, setCodes] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const { busy, problem, run, fieldError } = useAction();

  if (services.state.status === 'loading' || limits.state.status === 'loading') return <Loading />;
  if (services.state.status === 'error')
    return <ProblemAlert problem={services.state.problem} onRetry={services.reload} />;
  if (limits.state.status === 'error')
    return <ProblemAlert problem={limits.state.problem} onRetry={limits.reload} />;
  const lim = limits.state.data;

  const pick = (list: File[]) => {
    // checked here for a quick answer; the server checks again (413 / 400)
    const big = list.find((f) => f.size > lim.attachmentMaxBytes);
    if (big) setFileError(tx.fileTooLarge(big.name, mib(lim.attachmentMaxBytes)));
    else if (list.length > lim.attachmentMaxFiles) setFileError(tx.tooManyFiles(lim.attachmentMaxFiles));
    else setFileError(null);
    setFiles(list);
  };

  const submit = async () => {
    if (fileError) return;
    const attachments = await Promise.all(
      files.map(async (f) => ({
        filename: f.name,
        contentType: typeOf(f, lim.contentTypes),
        contentBase64: await fileToBase64(f),
      })),
    );
    const r = await run(() =>
      portalApi.POST('/api/v1/event-reports', {
        body: { category, title, description, serviceCodes: codes, attachments },
      }),
    );
    if (r) onCreated(r.data.id, r.data.number);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <Select
          label={tx.category}
          data={CATEGORIES.map((c) => ({ value: c, label: tx.categories[c] }))}
          value={category}
          onChange={(v) => setCategory(v ?? 'other')}
          allowDeselect={false}
          required
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          label={tx.reportTitle}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          maxLength={200}
          error={fieldError('title')}
          required
        />
        <Textarea
          label={tx.description}
          description={tx.descriptionHelp}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError('description')}
          autosize
          minRows={4}
          maxLength={10000}
          required
        />
        <MultiSelect
          label={tx.services}
          description={tx.servicesHelp}
          data={services.state.data.map((s) => ({
            value: s.code,
            label: `${s.code}${s.label.text ? ` ${s.label.text}` : ''}`,
          }))}
          value={codes}
          onChange={setCodes}
          error={fieldError('serviceCodes')}
          searchable
          comboboxProps={{ withinPortal: true }}
        />
        <FileInput
          label={tx.attachments}
          description={tx.attachmentsHelp(mib(lim.attachmentMaxBytes), lim.attachmentMaxFiles)}
          multiple
          clearable
          value={files}
          onChange={pick}
          accept={[...lim.contentTypes, '.log', '.pcap', '.eml'].join(',')}
          error={fileError ?? fieldError('attachments')}
          data-testid="report-files"
        />
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={!!fileError}>
            {tx.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Detail({ id, tx, onNotice }: { id: string; tx: ReportsText; onNotice: (n: Notice) => void }) {
  const { can } = useSession();
  const r = useLoad(
    (signal) => portalApi.GET('/api/v1/event-reports/{id}', { params: { path: { id } }, signal }),
    [id],
  );
  const [comment, setComment] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const send = async () => {
    const ok = await run(() =>
      portalApi.POST('/api/v1/event-reports/{id}/comments', {
        params: { path: { id } },
        body: { body: comment },
      }),
    );
    if (ok) {
      setComment('');
      onNotice((x) => x.commentSent);
      r.reload();
    }
  };
  return (
    <>
      <Anchor size="sm" {...linkProps('/event-reports')}>
        ← {tx.back}
      </Anchor>
      {r.state.status === 'loading' && <Loading />}
      {r.state.status === 'error' && (
        <ProblemAlert
          problem={r.state.problem}
          onRetry={r.state.problem.status === 404 ? undefined : r.reload}
        />
      )}
      {r.state.status === 'ready' && (
        <>
          <PageTitle title={tx.one(r.state.data.number)} />
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="xs">
              {tx.detail}
            </Title>
            <ReportFacts r={r.state.data} tx={tx} withTenant={false} />
          </Card>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="xs">
              {tx.attachments}
            </Title>
            <Attachments r={r.state.data} tx={tx} />
          </Card>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="sm">
              {tx.timeline}
            </Title>
            <ReportTimeline r={r.state.data} tx={tx} />
            {r.state.data.status !== 'closed' && can('events.report') && (
              <Stack mt="md" gap="xs">
                <Textarea
                  label={tx.comment}
                  value={comment}
                  onChange={(e) => setComment(e.currentTarget.value)}
                  error={fieldError('body')}
                  autosize
                  minRows={2}
                  maxLength={5000}
                />
                <ProblemAlert problem={problem} />
                <Group justify="flex-end">
                  <Button
                    size="sm"
                    variant="light"
                    loading={busy}
                    disabled={!comment.trim()}
                    onClick={() => void send()}
                  >
                    {tx.addComment}
                  </Button>
                </Group>
              </Stack>
            )}
          </Card>
        </>
      )}
    </>
  );
}
