import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { CATEGORIES, supplierUrl, type SupplierCategory } from './api.ts';
import { useEquipmentText } from './i18n.ts';
import { ReviewBadge } from './parts.tsx';

/** The supplier register: current rating and review state; overdue reviews stand out. */
export function SuppliersTab({ initialOverdue }: { initialOverdue: boolean }) {
  const tx = useEquipmentText();
  const { can } = useSession();
  const [overdue, setOverdue] = useState(initialOverdue);
  const [message, setMessage] = useState<string | null>(null);
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/equipment/suppliers', {
        params: { query: overdue ? { overdue: true } : {} },
        signal,
      }),
    [overdue],
  );
  return (
    <Stack>
      <Checkbox
        label={tx.onlyOverdue}
        checked={overdue}
        onChange={(e) => setOverdue(e.currentTarget.checked)}
        data-testid="only-overdue"
      />
      {message && <Alert color="green">{message}</Alert>}
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped data-testid="suppliers-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.name}</Table.Th>
                <Table.Th>{tx.category}</Table.Th>
                <Table.Th>{tx.supplies}</Table.Th>
                <Table.Th>{tx.rating}</Table.Th>
                <Table.Th>{tx.nextReview}</Table.Th>
                <Table.Th>{tx.dependants}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text size="sm" c="dimmed">
                      {tx.noSuppliers}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((s) => (
                <Table.Tr key={s.id} data-testid={`supplier-${s.id}`}>
                  <Table.Td>
                    <Anchor size="sm" {...linkProps(supplierUrl(s.id))}>
                      {s.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{tx.categories[s.category]}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {s.supplies}
                    </Text>
                  </Table.Td>
                  <Table.Td>{s.rating ? tx.ratings[s.rating] : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm">{s.nextReviewOn ?? '—'}</Text>
                      <ReviewBadge state={s.reviewState} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {tx.pops} {s.pops} · {tx.devices} {s.devices}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {can('network.manage') && (
        <Section title={tx.newSupplier}>
          <SupplierForm
            onDone={(m) => {
              setMessage(m);
              list.reload();
            }}
          />
        </Section>
      )}
    </Stack>
  );
}

function SupplierForm({ onDone }: { onDone: (message: string) => void }) {
  const tx = useEquipmentText();
  const action = useAction();
  const [name, setName] = useState('');
  const [category, setCategory] = useState<SupplierCategory>('equipment');
  const [supplies, setSupplies] = useState('');
  const [contact, setContact] = useState('');
  const submit = async () => {
    const r = await action.run(() =>
      mgmtApi.POST('/api/v1/equipment/suppliers', { body: { name, category, supplies, contact } }),
    );
    if (r) {
      setName('');
      setSupplies('');
      setContact('');
      onDone(tx.saved);
    }
  };
  return (
    <Stack gap="sm">
      <Group grow align="flex-end">
        <TextInput
          label={tx.name}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={action.fieldError('name')}
        />
        <Select
          label={tx.category}
          data={CATEGORIES.map((c) => ({ value: c, label: tx.categories[c] }))}
          value={category}
          onChange={(v) => v && setCategory(v)}
          allowDeselect={false}
        />
        <TextInput label={tx.contact} value={contact} onChange={(e) => setContact(e.currentTarget.value)} />
      </Group>
      <Textarea
        label={tx.supplies}
        value={supplies}
        onChange={(e) => setSupplies(e.currentTarget.value)}
        autosize
      />
      <ProblemAlert problem={action.problem} />
      <Group>
        <Button onClick={() => void submit()} loading={action.busy} disabled={!name.trim()}>
          {tx.register}
        </Button>
      </Group>
    </Stack>
  );
}
