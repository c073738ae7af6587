import { Anchor, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { itemUrl, STATUSES, type Item, type LifecycleStatus } from './api.ts';
import { useEquipmentText } from './i18n.ts';
import { LifecycleBadge } from './parts.tsx';

/** Devices and components in one list, filtered by kind, status and a search term. */
export function InventoryTab() {
  const tx = useEquipmentText();
  const [kind, setKind] = useState<'device' | 'component' | null>(null);
  const [status, setStatus] = useState<LifecycleStatus | null>(null);
  const [q, setQ] = useState('');
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/equipment/inventory', {
        params: {
          query: {
            ...(kind ? { kind } : {}),
            ...(status ? { status } : {}),
            ...(q.trim() ? { q: q.trim() } : {}),
          },
        },
        signal,
      }),
    [kind, status, q],
  );
  return (
    <Stack>
      <Group align="flex-end">
        <Select
          label={tx.kind}
          placeholder={tx.all}
          data={[
            { value: 'device', label: tx.devices },
            { value: 'component', label: tx.components },
          ]}
          value={kind}
          onChange={(v) => setKind(v)}
          clearable
          w={160}
        />
        <Select
          label={tx.status}
          placeholder={tx.all}
          data={STATUSES.map((s) => ({ value: s, label: tx.statuses[s] }))}
          value={status}
          onChange={(v) => setStatus(v)}
          clearable
          w={180}
        />
        <TextInput
          label={tx.search}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={320}
          data-testid="inventory-search"
        />
      </Group>
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && <ItemsTable items={list.state.data} />}
    </Stack>
  );
}

export function ItemsTable({ items, compact = false }: { items: Item[]; compact?: boolean }) {
  const tx = useEquipmentText();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="xs" data-testid="inventory-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{tx.item}</Table.Th>
            <Table.Th>
              {tx.vendor} / {tx.model}
            </Table.Th>
            <Table.Th>{tx.serial}</Table.Th>
            <Table.Th>{tx.version}</Table.Th>
            {!compact && <Table.Th>{tx.location}</Table.Th>}
            {!compact && <Table.Th>{tx.owner}</Table.Th>}
            <Table.Th>{tx.status}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={7}>
                <Text c="dimmed" size="sm">
                  {tx.noItems}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {items.map((i) => (
            <Table.Tr key={i.id} data-testid={`item-${i.id}`}>
              <Table.Td>
                <Anchor size="sm" {...linkProps(itemUrl(i.kind, i.id))}>
                  {i.kind === 'device' ? i.hostname : `${tx.kinds[i.componentKind!]} ${i.model}`}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {i.kind === 'device'
                    ? tx.device
                    : i.hostname
                      ? `${tx.component} · ${i.hostname}`
                      : `${tx.component} · ${tx.spare}`}
                  {i.storesData ? ` · ${tx.storesData}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {i.vendor} {i.model}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {i.serial}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{i.version || '—'}</Text>
              </Table.Td>
              {!compact && (
                <Table.Td>
                  <Text size="sm">
                    {[i.pop?.code, i.rack, i.position].filter(Boolean).join(' / ') || '—'}
                  </Text>
                </Table.Td>
              )}
              {!compact && (
                <Table.Td>
                  <Text size="sm">
                    {[i.owner.staffName, i.owner.team].filter(Boolean).join(' · ') || '—'}
                  </Text>
                </Table.Td>
              )}
              <Table.Td>
                <LifecycleBadge status={i.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
