import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { asProblem } from '../../api/client.ts';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { ChangeImpact, ChangeLog, ChangeTimeline } from './ChangeSections.tsx';
import { DecideForm, EditForm } from './ChangeForms.tsx';
import type { DataplaneText } from './i18n.ts';
import { DiffView, RiskBadge, StatusBadge, type ChangeStatus, type ConfigChangeDetail } from './shared.tsx';

type Dialog = 'submit' | 'refresh' | 'execute' | 'approve' | 'reject' | 'edit';

/** One change record: facts, risk, per-device diff, impact, log, timeline, and the next steps. */
export function ChangeDetail({ id, tx }: { id: string; tx: DataplaneText }) {
  const { can, info } = useSession();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [done, setDone] = useState<ChangeStatus | null>(null);
  const change = useLoad(
    (signal) => mgmtApi.GET('/api/v1/config-changes/{id}', { params: { path: { id } }, signal }),
    [id],
  );
  const c = change.state.status === 'ready' ? change.state.data : null;
  const me = info?.principal?.id ?? null;
  const mine = c?.preparedBy?.id === me;
  const steps: Dialog[] = [];
  if (c) {
    if (c.status === 'draft' && mine && can('network.manage')) steps.push('edit');
    if (c.status === 'draft' && can('network.manage')) steps.push('submit');
    if (c.status === 'submitted' && can('changes.approve') && !mine) steps.push('approve', 'reject');
    if (c.status === 'approved' && can('network.manage')) steps.push('execute');
    if (['draft', 'submitted', 'approved'].includes(c.status) && can('network.manage')) steps.push('refresh');
  }
  const finish = (status: ChangeStatus) => {
    setDialog(null);
    setDone(status);
    change.reload();
  };
  const path = { params: { path: { id } } };
  const post = async (step: 'submit' | 'refresh' | 'execute') => {
    const r =
      step === 'submit'
        ? await mgmtApi.POST('/api/v1/config-changes/{id}/submit', { ...path, body: {} })
        : step === 'refresh'
          ? await mgmtApi.POST('/api/v1/config-changes/{id}/refresh', { ...path, body: {} })
          : await mgmtApi.POST('/api/v1/config-changes/{id}/execute', { ...path, body: {} });
    if (!r.response.ok || !r.data) return asProblem(r.error, r.response.status);
    finish(r.data.status);
    return null;
  };
  return (
    <>
      <Anchor size="sm" {...linkProps('/config-changes')}>
        ← {tx.back}
      </Anchor>
      {done && tx.done[done] && (
        <Alert
          color={done === 'failed' || done === 'rolled_back' ? 'red' : 'green'}
          variant="light"
          withCloseButton
          onClose={() => setDone(null)}
          role="status"
          data-testid="step-done"
        >
          {tx.done[done]}
        </Alert>
      )}
      {change.state.status === 'loading' && <Loading />}
      {change.state.status === 'error' && (
        <ProblemAlert problem={change.state.problem} onRetry={change.reload} />
      )}
      {c && (
        <>
          <Group justify="space-between" align="flex-end">
            <PageTitle title={tx.one(c.number)} lead={c.title} />
            <Group gap="xs">
              {steps.map((s) => (
                <Button
                  key={s}
                  data-testid={`step-${s}`}
                  color={s === 'reject' ? 'red' : s === 'execute' ? 'green' : undefined}
                  variant={s === 'reject' || s === 'refresh' || s === 'edit' ? 'light' : 'filled'}
                  onClick={() => setDialog(s)}
                >
                  {tx[s]}
                </Button>
              ))}
            </Group>
          </Group>
          {c.status === 'submitted' && mine && (
            <Alert color="blue" variant="light" data-testid="own-change">
              {tx.ownChange}
            </Alert>
          )}
          {c.status === 'draft' && (!c.riskLevel || !c.riskAssessment.trim()) && (
            <Alert color="yellow" variant="light">
              {tx.needsRisk}
            </Alert>
          )}
          <Facts c={c} tx={tx} />
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="xs">
              {tx.riskAssessment}
            </Title>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="risk-assessment">
              {c.riskAssessment || '—'}
            </Text>
          </Card>
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="sm">
              {tx.diff}
            </Title>
            <Stack>
              {c.devices.map((d) => (
                <Stack key={d.id} gap={6} data-testid="device-diff" data-hostname={d.hostname}>
                  <Group gap="xs">
                    <Text fw={600} ff="monospace">
                      {d.hostname}
                    </Text>
                    <Badge variant="default">{d.driver}</Badge>
                    {d.outcome && (
                      <Badge
                        color={
                          d.outcome === 'applied' ? 'green' : d.outcome === 'not_applied' ? 'gray' : 'red'
                        }
                      >
                        {tx.outcomes[d.outcome]}
                      </Badge>
                    )}
                  </Group>
                  {d.warnings.length > 0 && (
                    <Alert
                      color="yellow"
                      variant="light"
                      title={tx.renderWarnings}
                      data-testid="render-warnings"
                    >
                      {d.warnings.map((w) => (
                        <Text key={w} size="sm">
                          {w}
                        </Text>
                      ))}
                    </Alert>
                  )}
                  {d.error ? (
                    <Alert color="red" variant="light" title={tx.diffError}>
                      {d.error}
                    </Alert>
                  ) : (
                    <DiffView diff={d.diff} empty={tx.noDiff} />
                  )}
                </Stack>
              ))}
            </Stack>
          </Card>
          <ChangeImpact c={c} tx={tx} />
          <ChangeLog c={c} tx={tx} />
          <ChangeTimeline c={c} tx={tx} />
          <ConfirmDialog
            opened={dialog === 'submit' || dialog === 'refresh' || dialog === 'execute'}
            onClose={() => setDialog(null)}
            title={dialog === 'execute' ? tx.executeTitle : dialog === 'refresh' ? tx.refresh : tx.submit}
            message={
              dialog === 'execute'
                ? tx.executeConfirm(c.number)
                : dialog === 'refresh'
                  ? tx.refreshConfirm
                  : tx.submitConfirm(c.number)
            }
            confirmLabel={dialog === 'execute' ? tx.execute : dialog === 'refresh' ? tx.refresh : tx.submit}
            {...(dialog === 'execute' ? { color: 'green' } : {})}
            onConfirm={() => post(dialog as 'submit' | 'refresh' | 'execute')}
          />
          <DecideForm
            step={dialog === 'approve' || dialog === 'reject' ? dialog : null}
            c={c}
            tx={tx}
            onClose={() => setDialog(null)}
            onDone={finish}
          />
          <EditForm
            opened={dialog === 'edit'}
            c={c}
            tx={tx}
            onClose={() => setDialog(null)}
            onDone={() => finish('draft')}
          />
        </>
      )}
    </>
  );
}

function Facts({ c, tx }: { c: ConfigChangeDetail; tx: DataplaneText }) {
  const rows: { label: string; value: ReactNode }[] = [
    { label: tx.number, value: <Text ff="monospace">{c.number}</Text> },
    { label: tx.status, value: <StatusBadge status={c.status} tx={tx} /> },
    {
      label: tx.kind,
      value: c.restore ? `${tx.kinds.restore} (${tx.restoreOf(c.restore.version)})` : tx.kinds.apply,
    },
    { label: tx.riskLevel, value: <RiskBadge level={c.riskLevel} tx={tx} /> },
    { label: tx.devices, value: c.devices.map((d) => d.hostname).join(', ') },
    { label: tx.preparedBy, value: c.preparedBy?.name ?? tx.system },
    { label: tx.createdAt, value: formatInstant(c.createdAt) },
  ];
  if (c.changeRequest) rows.push({ label: tx.changeRequest, value: c.changeRequest.number });
  if (c.approvedBy)
    rows.push({ label: tx.approvedBy, value: `${c.approvedBy.name ?? ''} · ${formatInstant(c.decidedAt!)}` });
  if (c.rejectedBy)
    rows.push({ label: tx.rejectedBy, value: `${c.rejectedBy.name ?? ''} · ${formatInstant(c.decidedAt!)}` });
  if (c.decisionNote)
    rows.push({
      label: tx.decisionNote,
      value: <Text style={{ whiteSpace: 'pre-wrap' }}>{c.decisionNote}</Text>,
    });
  if (c.executedBy) rows.push({ label: tx.executedBy, value: c.executedBy.name ?? '' });
  if (c.finishedAt) rows.push({ label: tx.finishedAt, value: formatInstant(c.finishedAt) });
  if (c.result) rows.push({ label: tx.result, value: <span data-testid="change-result">{c.result}</span> });
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={3} size="h4" mb="xs">
        {tx.detail}
      </Title>
      <Table withRowBorders={false} verticalSpacing={4} data-testid="change-facts">
        <Table.Tbody>
          {rows.map(({ label, value }) => (
            <Table.Tr key={label}>
              <Table.Th w={180} style={{ verticalAlign: 'top' }}>
                {label}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
