import { Alert, Checkbox, Group, Progress, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import type { CapacityProblem, PlacementPort } from './api.ts';
import { useVnetsText } from './i18n.ts';

/** A port as a choice: where it is and how full it is. */
export function portOptions(ports: PlacementPort[], lang: 'ja' | 'en') {
  return ports.map((p) => ({
    value: p.portId,
    label: `${lang === 'ja' ? p.pop.nameJa : p.pop.nameEn} · ${p.hostname} ${p.portName} (${p.contractedMbps.toLocaleString()} / ${p.limitMbps.toLocaleString()} Mbit/s)`,
  }));
}

export function PortSelect({
  ports,
  value,
  onChange,
  error,
}: {
  ports: PlacementPort[];
  value: string | null;
  onChange: (v: string | null) => void;
  error?: string | undefined;
}) {
  const vt = useVnetsText();
  const { lang } = useI18n();
  return (
    <Select
      label={vt.port}
      placeholder={vt.portPick}
      data={portOptions(ports, lang)}
      value={value}
      onChange={onChange}
      error={error}
      searchable
      required
      data-testid="port-select"
    />
  );
}

/**
 * The chosen port's capacity, limit and contracted total, and what the total becomes with this
 * connection: shown before submitting, so a refusal is no surprise.
 */
export function PortLoad({ port, addMbps }: { port: PlacementPort; addMbps: number }) {
  const vt = useVnetsText();
  const after = port.contractedMbps + addMbps;
  const pct = port.limitMbps ? (after / port.limitMbps) * 100 : 0;
  const color = pct > 100 ? 'red' : pct >= port.thresholdPct ? 'orange' : 'teal';
  const cell = (label: string, value: number, testId: string) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {vt.mbps(value)}
      </Text>
    </div>
  );
  return (
    <Stack
      gap={6}
      data-testid="port-load"
      p="sm"
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
    >
      <Text size="sm" fw={600}>
        {vt.loadTitle}: {port.hostname} {port.portName}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {cell(vt.capacity, port.capacityMbps, 'load-capacity')}
        {cell(vt.limit, port.limitMbps, 'load-limit')}
        {cell(vt.contractedNow, port.contractedMbps, 'load-contracted')}
        {cell(vt.afterPlacement, after, 'load-after')}
      </SimpleGrid>
      <Group gap="xs" wrap="nowrap">
        <Progress
          value={Math.min(100, pct)}
          color={color}
          style={{ flex: 1 }}
          aria-label={vt.afterPlacement}
        />
        <Text size="sm" c={color === 'teal' ? undefined : color} w={56} ta="right">
          {Math.round(pct)}%
        </Text>
      </Group>
      {pct > 100 && (
        <Text size="sm" c="red">
          {vt.overLimitWarn}
        </Text>
      )}
    </Stack>
  );
}

/** The capacity_exceeded problem spelled out, and the explicit, reasoned override. */
export function OverrideBox({
  problem,
  checked,
  onCheck,
  reason,
  onReason,
  error,
}: {
  problem: CapacityProblem;
  checked: boolean;
  onCheck: (v: boolean) => void;
  reason: string;
  onReason: (v: string) => void;
  error?: string | undefined;
}) {
  const vt = useVnetsText();
  return (
    <Alert color="red" variant="light" role="alert" title={vt.exceededTitle} data-testid="capacity-exceeded">
      <Stack gap="xs">
        <Text size="sm">
          {vt.exceededFacts(
            problem.port,
            problem.capacityMbps,
            problem.limitMbps,
            problem.requestedTotalMbps,
          )}
        </Text>
        <Checkbox
          label={vt.overrideCheck}
          checked={checked}
          onChange={(e) => onCheck(e.currentTarget.checked)}
          data-testid="override-check"
        />
        {checked && (
          <Textarea
            label={vt.overrideReason}
            description={vt.overrideReasonHelp}
            value={reason}
            onChange={(e) => onReason(e.currentTarget.value)}
            error={error}
            required
            maxLength={500}
            autosize
            minRows={2}
            data-testid="override-reason"
          />
        )}
      </Stack>
    </Alert>
  );
}
