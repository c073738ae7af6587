import { Badge, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { Monitor, MonitorApi } from './api.ts';
import type { MonitoringText, ShownState } from './i18n.ts';

const COLORS: Record<ShownState, string> = {
  unknown: 'gray',
  up: 'green',
  degraded: 'yellow',
  down: 'red',
  paused: 'blue',
};

export function StateBadge({ state, tx }: { state: ShownState; tx: MonitoringText }) {
  return (
    <Badge color={COLORS[state]} variant="light" data-testid="monitor-state" data-state={state}>
      {tx.states[state]}
    </Badge>
  );
}

export const monitorName = (m: Pick<Monitor, 'serviceCode' | 'connectionName'>): string =>
  `${m.serviceCode} ${m.connectionName}`;

/** A JST wall-clock value from <input type="datetime-local"> as an instant. */
function jstInstant(local: string): string | undefined {
  if (!local) return undefined;
  return `${local.length === 16 ? `${local}:00` : local}+09:00`;
}

/** Pausing: an optional reason and an optional automatic resume time (JST). */
export function PauseModal({
  monitor,
  api,
  tx,
  onClose,
  onDone,
}: {
  monitor: Monitor | null;
  api: MonitorApi;
  tx: MonitoringText;
  onClose: () => void;
  onDone: (m: Monitor) => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [resumeAt, setResumeAt] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    if (!monitor) return;
    const at = jstInstant(resumeAt);
    const r = await run(() =>
      api.pause(monitor.id, { ...(reason.trim() ? { reason } : {}), ...(at ? { resumeAt: at } : {}) }),
    );
    if (r) {
      setReason('');
      setResumeAt('');
      onDone(r.data);
    }
  };
  return (
    <Modal
      opened={monitor !== null}
      onClose={onClose}
      title={monitor ? tx.pauseTitle(monitorName(monitor)) : ''}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{tx.pauseLead}</Text>
          <Textarea
            label={tx.reason}
            placeholder={tx.reasonPlaceholder}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
            error={fieldError('reason')}
          />
          <TextInput
            type="datetime-local"
            label={tx.resumeAt}
            value={resumeAt}
            onChange={(e) => setResumeAt(e.currentTarget.value)}
            error={fieldError('resumeAt')}
            w={260}
          />
          <ProblemAlert problem={problem} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={busy} data-testid="pause-submit">
              {tx.pause}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** "Paused by you at …, resumes at …" */
export function pauseLine(m: Monitor, tx: MonitoringText): string | null {
  if (!m.paused) return null;
  const base = tx.pausedInfo(formatInstant(m.paused.at), tx.pausedBy[m.paused.by]);
  return m.paused.resumeAt ? `${base} · ${tx.resumesAt(formatInstant(m.paused.resumeAt))}` : base;
}
