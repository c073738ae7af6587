import { Anchor, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { DEVICE_STATUSES, ROLES, type DeviceRole, type DeviceStatus } from './api.ts';
import { DeviceForm } from './forms-device.tsx';
import { useNetworkText } from './i18n.ts';
import { DeviceStatusBadge, RoleBadge } from './parts.tsx';

/** The device list with filters (PoP, role, status, search) and the registration form. */
export function DevicesTab({ initialPop }: { initialPop: string | null }) {
  const nt = useNetworkText();
  const { can } = useSession();
  const [popId, setPopId] = useState<string | null>(initialPop);
  const [role, setRole] = useState<DeviceRole | null>(null);
  const [status, setStatus] = useState<DeviceStatus | null>(null);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const pops = useLoad((signal) => mgmtApi.GET('/api/v1/network/pops', { signal }));
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/network/devices', {
        params: {
          query: {
            ...(popId ? { popId } : {}),
            ...(role ? { role } : {}),
            ...(status ? { status } : {}),
            ...(q.trim() ? { q: q.trim() } : {}),
          },
        },
        signal,
      }),
    [popId, role, status, q],
  );
  const popData =
    pops.state.status === 'ready' ? pops.state.data.map((p) => ({ value: p.id, label: p.code })) : [];
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <Select
            label={nt.pop}
            placeholder={nt.allPops}
            data={popData}
            value={popId}
            onChange={setPopId}
            clearable
            w={150}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={nt.role}
            placeholder={nt.allRoles}
            data={ROLES.map((r) => ({ value: r, label: nt.roles[r] }))}
            value={role}
            onChange={(v) => setRole(v)}
            clearable
            w={170}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={nt.status}
            placeholder={nt.allStatuses}
            data={DEVICE_STATUSES.map((s) => ({ value: s, label: nt.deviceStatuses[s] }))}
            value={status}
            onChange={(v) => setStatus(v)}
            clearable
            w={150}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label={nt.search}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={280}
            maxLength={100}
          />
        </Group>
        {can('network.manage') && <Button onClick={() => setCreating(true)}>{nt.newDevice}</Button>}
      </Group>
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="devices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{nt.hostname}</Table.Th>
                <Table.Th>{nt.pop}</Table.Th>
                <Table.Th>{nt.role}</Table.Th>
                <Table.Th>
                  {nt.vendor} / {nt.model}
                </Table.Th>
                <Table.Th>{nt.osVersion}</Table.Th>
                <Table.Th>{nt.mgmtAddress}</Table.Th>
                <Table.Th ta="right">{nt.portsCount}</Table.Th>
                <Table.Th>{nt.status}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={8}>
                    <Text c="dimmed">{nt.noDevices}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((d) => (
                <Table.Tr key={d.id} data-hostname={d.hostname}>
                  <Table.Td ff="monospace">
                    <Anchor {...linkProps(`/network?device=${encodeURIComponent(d.id)}`)}>
                      {d.hostname}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{d.pop.code}</Table.Td>
                  <Table.Td>
                    <RoleBadge role={d.role} />
                  </Table.Td>
                  <Table.Td>
                    {d.vendor} {d.model}
                  </Table.Td>
                  <Table.Td>{d.osVersion}</Table.Td>
                  <Table.Td ff="monospace">{d.mgmtAddress}</Table.Td>
                  <Table.Td ta="right">{d.portCount}</Table.Td>
                  <Table.Td>
                    <DeviceStatusBadge status={d.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={nt.newDevice} size="lg">
        {creating && (
          <DeviceForm
            onDone={(d) => {
              setCreating(false);
              navigate(`/network?device=${encodeURIComponent(d.id)}&created=1`);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
