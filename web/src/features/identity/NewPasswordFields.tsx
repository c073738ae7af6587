import { PasswordInput, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';

/** New password twice, the policy in words, and the server's verdict next to the field. */
export function NewPasswordFields(props: {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  error?: string | undefined;
  /** Shown after a submit attempt: the two entries differ. */
  showMismatch: boolean;
}) {
  const { t } = useI18n();
  return (
    <Stack gap="sm">
      <PasswordInput
        label={t.account.newPassword}
        name="new-password"
        autoComplete="new-password"
        value={props.password}
        onChange={(e) => props.onPassword(e.currentTarget.value)}
        error={props.error}
        required
        maxLength={1024}
      />
      <PasswordInput
        label={t.account.confirmPassword}
        name="new-password-confirm"
        autoComplete="new-password"
        value={props.confirm}
        onChange={(e) => props.onConfirm(e.currentTarget.value)}
        error={props.showMismatch && props.password !== props.confirm ? t.account.mismatch : undefined}
        required
        maxLength={1024}
      />
      <Text size="xs" c="dimmed">
        {t.account.passwordHint}
      </Text>
    </Stack>
  );
}
