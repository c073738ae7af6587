import { Alert, Badge, Button, Group, Progress, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { asProblem, type Problem } from '../../api/client.ts';
import type { DeviceRole, DeviceStatus } from './api.ts';
import { formatMbps, useNetworkText, type NetworkText } from './i18n.ts';

/** Small pieces the physical-network screens share. */

const STATUS_COLOR: Record<DeviceStatus, string> = {
  planned: 'blue',
  active: 'green',
  maintenance: 'orange',
  decommissioning: 'yellow',
  reused: 'teal',
  disposed: 'gray',
};

export function DeviceStatusBadge({ status }: { status: DeviceStatus }) {
  const nt = useNetworkText();
  return (
    <Badge color={STATUS_COLOR[status]} variant="dot" data-status={status}>
      {nt.deviceStatuses[status]}
    </Badge>
  );
}

const ROLE_COLOR: Record<DeviceRole, string> = { pe: 'indigo', aggregation: 'teal', management: 'gray' };

export function RoleBadge({ role }: { role: DeviceRole }) {
  const nt = useNetworkText();
  return (
    <Badge color={ROLE_COLOR[role]} variant="light">
      {nt.roles[role]}
    </Badge>
  );
}

/** Contracted total against the port's limit (capacity × oversubscription), coloured by the class threshold. */
export function LoadBar(props: { contractedMbps: number; limitMbps: number; thresholdPct: number }) {
  const nt = useNetworkText();
  const pct = props.limitMbps ? (props.contractedMbps / props.limitMbps) * 100 : 0;
  const color = pct > 100 ? 'red' : pct >= props.thresholdPct ? 'orange' : 'teal';
  return (
    <Tooltip
      label={`${nt.contracted} ${formatMbps(props.contractedMbps)} / ${nt.limit} ${formatMbps(props.limitMbps)}`}
    >
      <Stack gap={2} miw={140}>
        <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
          {formatMbps(props.contractedMbps)} / {formatMbps(props.limitMbps)}
        </Text>
        <Progress value={Math.min(pct, 100)} color={color} size="sm" aria-label={`${Math.round(pct)}%`} />
      </Stack>
    </Tooltip>
  );
}

/** A success message that follows a language switch. */
export function useNotice() {
  const [notice, setNotice] = useState<((t: NetworkText) => string) | null>(null);
  const nt = useNetworkText();
  const view = notice && (
    <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
      {notice(nt)}
    </Alert>
  );
  return { show: (m: (t: NetworkText) => string) => setNotice(() => m), view };
}

/**
 * Shown when the server refused a change with capacity_exceeded: its explanation, and a way to
 * send the same change again with an override reason (recorded in the audit log).
 */
export function OverrideBox(props: {
  problem: Problem | null;
  busy: boolean;
  onOverride: (reason: string) => void;
}) {
  const nt = useNetworkText();
  const [reason, setReason] = useState('');
  if (props.problem?.code !== 'capacity_exceeded') return null;
  return (
    <Alert color="orange" variant="light" title={nt.overTitle} data-testid="capacity-override">
      <Stack gap="xs">
        {props.problem.detail && <Text size="sm">{props.problem.detail}</Text>}
        <Text size="sm">{nt.overLead}</Text>
        <Textarea
          label={nt.overReason}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button
            color="orange"
            loading={props.busy}
            disabled={!reason.trim()}
            onClick={() => props.onOverride(reason.trim())}
          >
            {nt.overConfirm}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** Deletes through the API; the problem (e.g. in_use) is shown in the confirmation dialog. */
export async function remove(
  call: () => Promise<{ response: Response; error?: unknown }>,
): Promise<Problem | null> {
  try {
    const r = await call();
    return r.response.ok ? null : asProblem(r.error, r.response.status);
  } catch {
    return asProblem(null, 0);
  }
}
