import { Alert, Anchor, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { asProblem } from '../../api/client.ts';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { DriftBadge } from './BackupsPage.tsx';
import { RestoreForm, VersionFiles } from './BackupForms.tsx';
import type { DataplaneText } from './i18n.ts';
import { DiffView, type BackupDevice, type BackupVersion } from './shared.tsx';

/** One device: its drift, its versions, a diff between any two, back up now, restore. */
export function BackupDeviceDetail({ deviceId, tx }: { deviceId: string; tx: DataplaneText }) {
  const { can } = useSession();
  const devices = useLoad((signal) => mgmtApi.GET('/api/v1/config-backups/devices', { signal }), []);
  const versions = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/config-backups/devices/{deviceId}/versions', {
        params: { path: { deviceId } },
        signal,
      }),
    [deviceId],
  );
  const [message, setMessage] = useState<string | null>(null);
  const backup = useAction();
  const device =
    devices.state.status === 'ready' ? devices.state.data.find((d) => d.id === deviceId) : undefined;
  const runNow = async () => {
    setMessage(null);
    const r = await backup.run(() =>
      mgmtApi.POST('/api/v1/config-backups/devices/{deviceId}/run', {
        params: { path: { deviceId } },
        body: {},
      }),
    );
    if (r) {
      setMessage(
        r.data.ok || r.data.version !== null
          ? tx.backupDone(r.data.version, r.data.newVersion)
          : (r.data.error ?? ''),
      );
      devices.reload();
      versions.reload();
    }
  };
  return (
    <>
      <Anchor size="sm" {...linkProps('/backups')}>
        ← {tx.backupsTitle}
      </Anchor>
      {(devices.state.status === 'loading' || versions.state.status === 'loading') && <Loading />}
      {devices.state.status === 'error' && (
        <ProblemAlert problem={devices.state.problem} onRetry={devices.reload} />
      )}
      {versions.state.status === 'error' && (
        <ProblemAlert problem={versions.state.problem} onRetry={versions.reload} />
      )}
      {device && (
        <>
          <Group justify="space-between" align="flex-end">
            <PageTitle
              title={device.hostname}
              lead={`${device.pop} · ${device.role} · ${tx.driver}: ${device.driver} · ${tx.lastBackup}: ${
                device.lastBackupAt ? formatInstant(device.lastBackupAt) : '—'
              }`}
            />
            <Group gap="xs">
              <DriftBadge d={device} tx={tx} />
              {can('network.manage') && (
                <Button
                  variant="light"
                  loading={backup.busy}
                  onClick={() => void runNow()}
                  data-testid="backup-now"
                >
                  {tx.backupNow}
                </Button>
              )}
            </Group>
          </Group>
          {message && (
            <Alert
              color="green"
              variant="light"
              withCloseButton
              onClose={() => setMessage(null)}
              role="status"
            >
              {message}
            </Alert>
          )}
          <ProblemAlert problem={backup.problem} />
          {device.lastError && (
            <Alert color="red" variant="light">
              {device.lastError}
            </Alert>
          )}
          {device.drift && <Drift device={device} tx={tx} canManage={can('network.manage')} />}
        </>
      )}
      {versions.state.status === 'ready' && device && (
        <Versions device={device} versions={versions.state.data} tx={tx} canManage={can('network.manage')} />
      )}
    </>
  );
}

function Drift({ device, tx, canManage }: { device: BackupDevice; tx: DataplaneText; canManage: boolean }) {
  const driftId = device.drift!.id;
  const drift = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/config-backups/drifts/{id}', { params: { path: { id: driftId } }, signal }),
    [driftId],
  );
  const [confirm, setConfirm] = useState(false);
  const toChange = async () => {
    const r = await mgmtApi.POST('/api/v1/config-backups/drifts/{id}/change', {
      params: { path: { id: driftId } },
      body: {},
    });
    if (!r.response.ok || !r.data) return asProblem(r.error, r.response.status);
    navigate(`/config-changes?id=${r.data.id}`);
    return null;
  };
  return (
    <Card withBorder radius="md" padding="md" style={{ borderColor: 'var(--mantine-color-red-4)' }}>
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Title order={3} size="h4">
            {tx.driftTitle}
          </Title>
          <Text size="sm" c="dimmed">
            {tx.driftLead(formatInstant(device.drift!.detectedAt))}
          </Text>
        </div>
        {canManage && (
          <Button color="red" variant="light" onClick={() => setConfirm(true)} data-testid="drift-to-change">
            {tx.driftToChange}
          </Button>
        )}
      </Group>
      {drift.state.status === 'loading' && <Loading />}
      {drift.state.status === 'error' && (
        <ProblemAlert problem={drift.state.problem} onRetry={drift.reload} />
      )}
      {drift.state.status === 'ready' && <DiffView diff={drift.state.data.diff} empty={tx.noDiff} />}
      <ConfirmDialog
        opened={confirm}
        onClose={() => setConfirm(false)}
        title={tx.driftToChange}
        message={tx.driftToChangeHelp}
        confirmLabel={tx.driftToChange}
        onConfirm={toChange}
      />
    </Card>
  );
}

function Versions({
  device,
  versions,
  tx,
  canManage,
}: {
  device: BackupDevice;
  versions: BackupVersion[];
  tx: DataplaneText;
  canManage: boolean;
}) {
  const [from, setFrom] = useState<string | null>(versions[1]?.id ?? null);
  const [to, setTo] = useState<string | null>(versions[0]?.id ?? null);
  const [restore, setRestore] = useState<BackupVersion | null>(null);
  const [view, setView] = useState<BackupVersion | null>(null);
  useEffect(() => {
    setFrom(versions[1]?.id ?? null);
    setTo(versions[0]?.id ?? null);
  }, [versions]);
  const diff = useLoad(
    (signal) =>
      from && to && from !== to
        ? mgmtApi.GET('/api/v1/config-backups/diff', { params: { query: { from, to } }, signal })
        : Promise.resolve({ data: null, response: new Response(null, { status: 200 }) }),
    [from, to],
  );
  const options = versions.map((v) => ({
    value: v.id,
    label: `v${v.version} · ${formatInstant(v.fetchedAt)}`,
  }));
  return (
    <>
      <Card withBorder radius="md" padding="md">
        <Title order={3} size="h4" mb="sm">
          {tx.versions}
        </Title>
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="backup-versions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.version}</Table.Th>
                <Table.Th>{tx.fetchedAt}</Table.Th>
                <Table.Th>{tx.lastSeenAt}</Table.Th>
                <Table.Th>{tx.source}</Table.Th>
                <Table.Th>{tx.sha}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>{tx.noVersions}</Table.Td>
                </Table.Tr>
              )}
              {versions.map((v) => (
                <Table.Tr key={v.id} data-version={v.version}>
                  <Table.Td ff="monospace">v{v.version}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(v.fetchedAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(v.lastSeenAt)}</Table.Td>
                  <Table.Td>{tx.sources[v.source]}</Table.Td>
                  <Table.Td ff="monospace">{v.sha256.slice(0, 12)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-sm" variant="subtle" onClick={() => setView(v)}>
                        {tx.view}
                      </Button>
                      {canManage && v.id !== versions[0]?.id && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="orange"
                          onClick={() => setRestore(v)}
                        >
                          {tx.restore}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {versions.length > 1 && (
        <Card withBorder radius="md" padding="md">
          <Title order={3} size="h4" mb="sm">
            {tx.compare}
          </Title>
          <Stack>
            <Group>
              <Select
                label={tx.compareFrom}
                data={options}
                value={from}
                onChange={setFrom}
                w={320}
                allowDeselect={false}
              />
              <Select
                label={tx.compareTo}
                data={options}
                value={to}
                onChange={setTo}
                w={320}
                allowDeselect={false}
              />
            </Group>
            {diff.state.status === 'loading' && <Loading />}
            {diff.state.status === 'error' && (
              <ProblemAlert problem={diff.state.problem} onRetry={diff.reload} />
            )}
            {diff.state.status === 'ready' && (
              <DiffView diff={diff.state.data?.diff ?? ''} empty={tx.noDiff} />
            )}
          </Stack>
        </Card>
      )}
      <RestoreForm device={device} version={restore} tx={tx} onClose={() => setRestore(null)} />
      <VersionFiles version={view} tx={tx} onClose={() => setView(null)} />
    </>
  );
}
