import { Button, Checkbox, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Problem } from '../../api/client.ts';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { KINDS, METHODS, type ComponentKind, type LifecycleStatus, type Method } from './api.ts';
import { useEquipmentText } from './i18n.ts';

interface Dependants {
  connections: { id: string; serviceCode: string; status: string; port: string }[];
  tenants: number;
  virtualNetworks: { id: string; name: string }[];
  ports: { id: string; name: string }[];
}

/** The dependants a refused decommissioning names (the problem's extension member). */
function DependantsList({ problem }: { problem: Problem | null }) {
  const d: Dependants | undefined =
    problem && 'dependants' in problem ? (problem as { dependants?: Dependants }).dependants : undefined;
  if (!d) return null;
  return (
    <Stack gap={2} data-testid="dependants">
      {d.connections.map((c) => (
        <Text size="xs" key={c.id} ff="monospace">
          {c.serviceCode} · {c.port} · {c.status} · {c.id}
        </Text>
      ))}
      <Text size="xs">{d.virtualNetworks.map((v) => v.name).join(', ')}</Text>
    </Stack>
  );
}

/** Asks for the reason of a lifecycle step, then makes it. */
export function TransitionModal({
  kind,
  id,
  to,
  onClose,
  onDone,
}: {
  kind: 'device' | 'component';
  id: string;
  to: LifecycleStatus | null;
  onClose: () => void;
  onDone: (to: LifecycleStatus) => void;
}) {
  const tx = useEquipmentText();
  const action = useAction();
  const [reason, setReason] = useState('');
  const submit = async () => {
    if (!to) return;
    const body = { to, reason: reason.trim() };
    const r = await action.run(() =>
      kind === 'device'
        ? mgmtApi.POST('/api/v1/equipment/devices/{deviceId}/transitions', {
            params: { path: { deviceId: id } },
            body,
          })
        : mgmtApi.POST('/api/v1/equipment/components/{componentId}/transitions', {
            params: { path: { componentId: id } },
            body,
          }),
    );
    if (r) {
      setReason('');
      onDone(to);
    }
  };
  return (
    <Modal opened={to !== null} onClose={onClose} title={to ? tx.moveTo(tx.statuses[to]) : ''} size="lg">
      <Stack>
        <Textarea
          label={tx.reason}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          autosize
          minRows={2}
          data-testid="transition-reason"
        />
        <ProblemAlert problem={action.problem} />
        <DependantsList problem={action.problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {tx.cancel}
          </Button>
          <Button onClick={() => void submit()} loading={action.busy} disabled={!reason.trim()}>
            {tx.confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Opens a disposal or reuse record for an item being decommissioned. */
export function NewDisposalForm({
  kind,
  id,
  onDone,
}: {
  kind: 'device' | 'component';
  id: string;
  onDone: () => void;
}) {
  const tx = useEquipmentText();
  const action = useAction();
  const staff = useLoad((signal) => mgmtApi.GET('/api/v1/equipment/staff', { signal }));
  const suppliers = useLoad((signal) => mgmtApi.GET('/api/v1/equipment/suppliers', { signal }));
  const [outcome, setOutcome] = useState<'dispose' | 'reuse'>('dispose');
  const [method, setMethod] = useState<Method>('crypto_erase');
  const [supplierId, setSupplierId] = useState<string | null>(null);
  const [performer, setPerformer] = useState<string | null>(null);
  const [performedOn, setPerformedOn] = useState('');
  const [notes, setNotes] = useState('');
  const submit = async () => {
    const r = await action.run(() =>
      mgmtApi.POST('/api/v1/equipment/disposals', {
        body: {
          ...(kind === 'device' ? { deviceId: id } : { componentId: id }),
          outcome,
          method,
          ...(supplierId ? { supplierId } : {}),
          ...(performer ? { performerStaffId: performer } : {}),
          ...(performedOn ? { performedOn } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
        },
      }),
    );
    if (r) onDone();
  };
  const staffOpts =
    staff.state.status === 'ready' ? staff.state.data.map((x) => ({ value: x.id, label: x.name })) : [];
  const supplierOpts =
    suppliers.state.status === 'ready'
      ? suppliers.state.data.filter((x) => x.active).map((x) => ({ value: x.id, label: x.name }))
      : [];
  return (
    <Stack gap="sm" data-testid="new-disposal">
      <Group align="flex-end" grow>
        <Select
          label={tx.outcome}
          data={(['dispose', 'reuse'] as const).map((o) => ({ value: o, label: tx.outcomes[o] }))}
          value={outcome}
          onChange={(v) => v && setOutcome(v)}
          allowDeselect={false}
        />
        <Select
          label={tx.method}
          data={METHODS.map((m) => ({ value: m, label: tx.methods[m] }))}
          value={method}
          onChange={(v) => v && setMethod(v)}
          allowDeselect={false}
        />
        <Select
          label={tx.contractor}
          data={supplierOpts}
          value={supplierId}
          onChange={setSupplierId}
          clearable
          error={action.fieldError('supplierId')}
        />
      </Group>
      <Group align="flex-end" grow>
        <Select
          label={tx.performer}
          data={staffOpts}
          value={performer}
          onChange={setPerformer}
          clearable
          data-testid="performer"
          error={action.fieldError('performerStaffId')}
        />
        <TextInput
          label={tx.performedOn}
          type="date"
          value={performedOn}
          onChange={(e) => setPerformedOn(e.currentTarget.value)}
          error={action.fieldError('performedOn')}
          data-testid="performed-on"
        />
      </Group>
      <Textarea label={tx.notes} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize />
      <ProblemAlert problem={action.problem} />
      <Group>
        <Button onClick={() => void submit()} loading={action.busy}>
          {tx.newDisposal}
        </Button>
      </Group>
    </Stack>
  );
}

/** Registers a component fitted in a device. */
export function ComponentForm({ deviceId, onDone }: { deviceId: string; onDone: () => void }) {
  const tx = useEquipmentText();
  const action = useAction();
  const [kind, setKind] = useState<ComponentKind>('storage');
  const [storesData, setStoresData] = useState(true);
  const [vendor, setVendor] = useState('');
  const [model, setModel] = useState('');
  const [serial, setSerial] = useState('');
  const [firmware, setFirmware] = useState('');
  const submit = async () => {
    const r = await action.run(() =>
      mgmtApi.POST('/api/v1/equipment/components', {
        body: { deviceId, kind, storesData, vendor, model, serial, firmwareVersion: firmware },
      }),
    );
    if (r) {
      setSerial('');
      onDone();
    }
  };
  return (
    <Stack gap="sm">
      <Group align="flex-end" grow>
        <Select
          label={tx.kind}
          data={KINDS.map((k) => ({ value: k, label: tx.kinds[k] }))}
          value={kind}
          onChange={(v) => {
            if (!v) return;
            setKind(v);
            setStoresData(v === 'storage' || v === 'supervisor');
          }}
          allowDeselect={false}
        />
        <TextInput
          label={tx.vendor}
          value={vendor}
          onChange={(e) => setVendor(e.currentTarget.value)}
          error={action.fieldError('vendor')}
        />
        <TextInput
          label={tx.model}
          value={model}
          onChange={(e) => setModel(e.currentTarget.value)}
          error={action.fieldError('model')}
        />
        <TextInput
          label={tx.serial}
          value={serial}
          onChange={(e) => setSerial(e.currentTarget.value)}
          error={action.fieldError('serial')}
        />
        <TextInput label={tx.version} value={firmware} onChange={(e) => setFirmware(e.currentTarget.value)} />
      </Group>
      <Checkbox
        label={tx.storesData}
        checked={storesData}
        onChange={(e) => setStoresData(e.currentTarget.checked)}
      />
      <ProblemAlert problem={action.problem} />
      <Group>
        <Button variant="light" onClick={() => void submit()} loading={action.busy}>
          {tx.register}
        </Button>
      </Group>
    </Stack>
  );
}
