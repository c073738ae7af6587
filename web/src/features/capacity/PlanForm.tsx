import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import type { CapPort, Plan } from './api.ts';
import { useCapacityText } from './i18n.ts';
import { todayJst } from './parts.tsx';

/** Three months from today (JST): a first suggestion for the target date. */
function suggestedTarget(): string {
  const d = new Date(`${todayJst()}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 3);
  return d.toISOString().slice(0, 10);
}

/** A new augmentation plan for a port, in a dialog; the reason is prefilled from the port's figures. */
export function PlanForm({
  port,
  opened,
  onClose,
  onCreated,
}: {
  port: CapPort | null;
  opened: boolean;
  onClose: () => void;
  onCreated: (plan: Plan) => void;
}) {
  const tx = useCapacityText();
  const { busy, problem, run, fieldError, clear } = useAction();
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  useEffect(() => {
    if (!opened || !port) return;
    clear();
    setReason(
      tx.reasonDefault(
        port.portClass.thresholdPct,
        port.forecast.status === 'crossing' ? port.forecast.date : null,
        Math.round(port.limitUsedPct),
      ),
    );
    setTarget(suggestedTarget());
    setNote('');
  }, [opened, port, tx, clear]);
  if (!port) return null;
  const submit = async () => {
    const r = await run(() =>
      mgmtApi.POST('/api/v1/capacity/plans', {
        body: { portId: port.id, reason, targetDate: target, ...(note.trim() ? { note } : {}) },
      }),
    );
    if (r) onCreated(r.data);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={tx.newPlanTitle} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm" fw={500} data-testid="plan-target">
            {tx.newPlanFor(`${port.pop.code} ${port.device.hostname} ${port.name}`)}
          </Text>
          <Textarea
            label={tx.reason}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError('reason')}
            required
            autosize
            minRows={2}
            maxLength={2000}
          />
          <TextInput
            type="date"
            label={tx.targetDate}
            description={tx.targetHelp}
            value={target}
            min={todayJst()}
            onChange={(e) => setTarget(e.currentTarget.value)}
            error={fieldError('targetDate')}
            required
            w={220}
          />
          <Textarea
            label={tx.note}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={fieldError('note')}
            autosize
            minRows={2}
            maxLength={2000}
          />
          <ProblemAlert problem={problem} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {tx.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
