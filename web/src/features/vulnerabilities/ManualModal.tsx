import {
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import { useVulnText } from './i18n.ts';
import { emptyForm, LEVELS, toBody, toForm, type ManualBody, type ManualForm } from './manual-form.ts';
import { ManualProducts, ManualReferences } from './ManualProducts.tsx';

type Saved = { outcome: string; matched: number; advisory: { id: string; externalId: string } };

/**
 * Enter an advisory by hand, or edit one entered by hand (`editing`: its id and its entry as the
 * API returns it). Imported CSAF/OSV advisories are not edited here: a newer revision replaces them.
 */
export function ManualModal({
  opened,
  editing,
  onClose,
  onSaved,
}: {
  opened: boolean;
  editing?: { id: string; manual: ManualBody } | null;
  onClose: () => void;
  onSaved: (r: Saved) => void;
}) {
  const all = useVulnText();
  const tx = all.manual;
  const { busy, problem, run, fieldError, clear } = useAction();
  const [f, setF] = useState<ManualForm>(emptyForm);
  // the form is filled when it opens, not again while it is open (the parent may re-render)
  const source = useRef(editing);
  source.current = editing;
  useEffect(() => {
    if (!opened) return;
    clear();
    const e = source.current;
    setF(e ? toForm(e.manual) : emptyForm());
  }, [opened, clear]);
  const set = (patch: Partial<ManualForm>) => setF((x) => ({ ...x, ...patch }));
  const submit = async () => {
    const body = toBody(f);
    const r = await run(() =>
      editing
        ? mgmtApi.PUT('/api/v1/vulnerabilities/advisories/{advisoryId}', {
            params: { path: { advisoryId: editing.id } },
            body: (({ externalId: _, ...rest }) => rest)(body),
          })
        : mgmtApi.POST('/api/v1/vulnerabilities/advisories', { body }),
    );
    if (r) onSaved(r.data);
  };
  // a field the form does not show (e.g. the whole body) still gets its message in the alert
  const shown =
    /^\/body\/(externalId|title|summary|cves|cvssVector|severity|products|remediation|references)/;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? tx.editTitle(editing.manual.externalId) : tx.createTitle}
      size="xl"
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        data-testid="manual-advisory-form"
      >
        <Stack gap="sm">
          <Text size="sm">{tx.lead}</Text>
          <Group grow align="flex-start">
            <TextInput
              label={tx.externalId}
              description={tx.externalIdHelp}
              required
              disabled={!!editing}
              value={f.externalId}
              onChange={(e) => set({ externalId: e.currentTarget.value })}
              error={fieldError('externalId')}
            />
            <TextInput
              label={tx.cves}
              description={tx.cvesHelp}
              value={f.cves}
              onChange={(e) => set({ cves: e.currentTarget.value })}
              error={fieldError('cves')}
            />
          </Group>
          <TextInput
            label={tx.title}
            required
            value={f.title}
            onChange={(e) => set({ title: e.currentTarget.value })}
            error={fieldError('title')}
          />
          <Textarea
            label={tx.summary}
            autosize
            minRows={2}
            maxRows={6}
            value={f.summary}
            onChange={(e) => set({ summary: e.currentTarget.value })}
            error={fieldError('summary')}
          />
          <Stack gap={4}>
            <Text fw={500} size="sm">
              {tx.scoring}
            </Text>
            <SegmentedControl
              value={f.scoring}
              onChange={(v) => set({ scoring: v })}
              data={[
                { value: 'vector', label: tx.byVector },
                { value: 'severity', label: tx.bySeverity },
              ]}
              style={{ alignSelf: 'flex-start' }}
            />
            {f.scoring === 'vector' ? (
              <TextInput
                aria-label={tx.cvssVector}
                placeholder="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
                value={f.cvssVector}
                onChange={(e) => set({ cvssVector: e.currentTarget.value })}
                error={fieldError('cvssVector')}
                styles={{ input: { fontFamily: 'monospace' } }}
              />
            ) : (
              <Select
                aria-label={all.severity}
                data={LEVELS.map((s) => ({ value: s, label: all.severities[s] }))}
                value={f.severity}
                onChange={(v) => v && set({ severity: v })}
                allowDeselect={false}
                w={200}
              />
            )}
          </Stack>
          <ManualProducts
            rows={f.products}
            onChange={(products) => set({ products })}
            fieldError={fieldError}
            tx={tx}
          />
          <Textarea
            label={tx.remediation}
            autosize
            minRows={2}
            maxRows={6}
            value={f.remediation}
            onChange={(e) => set({ remediation: e.currentTarget.value })}
            error={fieldError('remediation')}
          />
          <ManualReferences
            rows={f.references}
            onChange={(references) => set({ references })}
            fieldError={fieldError}
            tx={tx}
          />
          <ProblemAlert problem={problem} />
          {problem?.errors
            ?.filter((e) => !shown.test(e.field))
            .map((e) => (
              <Text key={e.field} size="xs" c="red" ff="monospace">
                {e.field}: {e.message}
              </Text>
            ))}
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {tx.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
