import { Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import type { Device, Port } from './api.ts';
import { FormShell } from './forms.tsx';
import { useNetworkText } from './i18n.ts';

/** The form of a new link: a free port on each of two devices. */

const portLabel = (p: Port) =>
  `${p.name}${p.link ? ` → ${p.link.peer.hostname} ${p.link.peer.portName}` : ''}`;

/** The ports of one device, those already linked shown but not selectable. */
function PortSelect(props: {
  label: string;
  deviceId: string;
  value: string | null;
  onChange: (id: string | null) => void;
  error: string | undefined;
}) {
  const detail = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/network/devices/{id}', { params: { path: { id: props.deviceId } }, signal }),
    [props.deviceId],
  );
  const ports = detail.state.status === 'ready' ? detail.state.data.ports : [];
  return (
    <Select
      label={props.label}
      data={ports.map((p) => ({ value: p.id, label: portLabel(p), disabled: !!p.link }))}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      required
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** One end of a new link: a device, then one of its ports without a link. */
function EndPicker(props: {
  label: string;
  devices: Device[];
  deviceId: string | null;
  onDevice: (id: string | null) => void;
  portId: string | null;
  onPort: (id: string | null) => void;
  error: string | undefined;
}) {
  const nt = useNetworkText();
  const portLabelText = `${props.label}: ${nt.port}`;
  return (
    <Group grow align="flex-start">
      <Select
        label={`${props.label}: ${nt.device}`}
        data={props.devices.map((d) => ({ value: d.id, label: `${d.hostname} (${d.pop.code})` }))}
        value={props.deviceId}
        onChange={(v) => {
          props.onDevice(v);
          props.onPort(null);
        }}
        searchable
        required
        comboboxProps={{ withinPortal: true }}
      />
      {props.deviceId ? (
        <PortSelect
          key={props.deviceId}
          label={portLabelText}
          deviceId={props.deviceId}
          value={props.portId}
          onChange={props.onPort}
          error={props.error}
        />
      ) : (
        <Select label={portLabelText} data={[]} disabled required />
      )}
    </Group>
  );
}

export function LinkForm({ devices, onDone }: { devices: Device[]; onDone: () => void }) {
  const nt = useNetworkText();
  const [aDevice, setADevice] = useState<string | null>(null);
  const [bDevice, setBDevice] = useState<string | null>(null);
  const [aPort, setAPort] = useState<string | null>(null);
  const [bPort, setBPort] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const r = await run(() =>
      mgmtApi.POST('/api/v1/network/links', {
        body: { aPortId: aPort ?? '', bPortId: bPort ?? '', description },
      }),
    );
    if (r) onDone();
  };
  return (
    <FormShell onSubmit={() => void submit()} label={nt.create} busy={busy}>
      <EndPicker
        label={nt.endA}
        devices={devices}
        deviceId={aDevice}
        onDevice={setADevice}
        portId={aPort}
        onPort={setAPort}
        error={fieldError('aPortId')}
      />
      <EndPicker
        label={nt.endB}
        devices={devices}
        deviceId={bDevice}
        onDevice={setBDevice}
        portId={bPort}
        onPort={setBPort}
        error={fieldError('bPortId')}
      />
      <TextInput
        label={nt.description}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        maxLength={200}
      />
      <ProblemAlert problem={problem} />
    </FormShell>
  );
}
