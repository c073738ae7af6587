import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { supplierUrl, type ItemDetail, type LifecycleStatus } from './api.ts';
import { DisposalCard } from './DisposalCard.tsx';
import { ComponentForm, NewDisposalForm, TransitionModal } from './forms.tsx';
import { useEquipmentText } from './i18n.ts';
import { ItemsTable } from './InventoryTab.tsx';
import { LifecycleBadge } from './parts.tsx';

// disposed and reused are reached by completing a disposal record, not by a button
const BY_RECORD: LifecycleStatus[] = ['reused', 'disposed'];

/** One device or component: its record, lifecycle actions, disposal workflow, history. */
export function ItemDetailView({ kind, id }: { kind: 'device' | 'component'; id: string }) {
  const tx = useEquipmentText();
  const [message, setMessage] = useState<string | null>(null);
  const detail = useLoad(
    (signal) =>
      kind === 'device'
        ? mgmtApi.GET('/api/v1/equipment/devices/{deviceId}', { params: { path: { deviceId: id } }, signal })
        : mgmtApi.GET('/api/v1/equipment/components/{componentId}', {
            params: { path: { componentId: id } },
            signal,
          }),
    [kind, id],
  );
  const changed = (m: string) => {
    setMessage(m);
    detail.reload();
  };
  return (
    <Stack gap="lg">
      <Anchor size="sm" {...linkProps('/equipment')}>
        ← {tx.back}
      </Anchor>
      {message && (
        <Alert color="green" data-testid="notice" withCloseButton onClose={() => setMessage(null)}>
          {message}
        </Alert>
      )}
      {detail.state.status === 'loading' && <Loading />}
      {detail.state.status === 'error' && (
        <ProblemAlert problem={detail.state.problem} onRetry={detail.reload} />
      )}
      {detail.state.status === 'ready' && <Body d={detail.state.data} kind={kind} onChanged={changed} />}
    </Stack>
  );
}

function Body({
  d,
  kind,
  onChanged,
}: {
  d: ItemDetail;
  kind: 'device' | 'component';
  onChanged: (m: string) => void;
}) {
  const tx = useEquipmentText();
  const { can } = useSession();
  const manage = can('network.manage');
  const [to, setTo] = useState<LifecycleStatus | null>(null);
  const i = d.item;
  const title = kind === 'device' ? i.hostname! : `${tx.kinds[i.componentKind!]} ${i.model}`;
  const openRecord = d.disposals.some((x) => x.status === 'open');
  const field = (label: string, value: string) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value || '—'}</Text>
    </div>
  );
  return (
    <>
      <Group gap="sm">
        <Title order={2}>{title}</Title>
        <LifecycleBadge status={i.status} />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {field(tx.vendor, i.vendor)}
        {field(tx.model, i.model)}
        {field(tx.serial, i.serial)}
        {field(tx.version, i.version)}
        {field(tx.location, [i.pop?.code, i.rack, i.position].filter(Boolean).join(' / '))}
        {field(tx.owner, [i.owner.staffName, i.owner.team].filter(Boolean).join(' · '))}
        {kind === 'component' && field(tx.device, i.hostname ?? tx.spare)}
        {field(tx.storesData, i.storesData ? '✓' : '—')}
      </SimpleGrid>
      {manage && d.next.some((s) => !BY_RECORD.includes(s)) && (
        <Section title={tx.lifecycle}>
          <Group>
            {d.next
              .filter((s) => !BY_RECORD.includes(s))
              .map((s) => (
                <Button key={s} variant="light" onClick={() => setTo(s)} data-testid={`to-${s}`}>
                  {tx.moveTo(tx.statuses[s])}
                </Button>
              ))}
          </Group>
        </Section>
      )}
      <TransitionModal
        kind={kind}
        id={i.id}
        to={to}
        onClose={() => setTo(null)}
        onDone={(s) => {
          setTo(null);
          onChanged(tx.moved(tx.statuses[s]));
        }}
      />
      {(d.disposals.length > 0 || i.status === 'decommissioning') && (
        <Section title={tx.disposal}>
          {d.disposals.map((x) => (
            <DisposalCard key={x.id} d={x} onChanged={onChanged} />
          ))}
          {manage && i.status === 'decommissioning' && !openRecord && (
            <NewDisposalForm kind={kind} id={i.id} onDone={() => onChanged(tx.created)} />
          )}
        </Section>
      )}
      {kind === 'device' && (
        <Section title={tx.components}>
          <ItemsTable items={d.components} compact />
          {manage && <ComponentForm deviceId={i.id} onDone={() => onChanged(tx.saved)} />}
        </Section>
      )}
      <Section title={tx.history}>
        <Table striped data-testid="history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tx.when}</Table.Th>
              <Table.Th>{tx.from}</Table.Th>
              <Table.Th>{tx.to}</Table.Th>
              <Table.Th>{tx.who}</Table.Th>
              <Table.Th>{tx.reason}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.history.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text size="sm" c="dimmed">
                    {tx.noHistory}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {d.history.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(h.at)}</Table.Td>
                <Table.Td>{h.from ? (tx.statuses[h.from as LifecycleStatus] ?? h.from) : '—'}</Table.Td>
                <Table.Td>{tx.statuses[h.to as LifecycleStatus] ?? h.to}</Table.Td>
                <Table.Td>{h.actor?.name ?? '—'}</Table.Td>
                <Table.Td>{h.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      {d.suppliers.length > 0 && (
        <Section title={tx.suppliersOf}>
          <Group>
            {d.suppliers.map((s) => (
              <Anchor key={s.id} size="sm" {...linkProps(supplierUrl(s.id))}>
                {s.name} ({tx.categories[s.category]})
              </Anchor>
            ))}
          </Group>
        </Section>
      )}
    </>
  );
}
