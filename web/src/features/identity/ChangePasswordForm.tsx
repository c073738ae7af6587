import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/common.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/action.ts';
import { NewPasswordFields } from './NewPasswordFields.tsx';

/** Password change with the current password; the server ends the other sessions and rotates this one. */
export function ChangePasswordForm({ onChanged }: { onChanged?: () => void }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState(false);
  const { busy, problem, run, fieldError } = useAction();

  const submit = async () => {
    setTried(true);
    setDone(false);
    if (next !== again) return;
    const r = await run(() =>
      api.POST('/api/v1/me/password', { body: { currentPassword: current, newPassword: next } }),
    );
    if (!r) return;
    setCurrent('');
    setNext('');
    setAgain('');
    setTried(false);
    setDone(true);
    onChanged?.();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm" maw={420}>
        <PasswordInput
          label={t.account.currentPassword}
          name="current-password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={fieldError('currentPassword')}
          required
          maxLength={1024}
        />
        <NewPasswordFields
          password={next}
          confirm={again}
          onPassword={setNext}
          onConfirm={setAgain}
          error={fieldError('newPassword')}
          showMismatch={tried}
        />
        <ProblemAlert problem={problem} />
        {done && (
          <Alert color="green" variant="light">
            {t.account.passwordChanged}
          </Alert>
        )}
        <Button type="submit" loading={busy} w="fit-content">
          {t.account.changePassword}
        </Button>
      </Stack>
    </form>
  );
}
