import {
  Anchor,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, navigate, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { useNoticesText, type NoticesText, type Severity } from './i18n.ts';
import { KindBadge, NoticeTimeline, StatusBadge, useLocal } from './parts.tsx';
import { AcknowledgementTable, NoticeFacts } from './staff-parts.tsx';
import { emptyTarget, TargetPicker } from './TargetPicker.tsx';

type Bi = { ja: string; en: string };
const blank = (): Bi => ({ ja: '', en: '' });

/** Staff incidents: declare (customers hear at once), add updates, resolve with a report. */
export default function ConsoleIncidentsPage() {
  const tx = useNoticesText();
  const id = new URLSearchParams(useSearch()).get('id');
  return <Stack gap="lg">{id ? <Detail key={id} id={id} tx={tx} /> : <List tx={tx} />}</Stack>;
}

function BiText(props: {
  label: string;
  value: Bi;
  onChange: (v: Bi) => void;
  error?: (l: 'ja' | 'en') => string | undefined;
  area?: boolean;
}) {
  const C = props.area ? Textarea : TextInput;
  return (
    <Group grow align="flex-start">
      {(['ja', 'en'] as const).map((l) => (
        <C
          key={l}
          label={`${props.label} (${l})`}
          value={props.value[l]}
          onChange={(e) => props.onChange({ ...props.value, [l]: e.currentTarget.value })}
          error={props.error?.(l)}
          required
          {...(props.area ? { autosize: true, minRows: 2 } : {})}
        />
      ))}
    </Group>
  );
}

function List({ tx }: { tx: NoticesText }) {
  const { can } = useSession();
  const local = useLocal();
  const list = useLoad((signal) => mgmtApi.GET('/api/v1/incidents', { params: { query: {} }, signal }));
  const [declaring, setDeclaring] = useState(false);
  return (
    <>
      <Group justify="space-between" align="flex-end">
        <PageTitle title={tx.incidentsTitle} lead={tx.incidentsLead} />
        {can('notices.publish') && (
          <Button color="red" onClick={() => setDeclaring(true)}>
            {tx.declare}
          </Button>
        )}
      </Group>
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table striped data-testid="incidents">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tx.number}</Table.Th>
              <Table.Th>{tx.subject}</Table.Th>
              <Table.Th>{tx.severity}</Table.Th>
              <Table.Th>{tx.started}</Table.Th>
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
              <Table.Tr key={n.id}>
                <Table.Td>
                  <Anchor {...linkProps(`/incidents?id=${n.id}`)}>{n.number}</Anchor>
                </Table.Td>
                <Table.Td>{local(n.title)}</Table.Td>
                <Table.Td>
                  <KindBadge kind={n.kind} severity={n.severity} tx={tx} />
                </Table.Td>
                <Table.Td>{n.windowStart ? formatInstant(n.windowStart) : '-'}</Table.Td>
                <Table.Td>
                  <StatusBadge status={n.status} tx={tx} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={declaring} onClose={() => setDeclaring(false)} title={tx.declare} size="xl">
        {declaring && <Declare tx={tx} onDone={(id) => navigate(`/incidents?id=${id}`)} />}
      </Modal>
    </>
  );
}

function Declare({ tx, onDone }: { tx: NoticesText; onDone: (id: string) => void }) {
  const [severity, setSeverity] = useState<Severity>('major');
  const [title, setTitle] = useState(blank());
  const [body, setBody] = useState(blank());
  const [target, setTarget] = useState(emptyTarget());
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const r = await run(() => mgmtApi.POST('/api/v1/incidents', { body: { severity, title, body, target } }));
    if (r) onDone(r.data.id);
  };
  return (
    <Stack>
      <Select
        label={tx.severity}
        value={severity}
        onChange={(v) => setSeverity(v ?? 'major')}
        data={(['critical', 'major', 'minor'] as const).map((s) => ({ value: s, label: tx.severities[s] }))}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
      <BiText label={tx.subject} value={title} onChange={setTitle} error={(l) => fieldError(`title/${l}`)} />
      <BiText label={tx.body} value={body} onChange={setBody} error={(l) => fieldError(`body/${l}`)} area />
      <TargetPicker value={target} onChange={setTarget} tx={tx} fieldError={fieldError} />
      <ProblemAlert problem={problem} />
      <Group justify="flex-end">
        <Button color="red" loading={busy} onClick={() => void submit()}>
          {tx.declare}
        </Button>
      </Group>
    </Stack>
  );
}

function Detail({ id, tx }: { id: string; tx: NoticesText }) {
  const { can } = useSession();
  const local = useLocal();
  const one = useLoad(
    (signal) => mgmtApi.GET('/api/v1/incidents/{id}', { params: { path: { id } }, signal }),
    [id],
  );
  const [mode, setMode] = useState<'update' | 'resolve' | null>(null);
  if (one.state.status === 'loading') return <Loading />;
  if (one.state.status === 'error') return <ProblemAlert problem={one.state.problem} onRetry={one.reload} />;
  const n = one.state.data;
  const open = n.status !== 'resolved' && can('notices.publish');
  return (
    <>
      <Anchor {...linkProps('/incidents')} size="sm">
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
        {open && (
          <Group gap="xs">
            <Button variant="default" onClick={() => setMode('update')}>
              {tx.update}
            </Button>
            <Button color="green" onClick={() => setMode('resolve')}>
              {tx.resolve}
            </Button>
          </Group>
        )}
      </Group>
      <NoticeFacts n={n} tx={tx} />
      <AcknowledgementTable n={n} tx={tx} />
      <Title order={4}>{tx.timeline}</Title>
      <NoticeTimeline events={n.timeline} tx={tx} />
      <Modal
        opened={mode !== null}
        onClose={() => setMode(null)}
        title={mode === 'resolve' ? tx.resolve : tx.update}
        size="xl"
      >
        {mode && (
          <StepForm
            id={id}
            mode={mode}
            tx={tx}
            onDone={() => {
              setMode(null);
              one.reload();
            }}
          />
        )}
      </Modal>
    </>
  );
}

function StepForm({
  id,
  mode,
  tx,
  onDone,
}: {
  id: string;
  mode: 'update' | 'resolve';
  tx: NoticesText;
  onDone: () => void;
}) {
  const [status, setStatus] = useState<'investigating' | 'identified' | 'monitoring'>('identified');
  const [text, setText] = useState(blank());
  const [cause, setCause] = useState(blank());
  const [actions, setActions] = useState(blank());
  const [prevention, setPrevention] = useState(blank());
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const params = { path: { id } };
    const r =
      mode === 'update'
        ? await run(() => mgmtApi.POST('/api/v1/incidents/{id}/updates', { params, body: { status, text } }))
        : await run(() =>
            mgmtApi.POST('/api/v1/incidents/{id}/resolve', {
              params,
              body: { report: { cause, actions, prevention } },
            }),
          );
    if (r) onDone();
  };
  return (
    <Stack>
      {mode === 'update' ? (
        <>
          <Select
            label={tx.status}
            value={status}
            onChange={(v) => setStatus(v ?? 'identified')}
            data={(['investigating', 'identified', 'monitoring'] as const).map((s) => ({
              value: s,
              label: tx.statuses[s],
            }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <BiText
            label={tx.update}
            value={text}
            onChange={setText}
            error={(l) => fieldError(`text/${l}`)}
            area
          />
        </>
      ) : (
        <>
          <BiText
            label={tx.cause}
            value={cause}
            onChange={setCause}
            error={(l) => fieldError(`report/cause/${l}`)}
            area
          />
          <BiText
            label={tx.actions}
            value={actions}
            onChange={setActions}
            error={(l) => fieldError(`report/actions/${l}`)}
            area
          />
          <BiText
            label={tx.prevention}
            value={prevention}
            onChange={setPrevention}
            error={(l) => fieldError(`report/prevention/${l}`)}
            area
          />
        </>
      )}
      <ProblemAlert problem={problem} />
      <Group justify="flex-end">
        <Button loading={busy} onClick={() => void submit()}>
          {mode === 'resolve' ? tx.resolve : tx.update}
        </Button>
      </Group>
    </Stack>
  );
}
