import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { portalApi } from '../../api/portal-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { bundleUrl, type EvidenceRequest } from './api.ts';
import { useEvidenceText, type EvidenceKind, type EvidenceText } from './i18n.ts';
import { BuildProgress, isActive, kindsText, StatusBadge, windowText } from './parts.tsx';

const KINDS: EvidenceKind[] = ['audit', 'monitoring', 'traffic', 'changes', 'notices'];
// the server's default (PVA_EVIDENCE_MAX_WINDOW_DAYS); the server checks the configured value
const MAX_DAYS = 93;
const todayJst = (): string => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const daysBefore = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** Customer administrators: request evidence, follow the build, download the bundle. */
export default function PortalEvidencePage() {
  const tx = useEvidenceText();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useLoad((signal) =>
    portalApi.GET('/api/v1/evidence-requests', { params: { query: {} }, signal }),
  );
  const active = list.state.status === 'ready' && isActive(list.state.data);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(list.reload, 2000);
    return () => clearInterval(t);
  }, [active, list.reload]);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageTitle title={tx.title} lead={tx.lead} />
        <Button onClick={() => setCreating(true)}>{tx.newRequest}</Button>
      </Group>
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {tx.verifyHint}
      </Text>
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && <Requests rows={list.state.data} tx={tx} />}
      <Modal opened={creating} onClose={() => setCreating(false)} title={tx.newRequest} size="lg">
        {creating && (
          <NewRequest
            tx={tx}
            onCreated={(r) => {
              setCreating(false);
              setNotice(tx.submitted(r.number));
              list.reload();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function Requests({ rows, tx }: { rows: EvidenceRequest[]; tx: EvidenceText }) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped data-testid="evidence-requests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{tx.number}</Table.Th>
            <Table.Th>{tx.window}</Table.Th>
            <Table.Th>{tx.kinds}</Table.Th>
            <Table.Th>{tx.status}</Table.Th>
            <Table.Th>{tx.requestedAt}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>{tx.empty}</Table.Td>
            </Table.Tr>
          )}
          {rows.map((r) => (
            <Table.Tr key={r.id} data-number={r.number}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.number}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{windowText(r)}</Table.Td>
              <Table.Td>
                <Text size="sm">{kindsText(r, tx)}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  <StatusBadge r={r} tx={tx} />
                  <BuildProgress r={r} tx={tx} />
                  {r.decisionReason && r.status === 'rejected' && <Text size="xs">{r.decisionReason}</Text>}
                  {r.bundle && (
                    <>
                      <Anchor
                        href={bundleUrl(r.id)}
                        download={r.bundle.name}
                        size="sm"
                        data-testid="evidence-download"
                      >
                        {tx.download}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {tx.expiresAt(formatInstant(r.bundle.expiresAt))}
                        <br />
                        {tx.bundleFacts(r.bundle.bytes, r.bundle.sha256)}
                      </Text>
                    </>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(r.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function NewRequest({ tx, onCreated }: { tx: EvidenceText; onCreated: (r: EvidenceRequest) => void }) {
  const today = todayJst();
  const [from, setFrom] = useState(daysBefore(today, 30));
  const [to, setTo] = useState(today);
  const [kinds, setKinds] = useState<string[]>(['audit', 'monitoring', 'traffic', 'changes']);
  const [purpose, setPurpose] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    // JST days: from the first day's midnight to the end of the last day, or now if that is today
    const end = Math.min(Date.parse(`${daysBefore(to, -1)}T00:00:00+09:00`), Date.now());
    const r = await run(() =>
      portalApi.POST('/api/v1/evidence-requests', {
        body: {
          from: `${from}T00:00:00+09:00`,
          to: new Date(end).toISOString(),
          kinds: KINDS.filter((k) => kinds.includes(k)),
          purpose,
        },
      }),
    );
    if (r) onCreated(r.data);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={tx.fromDate}
            value={from}
            max={to}
            onChange={(e) => setFrom(e.currentTarget.value)}
            required
            error={fieldError('from')}
          />
          <TextInput
            type="date"
            label={tx.toDate}
            value={to}
            max={today}
            onChange={(e) => setTo(e.currentTarget.value)}
            required
            error={fieldError('to')}
          />
        </Group>
        <Text size="xs" c="dimmed">
          {tx.windowHelp(MAX_DAYS)}
        </Text>
        <Checkbox.Group
          label={tx.kinds}
          value={kinds}
          onChange={setKinds}
          error={fieldError('kinds')}
          required
        >
          <Stack gap={6} mt={6}>
            {KINDS.map((k) => (
              <Checkbox key={k} value={k} label={tx.kindLabels[k]} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Textarea
          label={tx.purpose}
          placeholder={tx.purposePlaceholder}
          value={purpose}
          onChange={(e) => setPurpose(e.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
          error={fieldError('purpose')}
        />
        {problem && <ProblemAlert problem={problem} />}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={kinds.length === 0}>
            {tx.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
