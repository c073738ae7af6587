import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { asProblem } from '../../api/client.ts';
import { portalApi } from '../../api/portal-api.ts';
import { linkProps, navigate, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { useChangesText, type ChangesText } from './i18n.ts';
import {
  ChangeFacts,
  ChangeStatusBadge,
  ChangeTimeline,
  changeSummary,
  NumberLink,
  ServiceCell,
  STATUSES,
  type ChangeStatus,
} from './shared.tsx';

/** Today in JST: the earliest desired date the server accepts. */
const todayJst = (): string => formatInstant(new Date()).slice(0, 10);

/** A notice after a step, worded at render time so that it follows a language switch. */
type Notice = ((tx: ChangesText) => string) | null;

/** The customer's change requests: list, a new request, and one request with its timeline (?id=…). */
export default function PortalChangesPage() {
  const tx = useChangesText();
  const id = new URLSearchParams(useSearch()).get('id');
  const [notice, setNoticeState] = useState<Notice>(null);
  // a function in state must be set through an updater
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

function List({ tx, onNotice }: { tx: ChangesText; onNotice: (n: Notice) => void }) {
  const { can } = useSession();
  const [status, setStatus] = useState<ChangeStatus | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const list = useLoad(
    (signal) =>
      portalApi.GET('/api/v1/change-requests', {
        params: { query: status === 'all' ? {} : { status } },
        signal,
      }),
    [status],
  );
  return (
    <>
      <Group justify="space-between" align="flex-end">
        <PageTitle title={tx.title} lead={tx.lead} />
        {can('changes.request') && <Button onClick={() => setCreating(true)}>{tx.newRequest}</Button>}
      </Group>
      <SegmentedControl
        aria-label={tx.filterStatus}
        value={status}
        onChange={(v) => setStatus(v)}
        data={[
          { value: 'all', label: tx.allStatuses },
          ...STATUSES.map((s) => ({ value: s, label: tx.statuses[s] })),
        ]}
        w="fit-content"
        style={{ maxWidth: '100%', overflowX: 'auto' }}
      />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="change-requests">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.number}</Table.Th>
                <Table.Th>{tx.service}</Table.Th>
                <Table.Th>{tx.change}</Table.Th>
                <Table.Th>{tx.desiredDate}</Table.Th>
                <Table.Th>{tx.status}</Table.Th>
                <Table.Th>{tx.submittedAt}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>{tx.empty}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((cr) => (
                <Table.Tr key={cr.id} data-number={cr.number}>
                  <Table.Td>
                    <NumberLink cr={cr} base="/changes" />
                  </Table.Td>
                  <Table.Td>
                    <ServiceCell cr={cr} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {changeSummary(cr, tx)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{cr.desiredDate}</Table.Td>
                  <Table.Td>
                    <ChangeStatusBadge status={cr.status} tx={tx} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(cr.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={tx.newRequest} size="lg">
        {creating && (
          <NewRequest
            tx={tx}
            onCreated={(id, number) => {
              setCreating(false);
              onNotice((x) => x.submitted(number));
              navigate(`/changes?id=${id}`);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function NewRequest({ tx, onCreated }: { tx: ChangesText; onCreated: (id: string, number: string) => void }) {
  const services = useLoad((signal) => portalApi.GET('/api/v1/services', { signal }));
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [kind, setKind] = useState<'bandwidth' | 'other'>('bandwidth');
  const [mbps, setMbps] = useState<number | string>('');
  const [description, setDescription] = useState('');
  const [desiredDate, setDesiredDate] = useState(todayJst());
  const [reason, setReason] = useState('');
  const { busy, problem, run, fieldError } = useAction();

  const all = services.state.status === 'ready' ? services.state.data : [];
  const choices = all.filter((s) => kind === 'other' || s.bandwidthMbps !== null);
  const chosen = all.find((s) => s.id === serviceId);

  const submit = async () => {
    const r = await run(() =>
      portalApi.POST('/api/v1/change-requests', {
        body: {
          serviceId: serviceId ?? '',
          kind,
          desired: kind === 'bandwidth' ? { bandwidthMbps: Number(mbps) } : { description },
          desiredDate,
          ...(reason.trim() ? { reason } : {}),
        },
      }),
    );
    if (r) onCreated(r.data.id, r.data.number);
  };

  if (services.state.status === 'loading') return <Loading />;
  if (services.state.status === 'error')
    return <ProblemAlert problem={services.state.problem} onRetry={services.reload} />;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {tx.kind}
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v === 'other' ? 'other' : 'bandwidth')}
            data={[
              { value: 'bandwidth', label: tx.kinds.bandwidth },
              { value: 'other', label: tx.kinds.other },
            ]}
            w="fit-content"
          />
        </Stack>
        <Select
          label={tx.service}
          data={choices.map((s) => ({
            value: s.id,
            label: `${s.code}${s.label.text ? ` ${s.label.text}` : ''}`,
          }))}
          value={serviceId}
          onChange={setServiceId}
          error={fieldError('serviceId')}
          searchable
          required
          comboboxProps={{ withinPortal: true }}
        />
        {kind === 'bandwidth' ? (
          <NumberInput
            label={tx.bandwidth}
            description={chosen ? tx.currentBandwidth(chosen.bandwidthMbps) : undefined}
            value={mbps}
            onChange={setMbps}
            min={1}
            max={100000}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=","
            error={fieldError('desired')}
            required
            w={260}
          />
        ) : (
          <Textarea
            label={tx.description}
            placeholder={tx.descriptionPlaceholder}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldError('desired')}
            autosize
            minRows={3}
            maxLength={2000}
            required
          />
        )}
        <TextInput
          type="date"
          label={tx.desiredDate}
          description={tx.desiredDateHelp}
          value={desiredDate}
          min={todayJst()}
          onChange={(e) => setDesiredDate(e.currentTarget.value)}
          error={fieldError('desiredDate')}
          required
          w={260}
        />
        <Textarea
          label={tx.reason}
          placeholder={tx.reasonPlaceholder}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError('reason')}
          autosize
          minRows={2}
          maxLength={2000}
        />
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {tx.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Detail({ id, tx, onNotice }: { id: string; tx: ChangesText; onNotice: (n: Notice) => void }) {
  const { can } = useSession();
  const cr = useLoad(
    (signal) => portalApi.GET('/api/v1/change-requests/{id}', { params: { path: { id } }, signal }),
    [id],
  );
  const withdraw = async () => {
    const { error, response } = await portalApi.POST('/api/v1/change-requests/{id}/withdraw', {
      params: { path: { id } },
    });
    if (!response.ok) return asProblem(error, response.status);
    onNotice((x) => x.withdrawn);
    cr.reload();
    return null;
  };
  return (
    <>
      <Anchor
        size="sm"
        {...linkProps('/changes')}
        onClick={(e) => {
          onNotice(null);
          linkProps('/changes').onClick(e);
        }}
      >
        ← {tx.back}
      </Anchor>
      {cr.state.status === 'loading' && <Loading />}
      {cr.state.status === 'error' && (
        <ProblemAlert
          problem={cr.state.problem}
          onRetry={cr.state.problem.status === 404 ? undefined : cr.reload}
        />
      )}
      {cr.state.status === 'ready' && (
        <>
          <Group justify="space-between" align="flex-end">
            <PageTitle title={tx.one(cr.state.data.number)} />
            {cr.state.data.status === 'submitted' && can('changes.request') && (
              <ConfirmButton
                label={tx.withdraw}
                variant="light"
                size="sm"
                color="red"
                title={tx.withdraw}
                message={tx.withdrawConfirm(cr.state.data.number)}
                confirmLabel={tx.withdraw}
                onConfirm={withdraw}
              />
            )}
          </Group>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="xs">
              {tx.detail}
            </Title>
            <ChangeFacts cr={cr.state.data} tx={tx} withTenant={false} />
          </Card>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="sm">
              {tx.timeline}
            </Title>
            <ChangeTimeline cr={cr.state.data} tx={tx} />
          </Card>
        </>
      )}
    </>
  );
}
