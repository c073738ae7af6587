import { Badge, Group, Progress, Text } from '@mantine/core';
import { formatInstant } from '../../lib/time.ts';
import type { EvidenceRequest } from './api.ts';
import type { EvidenceStatus, EvidenceText } from './i18n.ts';

const COLORS: Record<EvidenceStatus, string> = {
  submitted: 'blue',
  rejected: 'red',
  approved: 'grape',
  building: 'orange',
  ready: 'green',
  failed: 'red',
  expired: 'gray',
};

export function StatusBadge({ r, tx }: { r: EvidenceRequest; tx: EvidenceText }) {
  return (
    <Badge color={COLORS[r.status]} variant="light" data-testid="evidence-status" data-status={r.status}>
      {tx.statuses[r.status]}
    </Badge>
  );
}

/** The build's progress while it runs (polled), else nothing. */
export function BuildProgress({ r, tx }: { r: EvidenceRequest; tx: EvidenceText }) {
  if (r.status !== 'building' && r.status !== 'approved') return null;
  return (
    <Group gap="xs" wrap="nowrap" data-testid="evidence-progress">
      <Progress value={r.progress} w={120} animated aria-label={tx.statuses.building} />
      <Text size="xs">{tx.progress(r.progress, r.phase ?? '')}</Text>
    </Group>
  );
}

/** 2026-11-01 00:00 – 2026-11-27 13:05 JST */
export function windowText(r: EvidenceRequest): string {
  const f = formatInstant(r.from).replace(/:\d{2} JST$/, '');
  const t = formatInstant(r.to).replace(/:\d{2} JST$/, ' JST');
  return `${f} – ${t}`;
}

export const kindsText = (r: EvidenceRequest, tx: EvidenceText): string =>
  r.kinds.map((k) => tx.kindLabels[k]).join(', ');

/** Poll while a request is being built, so progress moves without a reload. */
export const isActive = (list: readonly EvidenceRequest[]): boolean =>
  list.some((r) => r.status === 'approved' || r.status === 'building');
