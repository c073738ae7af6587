import { Button, Checkbox, Group, MultiSelect, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import type { Affected, Target } from './api.ts';
import type { NoticesText } from './i18n.ts';

type Full = Required<Target>;
export const emptyTarget = (): Full => ({
  popIds: [],
  deviceIds: [],
  portIds: [],
  serviceTypes: [],
  tenantIds: [],
});
const TYPES = ['ipsec', 'direct', 'option'] as const;

/**
 * The affected scope, chosen from the model (PoPs, devices, ports of a device, service types,
 * customers), and the preview of the tenants and service codes it reaches.
 */
export function TargetPicker({
  value,
  onChange,
  tx,
  fieldError,
}: {
  value: Full;
  onChange: (t: Full) => void;
  tx: NoticesText;
  fieldError?: (name: string) => string | undefined;
}) {
  const pops = useLoad((signal) => mgmtApi.GET('/api/v1/network/pops', { signal }));
  const devices = useLoad((signal) =>
    mgmtApi.GET('/api/v1/network/devices', { params: { query: {} }, signal }),
  );
  const tenants = useLoad((signal) => mgmtApi.GET('/api/v1/tenants', { signal }));
  const [portDevice, setPortDevice] = useState<string | null>(null);
  const device = useLoad(
    (signal) =>
      portDevice
        ? mgmtApi.GET('/api/v1/network/devices/{id}', { params: { path: { id: portDevice } }, signal })
        : Promise.resolve({ data: undefined, response: new Response(null, { status: 200 }) }),
    [portDevice],
  );
  const [affected, setAffected] = useState<Affected | null>(null);
  const preview = useAction();
  const set = (patch: Partial<Full>) => {
    setAffected(null);
    onChange({ ...value, ...patch });
  };
  const popData = pops.state.status === 'ready' ? pops.state.data : [];
  const deviceData = devices.state.status === 'ready' ? devices.state.data : [];
  const tenantData = tenants.state.status === 'ready' ? tenants.state.data : [];
  const ports = device.state.status === 'ready' && device.state.data ? device.state.data.ports : [];
  const known = new Map<string, string>();
  for (const p of ports)
    known.set(p.id, `${deviceData.find((d) => d.id === portDevice)?.hostname ?? ''} ${p.name}`);
  const run = async () => {
    const r = await preview.run(() => mgmtApi.POST('/api/v1/notices/preview', { body: { target: value } }));
    if (r) setAffected(r.data);
  };
  return (
    <Stack gap="xs" data-testid="target-picker">
      <Text fw={500} size="sm">
        {tx.scope}
      </Text>
      <MultiSelect
        label={tx.pops}
        data={popData.map((p) => ({ value: p.id, label: `${p.code} ${p.nameJa}` }))}
        value={value.popIds}
        onChange={(v) => set({ popIds: v })}
        searchable
        comboboxProps={{ withinPortal: true }}
      />
      <MultiSelect
        label={tx.devices}
        data={deviceData.map((d) => ({ value: d.id, label: d.hostname }))}
        value={value.deviceIds}
        onChange={(v) => set({ deviceIds: v })}
        searchable
        data-testid="target-devices"
        comboboxProps={{ withinPortal: true }}
      />
      <Group grow align="flex-end">
        <Select
          label={tx.portDevice}
          data={deviceData.map((d) => ({ value: d.id, label: d.hostname }))}
          value={portDevice}
          onChange={setPortDevice}
          searchable
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <MultiSelect
          label={tx.ports}
          data={[
            ...ports.map((p) => ({ value: p.id, label: known.get(p.id) ?? p.name })),
            ...value.portIds
              .filter((id) => !known.has(id))
              .map((id) => ({ value: id, label: id.slice(0, 8) })),
          ]}
          value={value.portIds}
          onChange={(v) => set({ portIds: v })}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      <Checkbox.Group
        label={tx.serviceTypes}
        value={value.serviceTypes}
        onChange={(v) => set({ serviceTypes: v })}
      >
        <Group mt={4}>
          {TYPES.map((t) => (
            <Checkbox key={t} value={t} label={t} />
          ))}
        </Group>
      </Checkbox.Group>
      <MultiSelect
        label={tx.tenants}
        data={tenantData.map((t) => ({ value: t.id, label: `${t.code} ${t.name}` }))}
        value={value.tenantIds}
        onChange={(v) => set({ tenantIds: v })}
        searchable
        comboboxProps={{ withinPortal: true }}
      />
      {fieldError?.('target') && (
        <Text c="red" size="sm">
          {fieldError('target')}
        </Text>
      )}
      <Group>
        <Button variant="light" onClick={() => void run()} loading={preview.busy} data-testid="preview">
          {tx.preview}
        </Button>
      </Group>
      <ProblemAlert problem={preview.problem} />
      {affected && <AffectedTable affected={affected} tx={tx} />}
    </Stack>
  );
}

export function AffectedTable({ affected, tx }: { affected: Affected; tx: NoticesText }) {
  const services = affected.reduce((n, a) => n + a.services.length, 0);
  return (
    <Stack gap={4} data-testid="affected">
      <Text size="sm" fw={500}>
        {affected.length ? tx.affected(affected.length, services) : tx.noneAffected}
      </Text>
      {affected.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tx.tenant}</Table.Th>
              <Table.Th>{tx.services}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {affected.map((a) => (
              <Table.Tr key={a.tenant.id} data-tenant={a.tenant.code}>
                <Table.Td>
                  {a.tenant.code} {a.tenant.name}
                </Table.Td>
                <Table.Td>{a.services.map((s) => s.code).join(', ') || '-'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
