import { Badge, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { DEFAULT_ZONE } from '../../lib/time.ts';
import { mbps, type CapPort, type PlanStatus, type PortState } from './api.ts';
import type { CapacityText } from './i18n.ts';

const STATE_COLOR: Record<PortState, string> = {
  ok: 'green',
  watch: 'yellow',
  warning: 'orange',
  critical: 'red',
};
const PLAN_COLOR: Record<PlanStatus, string> = {
  planned: 'blue',
  ordered: 'indigo',
  in_progress: 'cyan',
  done: 'green',
  cancelled: 'gray',
};

export function StateBadge({ state, tx }: { state: PortState; tx: CapacityText }) {
  return (
    <Tooltip label={tx.stateHelp[state]} withArrow multiline w={260}>
      <Badge color={STATE_COLOR[state]} variant="light" data-testid="port-state" data-state={state}>
        {tx.states[state]}
      </Badge>
    </Tooltip>
  );
}

export function PlanStatusBadge({ status, tx }: { status: PlanStatus; tx: CapacityText }) {
  return (
    <Badge color={PLAN_COLOR[status]} variant="light" data-testid="plan-status" data-status={status}>
      {tx.planStatuses[status]}
    </Badge>
  );
}

/** The contracted share of the oversubscription limit as a bar, the threshold marked by colour. */
export function RatioBar({ port, tx }: { port: CapPort; tx: CapacityText }) {
  const pct = port.limitUsedPct;
  const threshold = port.portClass.thresholdPct;
  const color = pct > 100 ? 'red' : pct >= threshold ? 'orange' : pct >= threshold * 0.85 ? 'yellow' : 'teal';
  return (
    <Stack gap={2} miw={150}>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="sm" fw={500}>
          {pct.toFixed(0)}%
        </Text>
        <Text size="xs" c="dimmed">
          {tx.ratioText(port.ratio, port.portClass.oversubscription)}
        </Text>
      </Group>
      <Progress
        value={Math.min(100, pct)}
        color={color}
        size="sm"
        aria-label={`${tx.ratio}: ${pct.toFixed(0)}%`}
      />
    </Stack>
  );
}

/** Today in the service's zone (JST), YYYY-MM-DD. */
export function todayJst(zone = DEFAULT_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

export const daysUntil = (day: string): number =>
  Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${todayJst()}T00:00:00Z`)) / 86_400_000);

export function ForecastText({ port, tx }: { port: CapPort; tx: CapacityText }) {
  const f = port.forecast;
  if (f.status !== 'crossing' || !f.date)
    return (
      <Text size="sm" c={f.status === 'crossed' ? 'orange' : 'dimmed'}>
        {tx.forecastStatus[f.status]}
      </Text>
    );
  const d = daysUntil(f.date);
  return (
    <Stack gap={0}>
      <Text size="sm" fw={d <= 183 ? 600 : 400} style={{ whiteSpace: 'nowrap' }} data-testid="forecast-date">
        {f.date}
      </Text>
      <Text size="xs" c="dimmed">
        {tx.inDays(d)}
      </Text>
    </Stack>
  );
}

export function MeasuredText({ port, tx }: { port: CapPort; tx: CapacityText }) {
  const m = port.measured;
  if (!m)
    return (
      <Text size="sm" c="dimmed">
        {tx.noData}
      </Text>
    );
  return (
    <Stack gap={0}>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {mbps(m.p95Mbps)} / {mbps(m.peakMbps)}
      </Text>
      <Text size="xs" c="dimmed">
        {m.month.slice(0, 7)} · {m.utilisationPct.toFixed(0)}%
        {m.partial ? tx.partial : m.stale ? tx.stale : ''}
      </Text>
    </Stack>
  );
}

export function HeadroomText({ port }: { port: CapPort }) {
  return (
    <Stack gap={0}>
      <Text size="sm" c={port.headroomMbps < 0 ? 'red' : undefined} style={{ whiteSpace: 'nowrap' }}>
        {mbps(port.headroomMbps)}
      </Text>
      {port.measured && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {mbps(port.measured.headroomMbps)}
        </Text>
      )}
    </Stack>
  );
}
