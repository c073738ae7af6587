import { Anchor, Badge, Text } from '@mantine/core';
import { linkProps } from '../../app/router.ts';
import { SEVERITY_COLOR, STATE_COLOR, type Match, type MatchState, type Severity } from './api.ts';
import type { VulnText } from './i18n.ts';

export function SeverityBadge({
  severity,
  score,
  tx,
}: {
  severity: Severity;
  score?: number | null;
  tx: VulnText;
}) {
  return (
    <Badge color={SEVERITY_COLOR[severity]} variant="light" data-testid="severity">
      {tx.severities[severity]}
      {score !== undefined && score !== null ? ` ${score.toFixed(1)}` : ''}
    </Badge>
  );
}

export function StateBadge({ state, tx }: { state: MatchState; tx: VulnText }) {
  return (
    <Badge
      color={STATE_COLOR[state]}
      variant={state === 'new' ? 'filled' : 'light'}
      data-testid="match-state"
    >
      {tx.states[state]}
    </Badge>
  );
}

/** The change record a match links to, as a link to the configuration changes screen. */
export function ChangeLink({ change }: { change: Match['change'] }) {
  if (!change) return <Text size="sm">—</Text>;
  return (
    <Anchor size="sm" {...linkProps(`/config-changes?id=${encodeURIComponent(change.id)}`)}>
      {change.number}
    </Anchor>
  );
}
