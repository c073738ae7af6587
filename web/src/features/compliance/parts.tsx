import { Badge } from '@mantine/core';
import type { Status } from './api.ts';
import type { ComplianceText } from './i18n.ts';

export const STATUS_COLOR: Record<Status, string> = {
  pass: 'green',
  warn: 'orange',
  fail: 'red',
  error: 'grape',
  none: 'gray',
};

/** A check's or clause's status: pass / warn / fail / error / none. */
export function ComplianceStatus({ status, tx }: { status: Status; tx: ComplianceText }) {
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant={status === 'none' ? 'outline' : 'filled'}
      data-status={status}
    >
      {tx.status[status]}
    </Badge>
  );
}
