import { Badge, Text } from '@mantine/core';
import type { StaffConnection } from './api.ts';
import { useVnetsText } from './i18n.ts';

const STATUS_COLOR = { planned: 'blue', active: 'green', disabled: 'gray' } as const;

export function ConnStatusBadge({ status }: { status: StaffConnection['status'] }) {
  const vt = useVnetsText();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {vt.statuses[status]}
    </Badge>
  );
}

/** A transfer prefix with its two ends, one per line. */
export function Transfer({ t }: { t: StaffConnection['addressing']['ipv4'] }) {
  const vt = useVnetsText();
  if (!t) return null;
  return (
    <Text size="xs" ff="monospace">
      {t.prefix}
      <Text span size="xs" c="dimmed">
        {' '}
        ({vt.pe} {t.peAddress} / {vt.customer} {t.customerAddress})
      </Text>
    </Text>
  );
}
