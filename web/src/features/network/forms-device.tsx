import { Group, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { DEVICE_STATUSES, PURPOSES, ROLES, type DeviceDetail, type Port } from './api.ts';
import { FormShell, plainProblem } from './forms.tsx';
import { formatMbps, useNetworkText } from './i18n.ts';
import { OverrideBox } from './parts.tsx';

/** Create/edit forms of devices and ports. */

const select = { comboboxProps: { withinPortal: true }, allowDeselect: false } as const;

export function DeviceForm({ device, onDone }: { device?: DeviceDetail; onDone: (d: DeviceDetail) => void }) {
  const nt = useNetworkText();
  const { lang } = useI18n();
  const pops = useLoad((signal) => mgmtApi.GET('/api/v1/network/pops', { signal }));
  const nets = useLoad((signal) => mgmtApi.GET('/api/v1/network/mgmt-networks', { signal }));
  const [v, setV] = useState({
    popId: device?.pop.id ?? null,
    hostname: device?.hostname ?? '',
    role: device?.role ?? 'pe',
    vendor: device?.vendor ?? '',
    model: device?.model ?? '',
    serial: device?.serial ?? '',
    osVersion: device?.osVersion ?? '',
    mgmtNetworkId: device?.mgmtNetwork.id ?? null,
    mgmtAddress: device?.mgmtAddress ?? '',
    underlayAddress: device?.underlayAddress ?? '',
    driver: device?.driver ?? 'render-only',
    driverTarget: device ? JSON.stringify(device.driverTarget) : '{}',
    status: device?.status ?? 'active',
  });
  const set =
    <K extends keyof typeof v>(k: K) =>
    (x: (typeof v)[K]) =>
      setV((o) => ({ ...o, [k]: x }));
  const text = (
    k:
      'hostname' | 'vendor' | 'model' | 'serial' | 'osVersion' | 'mgmtAddress' | 'underlayAddress' | 'driver',
  ) => ({
    value: v[k],
    onChange: (e: { currentTarget: { value: string } }) => set(k)(e.currentTarget.value),
  });
  const [jsonError, setJsonError] = useState<string | undefined>();
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    let target: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(v.driverTarget || '{}');
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      target = parsed as Record<string, unknown>;
      setJsonError(undefined);
    } catch {
      setJsonError('{"key": "value"}');
      return;
    }
    const body = {
      popId: v.popId ?? '',
      hostname: v.hostname.trim(),
      role: v.role,
      vendor: v.vendor,
      model: v.model,
      serial: v.serial,
      osVersion: v.osVersion,
      mgmtNetworkId: v.mgmtNetworkId ?? '',
      mgmtAddress: v.mgmtAddress.trim(),
      underlayAddress: v.underlayAddress.trim() || null,
      driver: v.driver.trim(),
      driverTarget: target,
      status: v.status,
    };
    const r = device
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/network/devices/{id}', { params: { path: { id: device.id } }, body }),
        )
      : await run(() => mgmtApi.POST('/api/v1/network/devices', { body }));
    if (r) onDone(r.data);
  };
  const popData =
    pops.state.status === 'ready'
      ? pops.state.data.map((p) => ({
          value: p.id,
          label: `${p.code} ${lang === 'ja' ? p.nameJa : p.nameEn}`,
        }))
      : [];
  const netData =
    nets.state.status === 'ready'
      ? nets.state.data.map((m) => ({ value: m.id, label: `${m.name} (${m.prefix})` }))
      : [];
  return (
    <FormShell onSubmit={() => void submit()} label={device ? nt.save : nt.create} busy={busy}>
      <Group grow align="flex-start">
        <Select
          label={nt.pop}
          data={popData}
          value={v.popId}
          onChange={set('popId')}
          error={fieldError('popId')}
          required
          {...select}
        />
        <Select
          label={nt.role}
          data={ROLES.map((r) => ({ value: r, label: nt.roles[r] }))}
          value={v.role}
          onChange={(x) => x && set('role')(x)}
          required
          {...select}
        />
      </Group>
      <TextInput
        label={nt.hostname}
        placeholder="pe3.tky1"
        {...text('hostname')}
        error={fieldError('hostname')}
        required
        maxLength={253}
        ff="monospace"
      />
      <Group grow align="flex-start">
        <TextInput
          label={nt.vendor}
          {...text('vendor')}
          error={fieldError('vendor')}
          required
          maxLength={100}
        />
        <TextInput label={nt.model} {...text('model')} error={fieldError('model')} required maxLength={100} />
      </Group>
      <Group grow align="flex-start">
        <TextInput
          label={nt.serial}
          {...text('serial')}
          error={fieldError('serial')}
          required
          maxLength={100}
          ff="monospace"
        />
        <TextInput
          label={nt.osVersion}
          {...text('osVersion')}
          error={fieldError('osVersion')}
          required
          maxLength={100}
        />
      </Group>
      <Group grow align="flex-start">
        <Select
          label={nt.mgmtNetwork}
          data={netData}
          value={v.mgmtNetworkId}
          onChange={set('mgmtNetworkId')}
          error={fieldError('mgmtNetworkId')}
          required
          {...select}
        />
        <TextInput
          label={nt.mgmtAddress}
          placeholder="10.255.0.13"
          {...text('mgmtAddress')}
          error={fieldError('mgmtAddress')}
          required
          ff="monospace"
        />
      </Group>
      <TextInput
        label={nt.underlayAddress}
        description={nt.underlayHelp}
        {...text('underlayAddress')}
        error={fieldError('underlayAddress')}
        ff="monospace"
      />
      <Group grow align="flex-start">
        <TextInput
          label={nt.driver}
          {...text('driver')}
          error={fieldError('driver')}
          required
          maxLength={32}
          ff="monospace"
        />
        <Select
          label={nt.status}
          data={DEVICE_STATUSES.map((s) => ({ value: s, label: nt.deviceStatuses[s] }))}
          value={v.status}
          onChange={(x) => x && set('status')(x)}
          {...select}
        />
      </Group>
      <Textarea
        label={nt.driverTarget}
        description={nt.driverTargetHelp}
        value={v.driverTarget}
        onChange={(e) => set('driverTarget')(e.currentTarget.value)}
        error={jsonError ?? fieldError('driverTarget')}
        autosize
        minRows={2}
        ff="monospace"
      />
      <ProblemAlert problem={problem} />
    </FormShell>
  );
}

export function PortForm(props: { deviceId: string; port?: Port; onDone: (p: Port) => void }) {
  const { port } = props;
  const nt = useNetworkText();
  const classes = useLoad((signal) => mgmtApi.GET('/api/v1/network/port-classes', { signal }));
  const [name, setName] = useState(port?.name ?? '');
  const [capacity, setCapacity] = useState<number | string>(port?.capacityMbps ?? 10_000);
  const [classCode, setClassCode] = useState<string | null>(port?.classCode ?? null);
  const [purpose, setPurpose] = useState<Port['purpose']>(port?.purpose ?? 'access');
  const [status, setStatus] = useState<Port['status']>(port?.status ?? 'active');
  const [description, setDescription] = useState(port?.description ?? '');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async (override?: string) => {
    const body = {
      name: name.trim(),
      capacityMbps: Number(capacity),
      classCode: classCode ?? '',
      purpose,
      status,
      description,
    };
    const r = port
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/network/ports/{id}', {
            params: { path: { id: port.id } },
            body: { ...body, ...(override ? { override: { reason: override } } : {}) },
          }),
        )
      : await run(() =>
          mgmtApi.POST('/api/v1/network/devices/{id}/ports', {
            params: { path: { id: props.deviceId } },
            body,
          }),
        );
    if (r) props.onDone(r.data);
  };
  const classData =
    classes.state.status === 'ready'
      ? classes.state.data.map((c) => ({
          value: c.code,
          label: `${c.code} ×${c.oversubscription}`,
        }))
      : [];
  return (
    <FormShell onSubmit={() => void submit()} label={port ? nt.save : nt.create} busy={busy}>
      <Group grow align="flex-start">
        <TextInput
          label={nt.portName}
          placeholder="xe-0/0/3"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError('name')}
          required
          maxLength={64}
          ff="monospace"
        />
        <NumberInput
          label={nt.capacityMbps}
          description={`${nt.capacityHelp}${Number(capacity) > 0 ? ` — ${formatMbps(Number(capacity))}` : ''}`}
          value={capacity}
          onChange={setCapacity}
          min={1}
          max={10_000_000}
          allowDecimal={false}
          thousandSeparator=","
          error={fieldError('capacityMbps')}
          required
        />
      </Group>
      <Group grow align="flex-start">
        <Select
          label={nt.portClass}
          data={classData}
          value={classCode}
          onChange={setClassCode}
          error={fieldError('classCode')}
          required
          {...select}
        />
        <Select
          label={nt.purpose}
          data={PURPOSES.map((p) => ({ value: p, label: nt.purposes[p] }))}
          value={purpose}
          onChange={(x) => x && setPurpose(x)}
          {...select}
        />
        <Select
          label={nt.status}
          data={(['active', 'disabled'] as const).map((s) => ({ value: s, label: nt.portStatuses[s] }))}
          value={status}
          onChange={(x) => x && setStatus(x)}
          {...select}
        />
      </Group>
      <TextInput
        label={nt.description}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        maxLength={200}
      />
      <ProblemAlert problem={plainProblem(problem)} />
      <OverrideBox problem={problem} busy={busy} onOverride={(reason) => void submit(reason)} />
    </FormShell>
  );
}
