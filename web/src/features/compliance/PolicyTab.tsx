import { Alert, Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { PolicyDetail } from './api.ts';
import type { ComplianceText } from './i18n.ts';

/** Staff edit the security policy page (5.1.1): text in ja and en and the link to the full policy. */
export default function PolicyTab({ tx }: { tx: ComplianceText; lang: 'ja' | 'en' }) {
  const load = useLoad((signal) => mgmtApi.GET('/api/v1/compliance/policy', { signal }));
  if (load.state.status === 'loading') return <Loading />;
  if (load.state.status === 'error')
    return <ProblemAlert problem={load.state.problem} onRetry={load.reload} />;
  return <PolicyForm p={load.state.data} tx={tx} onSaved={load.reload} />;
}

function PolicyForm({ p, tx, onSaved }: { p: PolicyDetail; tx: ComplianceText; onSaved: () => void }) {
  const [ja, setJa] = useState(p.text.ja);
  const [en, setEn] = useState(p.text.en);
  const [url, setUrl] = useState(p.url ?? '');
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    setJa(p.text.ja);
    setEn(p.text.en);
    setUrl(p.url ?? '');
  }, [p]);
  const save = async () => {
    const body = { text: { ja, en }, url: url.trim() || null };
    if (await action.run(() => mgmtApi.PUT('/api/v1/compliance/policy', { body }))) {
      setSaved(true);
      onSaved();
    }
  };
  const reset = async () => {
    if (await action.run(() => mgmtApi.DELETE('/api/v1/compliance/policy'))) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <Section title={tx.policyText} lead={tx.policyPreview}>
      <Stack gap="sm" data-testid="policy-editor">
        <Text size="xs" c="dimmed">
          {p.edited && p.updatedAt
            ? tx.policyEdited(formatInstant(p.updatedAt), p.updatedBy?.name ?? '')
            : tx.policyDefault}
        </Text>
        {saved && (
          <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setSaved(false)}>
            {tx.saved}
          </Alert>
        )}
        {action.problem && <ProblemAlert problem={action.problem} />}
        <Textarea
          label={tx.textJa}
          value={ja}
          onChange={(e) => setJa(e.currentTarget.value)}
          autosize
          minRows={5}
          error={action.fieldError('text')}
        />
        <Textarea
          label={tx.textEn}
          value={en}
          onChange={(e) => setEn(e.currentTarget.value)}
          autosize
          minRows={5}
        />
        <TextInput
          label={tx.policyUrl}
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={action.fieldError('url')}
        />
        <Group justify="space-between">
          <Button
            variant="subtle"
            color="gray"
            onClick={() => void reset()}
            disabled={!p.edited || action.busy}
          >
            {tx.resetDefault}
          </Button>
          <Button onClick={() => void save()} loading={action.busy}>
            {tx.save}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}
