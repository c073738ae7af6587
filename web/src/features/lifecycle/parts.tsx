import { Badge, Table } from '@mantine/core';
import { formatInstant } from '../../lib/time.ts';
import { useLifecycleText, type TerminationStatus } from './i18n.ts';

const COLOR: Record<TerminationStatus, string> = {
  requested: 'yellow',
  confirmed: 'orange',
  cancelled: 'gray',
  stopped: 'red',
  erasing: 'grape',
  erased: 'teal',
};

export function StatusBadge({ status }: { status: TerminationStatus }) {
  const x = useLifecycleText();
  return (
    <Badge color={COLOR[status]} variant="light" data-testid="termination-status">
      {x.statuses[status]}
    </Badge>
  );
}

export interface DatesView {
  status: TerminationStatus;
  terminationDate: string;
  stopAt: string;
  dayOne: string;
  deadlineDate: string;
  eraseAt: string;
  graceUntil: string;
}

/** The dates of a termination, all in JST. */
export function DatesTable({ t }: { t: DatesView }) {
  const x = useLifecycleText();
  const rows: [string, string, string][] = [
    [x.status, '', 'state'],
    [x.terminationDate, t.terminationDate, 'date'],
    [x.stopAt, formatInstant(t.stopAt), 'stop'],
    [x.graceUntil, formatInstant(t.graceUntil), 'grace'],
    [x.eraseAt, formatInstant(t.eraseAt), 'erase'],
    [x.dayOne, t.dayOne, 'day-one'],
    [x.deadline, x.deadlineValue(t.deadlineDate), 'deadline'],
  ];
  return (
    <Table withRowBorders={false} w="fit-content" data-testid="termination-dates">
      <Table.Tbody>
        {rows.map(([label, value, id]) => (
          <Table.Tr key={id}>
            <Table.Th>{label}</Table.Th>
            <Table.Td data-testid={`termination-${id}`}>
              {id === 'state' ? <StatusBadge status={t.status} /> : value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
