import { Badge } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';

/** An account's state: invited (has not set a password yet), active or disabled. */
export function StatusBadge({ status }: { status: 'invited' | 'active' | 'disabled' }) {
  const { t } = useI18n();
  const [color, label] =
    status === 'active'
      ? ['green', t.users.statusActive]
      : status === 'invited'
        ? ['blue', t.users.statusInvited]
        : ['gray', t.users.statusDisabled];
  return (
    <Badge color={color} variant="dot">
      {label}
    </Badge>
  );
}
