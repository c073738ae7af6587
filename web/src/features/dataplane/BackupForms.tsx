import { Button, Code, Group, Modal, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { navigate } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import type { DataplaneText } from './i18n.ts';
import type { BackupDevice, BackupVersion } from './shared.tsx';

type Risk = 'low' | 'medium' | 'high';

/** Prepares a restore change record for a version (approved and executed like any change). */
export function RestoreForm({
  device,
  version,
  tx,
  onClose,
}: {
  device: BackupDevice;
  version: BackupVersion | null;
  tx: DataplaneText;
  onClose: () => void;
}) {
  const [risk, setRisk] = useState<Risk | null>('medium');
  const [assessment, setAssessment] = useState('');
  const { busy, problem, run, fieldError, clear } = useAction();
  useEffect(() => {
    setRisk('medium');
    setAssessment('');
    clear();
  }, [version, clear]);
  const submit = async () => {
    if (!version) return;
    const r = await run(() =>
      mgmtApi.POST('/api/v1/config-backups/versions/{id}/restore', {
        params: { path: { id: version.id } },
        body: {
          ...(risk ? { riskLevel: risk } : {}),
          ...(assessment.trim() ? { riskAssessment: assessment } : {}),
        },
      }),
    );
    if (r) navigate(`/config-changes?id=${r.data.id}`);
  };
  return (
    <Modal
      opened={version !== null}
      onClose={onClose}
      title={version ? tx.restoreTitle(version.version) : ''}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{tx.restoreHelp}</Text>
          <Text size="sm" fw={500} ff="monospace">
            {device.hostname} · v{version?.version}
          </Text>
          <Select
            label={tx.riskLevel}
            value={risk}
            onChange={(v) => setRisk(v)}
            data={(['low', 'medium', 'high'] as const).map((r) => ({ value: r, label: tx.risks[r] }))}
            w={200}
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label={tx.riskAssessment}
            description={tx.riskHelp}
            value={assessment}
            onChange={(e) => setAssessment(e.currentTarget.value)}
            error={fieldError('riskAssessment')}
            autosize
            minRows={3}
            maxLength={4000}
          />
          <ProblemAlert problem={problem} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy} color="orange">
              {tx.restore}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The files of one version as stored (secrets redacted). */
export function VersionFiles({
  version,
  tx,
  onClose,
}: {
  version: BackupVersion | null;
  tx: DataplaneText;
  onClose: () => void;
}) {
  const id = version?.id ?? null;
  const v = useLoad(
    (signal) =>
      id
        ? mgmtApi.GET('/api/v1/config-backups/versions/{id}', { params: { path: { id } }, signal })
        : Promise.resolve({ data: null, response: new Response(null, { status: 200 }) }),
    [id],
  );
  return (
    <Modal
      opened={version !== null}
      onClose={onClose}
      title={version ? `${tx.files} · v${version.version}` : ''}
      size="xl"
    >
      {v.state.status === 'loading' && <Loading />}
      {v.state.status === 'error' && <ProblemAlert problem={v.state.problem} onRetry={v.reload} />}
      {v.state.status === 'ready' && v.state.data && (
        <Stack>
          {Object.entries(v.state.data.files).map(([name, text]) => (
            <div key={name}>
              <Title order={4} size="h6" ff="monospace" mb={4}>
                {name}
              </Title>
              <Code block style={{ fontSize: 12, maxHeight: 320, overflow: 'auto' }}>
                {text}
              </Code>
            </div>
          ))}
        </Stack>
      )}
    </Modal>
  );
}
