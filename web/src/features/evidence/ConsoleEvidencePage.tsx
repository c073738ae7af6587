import {
  Alert,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { EvidenceRequest } from './api.ts';
import { useEvidenceText, type EvidenceStatus, type EvidenceText } from './i18n.ts';
import { BuildProgress, isActive, kindsText, StatusBadge, windowText } from './parts.tsx';

type Filter = 'submitted' | 'all';

/** Security staff: approve or reject evidence requests; signed checkpoints of the audit trail. */
export default function ConsoleEvidencePage() {
  const tx = useEvidenceText();
  const { can } = useSession();
  const [filter, setFilter] = useState<Filter>('submitted');
  const [deciding, setDeciding] = useState<{ r: EvidenceRequest; approve: boolean } | null>(null);
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/evidence-requests', {
        params: { query: filter === 'all' ? {} : { status: filter as EvidenceStatus } },
        signal,
      }),
    [filter],
  );
  const active = list.state.status === 'ready' && isActive(list.state.data);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(list.reload, 3000);
    return () => clearInterval(t);
  }, [active, list.reload]);
  return (
    <Stack gap="lg">
      <PageTitle title={tx.consoleTitle} lead={tx.consoleLead} />
      <SegmentedControl
        aria-label={tx.filter}
        value={filter}
        onChange={(v) => setFilter(v === 'all' ? 'all' : 'submitted')}
        data={[
          { value: 'submitted', label: tx.statuses.submitted },
          { value: 'all', label: tx.all },
        ]}
        w="fit-content"
      />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={980}>
          <Table striped data-testid="evidence-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.number}</Table.Th>
                <Table.Th>{tx.tenant}</Table.Th>
                <Table.Th>{tx.window}</Table.Th>
                <Table.Th>{tx.kinds}</Table.Th>
                <Table.Th>{tx.purpose}</Table.Th>
                <Table.Th>{tx.status}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>{tx.empty}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((r) => (
                <Table.Tr key={r.id} data-number={r.number}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.number}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.tenant.name}</Text>
                    <Text size="xs" c="dimmed">
                      {r.tenant.code} · {r.requestedBy ?? '—'} · {formatInstant(r.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{windowText(r)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{kindsText(r, tx)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={3}>
                      {r.purpose || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <StatusBadge r={r} tx={tx} />
                      <BuildProgress r={r} tx={tx} />
                      {r.decidedBy && (
                        <Text size="xs" c="dimmed">
                          {r.decidedBy}: {r.decisionReason}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {r.status === 'submitted' && can('evidence.manage') && (
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" onClick={() => setDeciding({ r, approve: true })}>
                          {tx.approve}
                        </Button>
                        <Button
                          size="xs"
                          color="red"
                          variant="light"
                          onClick={() => setDeciding({ r, approve: false })}
                        >
                          {tx.reject}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={deciding !== null}
        onClose={() => setDeciding(null)}
        title={deciding ? (deciding.approve ? tx.approveTitle : tx.rejectTitle)(deciding.r.number) : ''}
      >
        {deciding && (
          <Decide
            tx={tx}
            r={deciding.r}
            approve={deciding.approve}
            onDone={() => {
              setDeciding(null);
              list.reload();
            }}
          />
        )}
      </Modal>
      {can('audit.read') && <Checkpoints tx={tx} />}
    </Stack>
  );
}

function Decide(props: { tx: EvidenceText; r: EvidenceRequest; approve: boolean; onDone: () => void }) {
  const { tx, r, approve, onDone } = props;
  const [reason, setReason] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const path = approve ? '/api/v1/evidence-requests/{id}/approve' : '/api/v1/evidence-requests/{id}/reject';
    const res = await run(() => mgmtApi.POST(path, { params: { path: { id: r.id } }, body: { reason } }));
    if (res) onDone();
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <Text size="sm">
          {r.tenant.name} · {windowText(r)} · {kindsText(r, tx)}
        </Text>
        <Textarea
          label={tx.reason}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          maxLength={2000}
          autosize
          minRows={2}
          error={fieldError('reason')}
        />
        {problem && <ProblemAlert problem={problem} />}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} color={approve ? undefined : 'red'}>
            {approve ? tx.approve : tx.reject}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Checkpoints({ tx }: { tx: EvidenceText }) {
  const list = useLoad((signal) =>
    mgmtApi.GET('/api/v1/audit/checkpoints', { params: { query: { limit: 10 } }, signal }),
  );
  const { busy, problem, run } = useAction();
  const [signed, setSigned] = useState<number | null>(null);
  const signNow = async () => {
    const r = await run(() => mgmtApi.POST('/api/v1/audit/checkpoints'));
    if (r) {
      setSigned(r.data.seq);
      list.reload();
    }
  };
  return (
    <Card withBorder radius="md" padding="md">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={3} size="h5">
            {tx.checkpoints}
          </Title>
          <Text size="sm" c="dimmed">
            {tx.checkpointsLead}
          </Text>
        </div>
        <Button variant="light" onClick={() => void signNow()} loading={busy}>
          {tx.signNow}
        </Button>
      </Group>
      {signed !== null && (
        <Alert color="green" variant="light" mb="sm" role="status">
          {tx.signed(signed)}
        </Alert>
      )}
      {problem && <ProblemAlert problem={problem} />}
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={700}>
          <Table data-testid="checkpoints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.seq}</Table.Th>
                <Table.Th>{tx.signedAt}</Table.Th>
                <Table.Th>{tx.root}</Table.Th>
                <Table.Th>{tx.keyId}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>{tx.noCheckpoints}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((c) => (
                <Table.Tr key={c.seq}>
                  <Table.Td>
                    {c.fromSeq}–{c.seq}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(c.at)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {c.merkleRoot.slice(0, 24)}…
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {c.keyId}
                    </Text>
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
