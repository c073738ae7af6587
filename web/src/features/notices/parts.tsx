import { Badge, Group, Stack, Text, Timeline } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/time.ts';
import type { Kind, NoticesText, Severity, Status } from './i18n.ts';

const STATUS_COLOR: Record<Status, string> = {
  draft: 'gray',
  published: 'blue',
  cancelled: 'gray',
  completed: 'green',
  investigating: 'red',
  identified: 'orange',
  monitoring: 'yellow',
  resolved: 'green',
};
const SEVERITY_COLOR: Record<Severity, string> = { critical: 'red', major: 'orange', minor: 'yellow' };

export function StatusBadge({ status, tx }: { status: Status; tx: NoticesText }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-status={status}>
      {tx.statuses[status]}
    </Badge>
  );
}

export function KindBadge({
  kind,
  severity,
  tx,
}: {
  kind: Kind;
  severity: Severity | null;
  tx: NoticesText;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge
        color={kind === 'incident' ? 'red' : kind === 'maintenance' ? 'indigo' : 'gray'}
        variant="outline"
      >
        {tx.kinds[kind]}
      </Badge>
      {severity && (
        <Badge color={SEVERITY_COLOR[severity]} variant="filled">
          {tx.severities[severity]}
        </Badge>
      )}
    </Group>
  );
}

/** The window (or an incident's start and end) in the configured zone. */
export function WindowText({
  kind,
  start,
  end,
  tx,
}: {
  kind: Kind;
  start: string | null;
  end: string | null;
  tx: NoticesText;
}) {
  if (!start) return <Text size="sm">-</Text>;
  if (kind === 'incident')
    return (
      <Text size="sm">
        {tx.started}: {formatInstant(start)}
        {end ? ` / ${tx.ended}: ${formatInstant(end)}` : ''}
      </Text>
    );
  return (
    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
      {formatInstant(start)} – {end ? formatInstant(end) : ''}
    </Text>
  );
}

/** The localised side of a bilingual text. */
export function useLocal(): (t: { ja: string; en: string }) => string {
  const { lang } = useI18n();
  return (t) => t[lang] || t.ja;
}

export function NoticeTimeline({
  events,
  tx,
}: {
  events: {
    at: string;
    kind: string;
    status: Status;
    text: { ja: string; en: string };
    staff?: { name: string | null } | null;
    emails?: number;
  }[];
  tx: NoticesText;
}) {
  const local = useLocal();
  return (
    <Timeline active={events.length - 1} bulletSize={14} lineWidth={2} data-testid="notice-timeline">
      {events.map((e, i) => (
        <Timeline.Item
          key={i}
          title={
            e.kind === 'update'
              ? `${tx.eventKinds.update} · ${tx.statuses[e.status]}`
              : (tx.eventKinds[e.kind] ?? e.kind)
          }
        >
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {formatInstant(e.at)}
              {e.staff?.name ? ` · ${e.staff.name}` : ''}
              {e.emails !== undefined ? ` · ${tx.emails(e.emails)}` : ''}
            </Text>
            {local(e.text) && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {local(e.text)}
              </Text>
            )}
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** "YYYY-MM-DDTHH:mm" typed in JST → an instant with explicit +09:00. */
export const jstInput = (v: string): string | null => (v ? `${v}:00+09:00` : null);
/** An API instant → the value of a datetime-local input in JST. */
export const toJstInput = (iso: string | null): string =>
  iso ? formatInstant(iso).slice(0, 16).replace(' ', 'T') : '';
