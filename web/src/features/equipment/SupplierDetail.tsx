import {
  Alert,
  Anchor,
  Button,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { itemUrl, RATINGS, type Rating, type SupplierDetail } from './api.ts';
import { useEquipmentText } from './i18n.ts';
import { ReviewBadge } from './parts.tsx';

/** One supplier: dependants, assessment history (with a form for the next), agreements. */
export function SupplierDetailView({ id }: { id: string }) {
  const tx = useEquipmentText();
  const [message, setMessage] = useState<string | null>(null);
  const detail = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/equipment/suppliers/{supplierId}', {
        params: { path: { supplierId: id } },
        signal,
      }),
    [id],
  );
  const changed = (m: string) => {
    setMessage(m);
    detail.reload();
  };
  return (
    <Stack gap="lg">
      <Anchor size="sm" {...linkProps('/equipment?tab=suppliers')}>
        ← {tx.back}
      </Anchor>
      {message && <Alert color="green">{message}</Alert>}
      {detail.state.status === 'loading' && <Loading />}
      {detail.state.status === 'error' && (
        <ProblemAlert problem={detail.state.problem} onRetry={detail.reload} />
      )}
      {detail.state.status === 'ready' && <Body d={detail.state.data} onChanged={changed} />}
    </Stack>
  );
}

function Body({ d, onChanged }: { d: SupplierDetail; onChanged: (m: string) => void }) {
  const tx = useEquipmentText();
  const manage = useSession().can('network.manage');
  const s = d.supplier;
  return (
    <>
      <Group gap="sm">
        <Title order={2}>{s.name}</Title>
        <ReviewBadge state={s.reviewState} />
      </Group>
      <Text size="sm">
        {tx.categories[s.category]} · {s.supplies || '—'}
        {s.contact ? ` · ${s.contact}` : ''}
      </Text>
      <Section title={tx.dependants}>
        <Text size="sm">
          {tx.pops}: {d.popLinks.map((p) => p.code).join(', ') || tx.none}
        </Text>
        <Group gap="xs">
          <Text size="sm">{tx.devices}:</Text>
          {d.deviceLinks.length === 0 && <Text size="sm">{tx.none}</Text>}
          {d.deviceLinks.map((x) => (
            <Anchor key={x.id} size="sm" {...linkProps(itemUrl('device', x.id))}>
              {x.hostname}
            </Anchor>
          ))}
        </Group>
        {manage && <LinksForm d={d} onDone={() => onChanged(tx.saved)} />}
      </Section>
      <Section title={tx.assessments}>
        <Table striped data-testid="assessments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tx.assessedOn}</Table.Th>
              <Table.Th>{tx.rating}</Table.Th>
              <Table.Th>{tx.nextReview}</Table.Th>
              <Table.Th>{tx.who}</Table.Th>
              <Table.Th>{tx.notes}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.assessments.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.assessedOn}</Table.Td>
                <Table.Td>{tx.ratings[a.rating]}</Table.Td>
                <Table.Td>{a.nextReviewOn}</Table.Td>
                <Table.Td>{a.assessedBy?.name ?? '—'}</Table.Td>
                <Table.Td>{a.notes}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {manage && <AssessmentForm id={s.id} onDone={() => onChanged(tx.saved)} />}
      </Section>
      <Section title={tx.agreements}>
        {d.agreementList.length === 0 && (
          <Text size="sm" c="dimmed">
            {tx.none}
          </Text>
        )}
        {d.agreementList.map((g) => (
          <Stack key={g.id} gap={0}>
            <Text size="sm" fw={600}>
              {g.reference} ({g.startOn} – {g.endOn ?? ''})
            </Text>
            <Text size="sm" c="dimmed">
              {g.securityClauses}
            </Text>
          </Stack>
        ))}
        {manage && <AgreementForm id={s.id} onDone={() => onChanged(tx.saved)} />}
      </Section>
    </>
  );
}

function LinksForm({ d, onDone }: { d: SupplierDetail; onDone: () => void }) {
  const tx = useEquipmentText();
  const action = useAction();
  const pops = useLoad((signal) => mgmtApi.GET('/api/v1/network/pops', { signal }));
  const devices = useLoad((signal) =>
    mgmtApi.GET('/api/v1/equipment/inventory', { params: { query: { kind: 'device' } }, signal }),
  );
  const [popIds, setPopIds] = useState(d.popLinks.map((p) => p.id));
  const [deviceIds, setDeviceIds] = useState(d.deviceLinks.map((x) => x.id));
  const save = async () => {
    const r = await action.run(() =>
      mgmtApi.PATCH('/api/v1/equipment/suppliers/{supplierId}', {
        params: { path: { supplierId: d.supplier.id } },
        body: { popIds, deviceIds },
      }),
    );
    if (r) onDone();
  };
  return (
    <Group align="flex-end" grow>
      <MultiSelect
        label={tx.pops}
        data={
          pops.state.status === 'ready' ? pops.state.data.map((p) => ({ value: p.id, label: p.code })) : []
        }
        value={popIds}
        onChange={setPopIds}
      />
      <MultiSelect
        label={tx.devices}
        data={
          devices.state.status === 'ready'
            ? devices.state.data.map((x) => ({ value: x.id, label: x.hostname ?? x.serial }))
            : []
        }
        value={deviceIds}
        onChange={setDeviceIds}
        searchable
      />
      <Button variant="light" onClick={() => void save()} loading={action.busy} style={{ flexGrow: 0 }}>
        {tx.save}
      </Button>
    </Group>
  );
}

function AssessmentForm({ id, onDone }: { id: string; onDone: () => void }) {
  const tx = useEquipmentText();
  const action = useAction();
  const [assessedOn, setAssessedOn] = useState('');
  const [rating, setRating] = useState<Rating>('medium');
  const [nextReviewOn, setNext] = useState('');
  const [notes, setNotes] = useState('');
  const submit = async () => {
    const r = await action.run(() =>
      mgmtApi.POST('/api/v1/equipment/suppliers/{supplierId}/assessments', {
        params: { path: { supplierId: id } },
        body: { assessedOn, rating, nextReviewOn, notes },
      }),
    );
    if (r) onDone();
  };
  return (
    <Stack gap="sm" data-testid="assessment-form">
      <Group grow align="flex-end">
        <TextInput
          type="date"
          label={tx.assessedOn}
          value={assessedOn}
          onChange={(e) => setAssessedOn(e.currentTarget.value)}
          error={action.fieldError('assessedOn')}
          data-testid="assessed-on"
        />
        <Select
          label={tx.rating}
          data={RATINGS.map((r) => ({ value: r, label: tx.ratings[r] }))}
          value={rating}
          onChange={(v) => v && setRating(v)}
          allowDeselect={false}
        />
        <TextInput
          type="date"
          label={tx.nextReview}
          value={nextReviewOn}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={action.fieldError('nextReviewOn')}
          data-testid="next-review"
        />
      </Group>
      <Textarea label={tx.notes} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize />
      <ProblemAlert problem={action.problem} />
      <Group>
        <Button onClick={() => void submit()} loading={action.busy} disabled={!assessedOn || !nextReviewOn}>
          {tx.addAssessment}
        </Button>
      </Group>
    </Stack>
  );
}

function AgreementForm({ id, onDone }: { id: string; onDone: () => void }) {
  const tx = useEquipmentText();
  const action = useAction();
  const [reference, setReference] = useState('');
  const [startOn, setStart] = useState('');
  const [endOn, setEnd] = useState('');
  const [securityClauses, setClauses] = useState('');
  const submit = async () => {
    const r = await action.run(() =>
      mgmtApi.POST('/api/v1/equipment/suppliers/{supplierId}/agreements', {
        params: { path: { supplierId: id } },
        body: { reference, startOn, endOn: endOn || null, securityClauses },
      }),
    );
    if (r) {
      setReference('');
      onDone();
    }
  };
  return (
    <Stack gap="sm">
      <Group grow align="flex-end">
        <TextInput
          label={tx.reference}
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
          error={action.fieldError('reference')}
        />
        <TextInput
          type="date"
          label={tx.startOn}
          value={startOn}
          onChange={(e) => setStart(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={tx.endOn}
          value={endOn}
          onChange={(e) => setEnd(e.currentTarget.value)}
          error={action.fieldError('endOn')}
        />
      </Group>
      <Textarea
        label={tx.securityClauses}
        value={securityClauses}
        onChange={(e) => setClauses(e.currentTarget.value)}
        autosize
      />
      <ProblemAlert problem={action.problem} />
      <Group>
        <Button
          variant="light"
          onClick={() => void submit()}
          loading={action.busy}
          disabled={!reference.trim() || !startOn}
        >
          {tx.addAgreement}
        </Button>
      </Group>
    </Stack>
  );
}
