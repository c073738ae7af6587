import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  Select,
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
import { useChangesText, type ChangesText } from './i18n.ts';
import {
  ChangeFacts,
  ChangeStatusBadge,
  ChangeTimeline,
  changeSummary,
  NumberLink,
  ServiceCell,
  STATUSES,
  type ChangeRequestDetail,
  type ChangeStatus,
} from './shared.tsx';

/** The provider's queue of customer change requests and one request with its steps (?id=…). */
export default function ConsoleChangesPage() {
  const tx = useChangesText();
  const id = new URLSearchParams(useSearch()).get('id');
  return <Stack gap="lg">{id ? <Detail key={id} id={id} tx={tx} /> : <Queue tx={tx} />}</Stack>;
}

function Queue({ tx }: { tx: ChangesText }) {
  const [status, setStatus] = useState<ChangeStatus | 'all'>('submitted');
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/change-requests', {
        params: { query: status === 'all' ? {} : { status } },
        signal,
      }),
    [status],
  );
  return (
    <>
      <PageTitle title={tx.queueTitle} lead={tx.queueLead} />
      <Select
        label={tx.filterStatus}
        value={status}
        onChange={(v) => setStatus(v ?? 'all')}
        data={[
          { value: 'all', label: tx.allStatuses },
          ...STATUSES.map((s) => ({ value: s, label: tx.statuses[s] })),
        ]}
        allowDeselect={false}
        w={240}
        comboboxProps={{ withinPortal: true }}
      />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="change-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.number}</Table.Th>
                <Table.Th>{tx.tenant}</Table.Th>
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
                  <Table.Td colSpan={7}>{tx.empty}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((cr) => (
                <Table.Tr key={cr.id} data-number={cr.number}>
                  <Table.Td>
                    <NumberLink cr={cr} base="/changes" />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {cr.tenant.code}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {cr.tenant.name}
                    </Text>
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
    </>
  );
}

type Step = 'approve' | 'reject' | 'execute';

function Detail({ id, tx }: { id: string; tx: ChangesText }) {
  const { can } = useSession();
  const [step, setStep] = useState<Step | null>(null);
  const [done, setDone] = useState<'approved' | 'rejected' | 'executed' | null>(null);
  const cr = useLoad(
    (signal) => mgmtApi.GET('/api/v1/change-requests/{id}', { params: { path: { id } }, signal }),
    [id],
  );
  const data = cr.state.status === 'ready' ? cr.state.data : null;
  const steps: Step[] = [];
  if (data?.status === 'submitted' && can('changes.approve')) steps.push('approve', 'reject');
  if (data?.status === 'approved' && can('network.manage')) steps.push('execute');
  return (
    <>
      <Anchor size="sm" {...linkProps('/changes')}>
        ← {tx.back}
      </Anchor>
      {done && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setDone(null)} role="status">
          {tx.done[done]}
        </Alert>
      )}
      {cr.state.status === 'loading' && <Loading />}
      {cr.state.status === 'error' && <ProblemAlert problem={cr.state.problem} onRetry={cr.reload} />}
      {data && (
        <>
          <Group justify="space-between" align="flex-end">
            <PageTitle title={tx.one(data.number)} />
            <Group gap="xs">
              {steps.map((s) => (
                <Button
                  key={s}
                  color={s === 'reject' ? 'red' : s === 'execute' ? 'green' : undefined}
                  variant={s === 'reject' ? 'light' : 'filled'}
                  onClick={() => setStep(s)}
                >
                  {tx[s]}
                </Button>
              ))}
            </Group>
          </Group>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="xs">
              {tx.detail}
            </Title>
            <ChangeFacts cr={data} tx={tx} withTenant />
          </Card>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="sm">
              {tx.timeline}
            </Title>
            <ChangeTimeline cr={data} tx={tx} />
          </Card>
          <Modal
            opened={step !== null}
            onClose={() => setStep(null)}
            title={step ? tx[`${step}Title`] : ''}
            size="lg"
          >
            {step && (
              <StepForm
                step={step}
                cr={data}
                tx={tx}
                onDone={(status) => {
                  setStep(null);
                  setDone(status);
                  cr.reload();
                }}
              />
            )}
          </Modal>
        </>
      )}
    </>
  );
}

/** Approve (optional note), reject (reason required) or execute (a note of what was done). */
function StepForm({
  step,
  cr,
  tx,
  onDone,
}: {
  step: Step;
  cr: ChangeRequestDetail;
  tx: ChangesText;
  onDone: (status: 'approved' | 'rejected' | 'executed') => void;
}) {
  const [text, setText] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const path = { params: { path: { id: cr.id } } };
  const noteRequired = step === 'reject' || (step === 'execute' && cr.kind === 'other');
  const submit = async () => {
    const r = await run(() =>
      step === 'reject'
        ? mgmtApi.POST('/api/v1/change-requests/{id}/reject', { ...path, body: { reason: text } })
        : step === 'approve'
          ? mgmtApi.POST('/api/v1/change-requests/{id}/approve', {
              ...path,
              body: text.trim() ? { note: text } : {},
            })
          : mgmtApi.POST('/api/v1/change-requests/{id}/execute', {
              ...path,
              body: text.trim() ? { note: text } : {},
            }),
    );
    if (r) onDone(r.data.status as 'approved' | 'rejected' | 'executed');
  };
  const intro =
    step === 'approve'
      ? tx.approveConfirm(cr.number)
      : step === 'reject'
        ? tx.rejectHelp
        : cr.kind === 'bandwidth'
          ? tx.executeBandwidth(cr.current?.bandwidthMbps ?? null, cr.desired.bandwidthMbps ?? 0)
          : tx.executeNoteHelp;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <Text size="sm">{intro}</Text>
        <Text size="sm" fw={500} data-testid="step-summary">
          {cr.number} · {cr.service.code} · {changeSummary(cr, tx)}
        </Text>
        <Textarea
          label={step === 'reject' ? tx.rejectReason : step === 'execute' ? tx.executeNote : tx.note}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fieldError(step === 'reject' ? 'reason' : 'note')}
          required={noteRequired}
          autosize
          minRows={3}
          maxLength={2000}
        />
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={busy}
            color={step === 'reject' ? 'red' : step === 'execute' ? 'green' : undefined}
          >
            {tx[step]}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
