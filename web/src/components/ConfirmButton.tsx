import { Button, Group, Modal, Stack, Text, type ButtonProps } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import type { Problem } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

export interface ConfirmProps {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  color?: string;
  /** Resolves to a problem (the dialog stays open and shows it) or null (done: it closes). */
  onConfirm: () => Promise<Problem | null>;
}

/** A question with Cancel and the action; open while `opened`. */
export function ConfirmDialog(props: ConfirmProps & { opened: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { opened, onClose, title, message, confirmLabel, color, onConfirm } = props;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    if (opened) setProblem(null);
  }, [opened]);
  const confirm = async () => {
    setBusy(true);
    const p = await onConfirm();
    setBusy(false);
    setProblem(p);
    if (!p) onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <Text size="sm">{message}</Text>
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t.common.cancel}
          </Button>
          <Button color={color} loading={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A button that asks first. */
export function ConfirmButton(props: ButtonProps & ConfirmProps & { label: ReactNode }) {
  const { label, title, message, confirmLabel, onConfirm, color, ...button } = props;
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="compact-sm" variant="subtle" color={color} {...button} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog
        opened={open}
        onClose={() => setOpen(false)}
        title={title}
        message={message}
        confirmLabel={confirmLabel}
        onConfirm={onConfirm}
        {...(color ? { color } : {})}
      />
    </>
  );
}
