import { Badge, Box, Code, Text } from '@mantine/core';
import type { paths } from '../../api/mgmt.d.ts';
import type { DataplaneText } from './i18n.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
export type ConfigChange = Json<paths['/api/v1/config-changes']['get']['responses'][200]>[number];
export type ConfigChangeDetail = Json<paths['/api/v1/config-changes/{id}']['get']['responses'][200]>;
export type ChangeStatus = ConfigChange['status'];
export type BackupDevice = Json<paths['/api/v1/config-backups/devices']['get']['responses'][200]>[number];
export type BackupVersion = Json<
  paths['/api/v1/config-backups/devices/{deviceId}/versions']['get']['responses'][200]
>[number];

export const STATUSES: ChangeStatus[] = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'executing',
  'succeeded',
  'failed',
  'rolled_back',
];

const STATUS_COLORS: Record<ChangeStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  approved: 'teal',
  rejected: 'red',
  executing: 'yellow',
  succeeded: 'green',
  failed: 'red',
  rolled_back: 'orange',
};

export function StatusBadge({ status, tx }: { status: ChangeStatus; tx: DataplaneText }) {
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant="light"
      data-testid="config-change-status"
      data-status={status}
    >
      {tx.statuses[status]}
    </Badge>
  );
}

const RISK_COLORS = { low: 'green', medium: 'yellow', high: 'red' } as const;

export function RiskBadge({ level, tx }: { level: 'low' | 'medium' | 'high' | null; tx: DataplaneText }) {
  if (!level) return <Text size="sm">—</Text>;
  return (
    <Badge color={RISK_COLORS[level]} variant="outline" data-testid="risk-level">
      {tx.risks[level]}
    </Badge>
  );
}

function lineStyle(line: string): { color?: string; background?: string; fontWeight?: number } {
  if (line.startsWith('+++') || line.startsWith('---')) return { fontWeight: 700 };
  if (line.startsWith('@@')) return { color: 'var(--mantine-color-violet-8)' };
  if (line.startsWith('+'))
    return { color: 'var(--mantine-color-green-9)', background: 'var(--mantine-color-green-0)' };
  if (line.startsWith('-'))
    return { color: 'var(--mantine-color-red-9)', background: 'var(--mantine-color-red-0)' };
  return {};
}

/** A unified diff with added lines green, removed lines red and hunk headers violet. */
export function DiffView({ diff, empty }: { diff: string; empty: string }) {
  if (!diff.trim())
    return (
      <Text size="sm" c="dimmed" data-testid="diff-empty">
        {empty}
      </Text>
    );
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <Code
      block
      data-testid="diff"
      style={{ maxHeight: 480, overflow: 'auto', padding: 0, fontSize: 12, lineHeight: 1.45 }}
    >
      {lines.map((l, i) => (
        <Box
          key={i}
          component="span"
          style={{ display: 'block', padding: '0 8px', whiteSpace: 'pre', ...lineStyle(l) }}
          data-diff={
            l.startsWith('+') && !l.startsWith('+++')
              ? 'add'
              : l.startsWith('-') && !l.startsWith('---')
                ? 'del'
                : undefined
          }
        >
          {l || ' '}
        </Box>
      ))}
    </Code>
  );
}
