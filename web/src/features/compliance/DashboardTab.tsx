import { Alert, Anchor, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { linkProps } from '../../app/router.ts';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { Assessment, CheckResult } from './api.ts';
import type { ComplianceText } from './i18n.ts';
import { ComplianceStatus } from './parts.tsx';

type Lang = 'ja' | 'en';

const figureText = (figures: CheckResult['figures']): string =>
  Object.entries(figures)
    .map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`)
    .join(', ');

/** Every check with its latest result, the run-now button and the drill-down. */
export function DashboardTab({ tx, lang }: { tx: ComplianceText; lang: Lang }) {
  const load = useLoad((signal) => mgmtApi.GET('/api/v1/compliance/assessment', { signal }));
  const run = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const runNow = async () => {
    setDone(null);
    const r = await run.run(() => mgmtApi.POST('/api/v1/compliance/runs'));
    if (r) {
      const t = r.data.totals;
      setDone(tx.runDone(t.pass, t.warn, t.fail, t.error));
      load.reload();
    }
  };
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="compliance-last-run">
          {load.state.status === 'ready' && load.state.data.run
            ? `${tx.lastRun}: ${formatInstant(load.state.data.run.finishedAt ?? load.state.data.run.startedAt)}`
            : load.state.status === 'ready'
              ? tx.notRunYet
              : ''}
        </Text>
        <Button onClick={() => void runNow()} loading={run.busy} data-testid="compliance-run-now">
          {tx.runNow}
        </Button>
      </Group>
      {done && (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      {run.problem && <ProblemAlert problem={run.problem} />}
      {load.state.status === 'loading' && <Loading />}
      {load.state.status === 'error' && <ProblemAlert problem={load.state.problem} onRetry={load.reload} />}
      {load.state.status === 'ready' && <Checks a={load.state.data} tx={tx} lang={lang} onOpen={setOpen} />}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={tx.details} size="xl">
        {open && <CheckDrill checkId={open} tx={tx} lang={lang} />}
      </Modal>
    </Stack>
  );
}

function Checks({
  a,
  tx,
  lang,
  onOpen,
}: {
  a: Assessment;
  tx: ComplianceText;
  lang: Lang;
  onOpen: (id: string) => void;
}) {
  const results = new Map(a.clauses.flatMap((c) => c.results).map((r) => [r.checkId, r]));
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped highlightOnHover data-testid="compliance-checks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={200}>{tx.check}</Table.Th>
            <Table.Th w={130}>{tx.clauses}</Table.Th>
            <Table.Th>{tx.result}</Table.Th>
            <Table.Th>{tx.figures}</Table.Th>
            <Table.Th w={170}>{tx.checkedAt}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.checks.map((c) => {
            const r = results.get(c.id);
            return (
              <Table.Tr key={c.id} data-testid={`check-${c.id}`} data-status={r?.status ?? 'none'}>
                <Table.Td>
                  <Anchor component="button" type="button" size="sm" onClick={() => onOpen(c.id)}>
                    {c.title[lang]}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{c.clauses.join(', ')}</Text>
                </Table.Td>
                <Table.Td>
                  {r ? (
                    <Stack gap={2}>
                      <ComplianceStatus status={r.status} tx={tx} />
                      <Text size="xs">{r.summary[lang]}</Text>
                    </Stack>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {tx.notChecked}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {r ? figureText(r.figures) : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                    {r ? formatInstant(r.checkedAt) : '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** One check: criteria, figures, and the objects behind them with links to their console pages. */
function CheckDrill({ checkId, tx, lang }: { checkId: string; tx: ComplianceText; lang: Lang }) {
  const load = useLoad((signal) =>
    mgmtApi.GET('/api/v1/compliance/checks/{checkId}', { params: { path: { checkId } }, signal }),
  );
  if (load.state.status === 'loading') return <Loading />;
  if (load.state.status === 'error')
    return <ProblemAlert problem={load.state.problem} onRetry={load.reload} />;
  const { check, result } = load.state.data;
  return (
    <Stack gap="sm" data-testid="check-drill">
      <Text fw={600}>{check.title[lang]}</Text>
      <Text size="sm">
        <b>{tx.criteria}:</b> {check.criteria[lang]}
      </Text>
      {result ? (
        <>
          <Group gap="xs">
            <ComplianceStatus status={result.status} tx={tx} />
            <Text size="sm">{result.summary[lang]}</Text>
          </Group>
          <Text size="xs" ff="monospace">
            {figureText(result.figures)}
          </Text>
          <Text size="sm" fw={600}>
            {tx.objects}
          </Text>
          {result.objects.length === 0 ? (
            <Text size="sm" c="dimmed">
              {tx.noObjects}
            </Text>
          ) : (
            <Table data-testid="check-objects">
              <Table.Tbody>
                {result.objects.map((o) => (
                  <Table.Tr key={`${o.kind}:${o.id}`}>
                    <Table.Td>
                      <Text size="xs">{o.kind}</Text>
                    </Table.Td>
                    <Table.Td>
                      {o.href ? (
                        <Anchor size="sm" {...linkProps(o.href)}>
                          {o.label}
                        </Anchor>
                      ) : (
                        <Text size="sm">{o.label}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{o.note?.[lang] ?? ''}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {tx.notChecked}
        </Text>
      )}
    </Stack>
  );
}
