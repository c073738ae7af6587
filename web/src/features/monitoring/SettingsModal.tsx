import { Button, Group, Modal, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/action.ts';
import type { Monitor, MonitorApi } from './api.ts';
import type { MonitoringText } from './i18n.ts';

/** Staff: ICMP or TCP connect (with a port), and the interval (10–300 s). */
export function SettingsModal({
  monitor,
  api,
  tx,
  opened,
  onClose,
  onDone,
}: {
  monitor: Monitor;
  api: MonitorApi;
  tx: MonitoringText;
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'icmp' | 'tcp'>(monitor.probeKind);
  const [port, setPort] = useState<number | string>(monitor.tcpPort ?? '');
  const [interval, setInterval] = useState<number | string>(monitor.intervalS);
  const { busy, problem, run, fieldError } = useAction();
  const save = async () => {
    if (!api.settings) return;
    const r = await run(() =>
      api.settings!(monitor.id, {
        probeKind: kind,
        tcpPort: kind === 'tcp' ? Number(port) || null : null,
        intervalS: Number(interval),
      }),
    );
    if (r) onDone();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={tx.settingsTitle}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {tx.probe}
            </Text>
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v === 'tcp' ? 'tcp' : 'icmp')}
              data={[
                { value: 'icmp', label: 'ICMP (fping)' },
                { value: 'tcp', label: tx.tcpConnect },
              ]}
              w="fit-content"
            />
          </Stack>
          {kind === 'tcp' && (
            <NumberInput
              label={tx.tcpPort}
              value={port}
              onChange={setPort}
              min={1}
              max={65535}
              allowDecimal={false}
              error={fieldError('tcpPort')}
              required
              w={200}
            />
          )}
          <NumberInput
            label={tx.intervalLabel}
            value={interval}
            onChange={setInterval}
            min={10}
            max={300}
            allowDecimal={false}
            error={fieldError('intervalS')}
            required
            w={200}
          />
          <ProblemAlert problem={problem} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t.common.cancel}
            </Button>
            <Button type="submit" loading={busy}>
              {t.common.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
