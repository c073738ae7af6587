import { Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import type { DataplaneText } from './i18n.ts';
import type { ChangeStatus, ConfigChangeDetail } from './shared.tsx';

/** Approve (optional note) or reject (reason required): shown only to approvers who did not prepare it. */
export function DecideForm({
  step,
  c,
  tx,
  onClose,
  onDone,
}: {
  step: 'approve' | 'reject' | null;
  c: ConfigChangeDetail;
  tx: DataplaneText;
  onClose: () => void;
  onDone: (status: ChangeStatus) => void;
}) {
  const [text, setText] = useState('');
  const { busy, problem, run, fieldError, clear } = useAction();
  useEffect(() => {
    setText('');
    clear();
  }, [step, clear]);
  const path = { params: { path: { id: c.id } } };
  const submit = async () => {
    const r = await run(() =>
      step === 'reject'
        ? mgmtApi.POST('/api/v1/config-changes/{id}/reject', { ...path, body: { reason: text } })
        : mgmtApi.POST('/api/v1/config-changes/{id}/approve', {
            ...path,
            body: text.trim() ? { note: text } : {},
          }),
    );
    if (r) onDone(r.data.status);
  };
  return (
    <Modal
      opened={step !== null}
      onClose={onClose}
      title={step === 'reject' ? tx.rejectTitle : tx.approveTitle}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          {step === 'approve' && <Text size="sm">{tx.approveHelp}</Text>}
          <Text size="sm" fw={500}>
            {c.number} · {c.title}
          </Text>
          <Textarea
            label={step === 'reject' ? tx.rejectReason : tx.note}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={fieldError(step === 'reject' ? 'reason' : 'note')}
            required={step === 'reject'}
            autosize
            minRows={3}
            maxLength={2000}
          />
          <ProblemAlert problem={problem} />
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={busy}
              color={step === 'reject' ? 'red' : undefined}
              data-testid="decide"
            >
              {step === 'reject' ? tx.reject : tx.approve}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type Risk = 'low' | 'medium' | 'high';

/** Title and risk of a draft, by its preparer. */
export function EditForm({
  opened,
  c,
  tx,
  onClose,
  onDone,
}: {
  opened: boolean;
  c: ConfigChangeDetail;
  tx: DataplaneText;
  onClose: () => void;
  onDone: () => void;
}) {
  const [title, setTitle] = useState(c.title);
  const [risk, setRisk] = useState<Risk | null>(c.riskLevel);
  const [assessment, setAssessment] = useState(c.riskAssessment);
  const { busy, problem, run, fieldError, clear } = useAction();
  useEffect(() => {
    if (!opened) return;
    setTitle(c.title);
    setRisk(c.riskLevel);
    setAssessment(c.riskAssessment);
    clear();
  }, [opened, c, clear]);
  const submit = async () => {
    const r = await run(() =>
      mgmtApi.PATCH('/api/v1/config-changes/{id}', {
        params: { path: { id: c.id } },
        body: { title, riskAssessment: assessment, ...(risk ? { riskLevel: risk } : {}) },
      }),
    );
    if (r) onDone();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={tx.edit} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput
            label={tx.title}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fieldError('title')}
            maxLength={200}
            required
          />
          <Select
            label={tx.riskLevel}
            value={risk}
            onChange={(v) => setRisk(v)}
            data={(['low', 'medium', 'high'] as const).map((r) => ({ value: r, label: tx.risks[r] }))}
            w={200}
            comboboxProps={{ withinPortal: true }}
            data-testid="edit-risk-level"
          />
          <Textarea
            label={tx.riskAssessment}
            description={tx.riskHelp}
            value={assessment}
            onChange={(e) => setAssessment(e.currentTarget.value)}
            error={fieldError('riskAssessment')}
            autosize
            minRows={4}
            maxLength={4000}
          />
          <ProblemAlert problem={problem} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {tx.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
