import { Anchor, Button, Card, Group, MultiSelect, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, navigate } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import type { DataplaneText } from './i18n.ts';

type Risk = 'low' | 'medium' | 'high';

/** Pick devices, name the change and (optionally now) assess the risk: the server computes diff and impact. */
export function PrepareForm({ tx }: { tx: DataplaneText }) {
  const devices = useLoad((signal) => mgmtApi.GET('/api/v1/config-backups/devices', { signal }), []);
  const [picked, setPicked] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [risk, setRisk] = useState<Risk | null>(null);
  const [assessment, setAssessment] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const r = await run(() =>
      mgmtApi.POST('/api/v1/config-changes', {
        body: {
          title,
          deviceIds: picked,
          ...(risk ? { riskLevel: risk } : {}),
          ...(assessment.trim() ? { riskAssessment: assessment } : {}),
        },
      }),
    );
    if (r) navigate(`/config-changes?id=${r.data.id}`);
  };
  return (
    <>
      <Anchor size="sm" {...linkProps('/config-changes')}>
        ← {tx.back}
      </Anchor>
      <PageTitle title={tx.prepareTitle} lead={tx.prepareLead} />
      {devices.state.status === 'loading' && <Loading />}
      {devices.state.status === 'error' && (
        <ProblemAlert problem={devices.state.problem} onRetry={devices.reload} />
      )}
      {devices.state.status === 'ready' && (
        <Card withBorder radius="md" padding="md" maw={760}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Stack>
              <MultiSelect
                label={tx.pickDevices}
                description={tx.pickDevicesHelp}
                data={devices.state.data.map((d) => ({
                  value: d.id,
                  label: `${d.hostname} (${d.pop} · ${d.driver}${d.driverInstalled ? '' : ` · ${tx.driverMissing}`})`,
                  disabled: !d.driverInstalled,
                }))}
                value={picked}
                onChange={setPicked}
                error={fieldError('deviceIds')}
                searchable
                required
                comboboxProps={{ withinPortal: true }}
                data-testid="pick-devices"
              />
              <TextInput
                label={tx.title}
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                error={fieldError('title')}
                maxLength={200}
                required
              />
              <Select
                label={tx.riskLevel}
                value={risk}
                onChange={(v) => setRisk(v)}
                data={(['low', 'medium', 'high'] as const).map((r) => ({ value: r, label: tx.risks[r] }))}
                clearable
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
                <Button type="submit" loading={busy} disabled={!picked.length || !title.trim()}>
                  {tx.computeDiff}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </>
  );
}
