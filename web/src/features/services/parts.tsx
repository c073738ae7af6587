import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { paths } from '../../api/portal.d.ts';
import { useServicesText } from './i18n.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
export type ServiceDetail = Json<paths['/api/v1/services/{id}']['get']['responses'][200]>;
export type Contract = Json<paths['/api/v1/contracts']['get']['responses'][200]>[number];
export type ServiceOptions = ServiceDetail['options'];
export type ServiceStatus = ServiceDetail['status'];
export type ServiceType = ServiceDetail['type'];

/** Characters as the server counts them (code points: an emoji is one). */
export const codePoints = (s: string): number => [...s].length;

const STATUS_COLOR: Record<ServiceStatus, string> = {
  active: 'green',
  terminating: 'orange',
  terminated: 'gray',
  erased: 'gray',
};

export function ServiceStatusBadge({ status }: { status: ServiceStatus }) {
  const st = useServicesText();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={{ flexShrink: 0 }}>
      {st.statuses[status] ?? status}
    </Badge>
  );
}

/** Whose data an object is (6.1.1, 8.1.1): the customer's stored data or the provider's. */
export function OwnerBadge({ owner }: { owner: 'customer' | 'provider' }) {
  const st = useServicesText();
  return (
    <Tooltip label={st.ownerHelp[owner]} withArrow>
      <Badge
        size="xs"
        variant="outline"
        color={owner === 'customer' ? 'teal' : 'indigo'}
        data-owner={owner}
        style={{ flexShrink: 0 }}
      >
        {st.owner[owner]}
      </Badge>
    </Tooltip>
  );
}

/**
 * A customer's label. Always a React text node: whatever the label holds (markup, quotes, SQL)
 * is shown as the characters it is, never interpreted.
 */
export function LabelText({ text, testId }: { text: string; testId?: string }) {
  const st = useServicesText();
  if (!text) {
    return (
      <Text span c="dimmed" size="sm" fs="italic">
        {st.noLabel}
      </Text>
    );
  }
  return (
    <Text span size="sm" data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
      {text}
    </Text>
  );
}

export function Bandwidth({ mbps }: { mbps: number | null }) {
  const st = useServicesText();
  return <>{mbps === null ? st.none : st.mbps(mbps)}</>;
}

/** The contracted options as badges, or a note that there are none (a dash in a table). */
export function OptionsList({ options, compact = false }: { options: ServiceOptions; compact?: boolean }) {
  const st = useServicesText();
  const items: string[] = [];
  if (options.monitoring)
    items.push(`${st.monitoring}: ${st.monitoringLevels[options.monitoring] ?? options.monitoring}`);
  if (options.redundancy)
    items.push(`${st.redundancy}: ${st.redundancyLevels[options.redundancy] ?? options.redundancy}`);
  if (options.burstMbps !== undefined) items.push(`${st.burst}: ${st.mbps(options.burstMbps)}`);
  if (!items.length) {
    if (compact) return <>{st.none}</>;
    return (
      <Text size="sm" c="dimmed">
        {st.noOptions}
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {items.map((i) => (
        <Badge key={i} variant="light" color="blue" tt="none">
          {i}
        </Badge>
      ))}
    </Group>
  );
}

/** `value`, once it has stopped changing for `ms` (search as you type without a call per key). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}
