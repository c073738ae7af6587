import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, useSearch } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { BackupDeviceDetail } from './BackupDeviceDetail.tsx';
import { useDataplaneText, type DataplaneText } from './i18n.ts';
import type { BackupDevice } from './shared.tsx';

/** Equipment configuration backups: devices with last backup (JST) and drift; ?device=… for one. */
export default function BackupsPage() {
  const tx = useDataplaneText();
  const device = new URLSearchParams(useSearch()).get('device');
  return (
    <Stack gap="lg">
      {device ? <BackupDeviceDetail key={device} deviceId={device} tx={tx} /> : <Devices tx={tx} />}
    </Stack>
  );
}

export function DriftBadge({ d, tx }: { d: BackupDevice; tx: DataplaneText }) {
  if (d.drift)
    return (
      <Badge color="red" variant="filled" data-testid="drift-badge" data-drift="open">
        {tx.driftOpen}
      </Badge>
    );
  if (!d.latestVersion) return <Text size="sm">—</Text>;
  return (
    <Badge color="green" variant="light" data-testid="drift-badge" data-drift="none">
      {tx.driftNone}
    </Badge>
  );
}

function Devices({ tx }: { tx: DataplaneText }) {
  const list = useLoad((signal) => mgmtApi.GET('/api/v1/config-backups/devices', { signal }), []);
  return (
    <>
      <PageTitle title={tx.backupsTitle} lead={tx.backupsLead} />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={960}>
          <Table striped data-testid="backup-devices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.hostname}</Table.Th>
                <Table.Th>{tx.pop}</Table.Th>
                <Table.Th>{tx.driver}</Table.Th>
                <Table.Th>{tx.latestVersion}</Table.Th>
                <Table.Th>{tx.lastBackup}</Table.Th>
                <Table.Th>{tx.drift}</Table.Th>
                <Table.Th>{tx.pending}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>{tx.noDevices}</Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((d) => (
                <Table.Tr key={d.id} data-hostname={d.hostname}>
                  <Table.Td>
                    <Anchor size="sm" ff="monospace" {...linkProps(`/backups?device=${d.id}`)}>
                      {d.hostname}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {d.role}
                    </Text>
                  </Table.Td>
                  <Table.Td ff="monospace">{d.pop}</Table.Td>
                  <Table.Td>
                    {d.driver}
                    {!d.driverInstalled && (
                      <Text size="xs" c="red">
                        {tx.driverMissing}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{d.latestVersion ? `v${d.latestVersion.version}` : tx.noBackup}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {d.lastBackupAt ? formatInstant(d.lastBackupAt) : '—'}
                    {d.lastError && (
                      <Text size="xs" c="red" lineClamp={2} title={d.lastError}>
                        {d.lastError}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <DriftBadge d={d} tx={tx} />
                  </Table.Td>
                  <Table.Td>
                    {d.pendingChange ? (
                      <Anchor
                        size="sm"
                        ff="monospace"
                        {...linkProps(`/config-changes?id=${d.pendingChange.id}`)}
                      >
                        {d.pendingChange.number}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
