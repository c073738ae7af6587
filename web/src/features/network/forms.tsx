import { Button, Group, NumberInput, Stack, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import type { MgmtNetwork, Pop, PortClass } from './api.ts';
import { useNetworkText } from './i18n.ts';
import { OverrideBox } from './parts.tsx';

/** Create/edit forms of PoPs, management networks and port classes. */

export function FormShell(props: {
  onSubmit: () => void;
  children: ReactNode;
  label: string;
  busy: boolean;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <Stack>
        {props.children}
        <Group justify="flex-end">
          <Button type="submit" loading={props.busy}>
            {props.label}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Only the problems OverrideBox does not explain itself. */
export const plainProblem = <P extends { code: string }>(p: P | null): P | null =>
  p?.code === 'capacity_exceeded' ? null : p;

export function PopForm({ pop, onDone }: { pop?: Pop; onDone: (p: Pop) => void }) {
  const nt = useNetworkText();
  const [code, setCode] = useState(pop?.code ?? '');
  const [nameJa, setNameJa] = useState(pop?.nameJa ?? '');
  const [nameEn, setNameEn] = useState(pop?.nameEn ?? '');
  const [address, setAddress] = useState(pop?.address ?? '');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const body = { code: code.trim(), nameJa, nameEn, address };
    const r = pop
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/network/pops/{id}', { params: { path: { id: pop.id } }, body }),
        )
      : await run(() => mgmtApi.POST('/api/v1/network/pops', { body }));
    if (r) onDone(r.data);
  };
  return (
    <FormShell onSubmit={() => void submit()} label={pop ? nt.save : nt.create} busy={busy}>
      <TextInput
        label={nt.code}
        description="TKY1, OSA1"
        value={code}
        onChange={(e) => setCode(e.currentTarget.value.toUpperCase())}
        error={fieldError('code')}
        required
        maxLength={16}
        ff="monospace"
      />
      <TextInput
        label={nt.nameJa}
        value={nameJa}
        onChange={(e) => setNameJa(e.currentTarget.value)}
        error={fieldError('nameJa')}
        required
        maxLength={100}
      />
      <TextInput
        label={nt.nameEn}
        value={nameEn}
        onChange={(e) => setNameEn(e.currentTarget.value)}
        error={fieldError('nameEn')}
        required
        maxLength={100}
      />
      <TextInput
        label={nt.address}
        value={address}
        onChange={(e) => setAddress(e.currentTarget.value)}
        error={fieldError('address')}
        maxLength={300}
      />
      <ProblemAlert problem={problem} />
    </FormShell>
  );
}

export function MgmtNetworkForm({ net, onDone }: { net?: MgmtNetwork; onDone: (m: MgmtNetwork) => void }) {
  const nt = useNetworkText();
  const [name, setName] = useState(net?.name ?? '');
  const [prefix, setPrefix] = useState(net?.prefix ?? '');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const body = { name, prefix: prefix.trim() };
    const r = net
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/network/mgmt-networks/{id}', { params: { path: { id: net.id } }, body }),
        )
      : await run(() => mgmtApi.POST('/api/v1/network/mgmt-networks', { body }));
    if (r) onDone(r.data);
  };
  return (
    <FormShell onSubmit={() => void submit()} label={net ? nt.save : nt.create} busy={busy}>
      <TextInput
        label={nt.name}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={fieldError('name')}
        required
        maxLength={100}
      />
      <TextInput
        label={nt.prefix}
        placeholder="10.255.0.0/24"
        value={prefix}
        onChange={(e) => setPrefix(e.currentTarget.value)}
        error={fieldError('prefix')}
        required
        ff="monospace"
      />
      <ProblemAlert problem={problem} />
    </FormShell>
  );
}

export function PortClassForm({ klass, onDone }: { klass?: PortClass; onDone: (c: PortClass) => void }) {
  const nt = useNetworkText();
  const [code, setCode] = useState(klass?.code ?? '');
  const [nameJa, setNameJa] = useState(klass?.nameJa ?? '');
  const [nameEn, setNameEn] = useState(klass?.nameEn ?? '');
  const [ratio, setRatio] = useState<number | string>(klass?.oversubscription ?? 2);
  const [threshold, setThreshold] = useState<number | string>(klass?.thresholdPct ?? 80);
  const { busy, problem, run, fieldError } = useAction();
  const submit = async (override?: string) => {
    const fields = {
      nameJa,
      nameEn,
      oversubscription: Number(ratio),
      thresholdPct: Number(threshold),
    };
    const r = klass
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/network/port-classes/{code}', {
            params: { path: { code: klass.code } },
            body: { ...fields, ...(override ? { override: { reason: override } } : {}) },
          }),
        )
      : await run(() =>
          mgmtApi.POST('/api/v1/network/port-classes', { body: { code: code.trim(), ...fields } }),
        );
    if (r) onDone(r.data);
  };
  return (
    <FormShell onSubmit={() => void submit()} label={klass ? nt.save : nt.create} busy={busy}>
      <TextInput
        label={nt.code}
        description="access-10g"
        value={code}
        onChange={(e) => setCode(e.currentTarget.value)}
        error={fieldError('code')}
        required
        disabled={!!klass}
        maxLength={32}
        ff="monospace"
      />
      <TextInput
        label={nt.nameJa}
        value={nameJa}
        onChange={(e) => setNameJa(e.currentTarget.value)}
        error={fieldError('nameJa')}
        required
        maxLength={100}
      />
      <TextInput
        label={nt.nameEn}
        value={nameEn}
        onChange={(e) => setNameEn(e.currentTarget.value)}
        error={fieldError('nameEn')}
        required
        maxLength={100}
      />
      <Group grow>
        <NumberInput
          label={nt.oversubscription}
          value={ratio}
          onChange={setRatio}
          min={0.01}
          max={1000}
          decimalScale={2}
          step={0.5}
          error={fieldError('oversubscription')}
          required
        />
        <NumberInput
          label={nt.threshold}
          value={threshold}
          onChange={setThreshold}
          min={1}
          max={100}
          allowDecimal={false}
          error={fieldError('thresholdPct')}
          required
        />
      </Group>
      <ProblemAlert problem={plainProblem(problem)} />
      <OverrideBox problem={problem} busy={busy} onOverride={(reason) => void submit(reason)} />
    </FormShell>
  );
}
