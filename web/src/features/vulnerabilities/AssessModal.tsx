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
  Timeline,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { ASSESS_STATES, type AssessState, type Match } from './api.ts';
import { useVulnText } from './i18n.ts';

/** Assess one match: the state, a justification, the remediating change record, a due date; with its history. */
export function AssessModal({
  match,
  onClose,
  onSaved,
}: {
  match: Match | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const tx = useVulnText();
  const { busy, problem, run, fieldError, clear } = useAction();
  const [state, setState] = useState<AssessState>('affected');
  const [justification, setJustification] = useState('');
  const [changeId, setChangeId] = useState<string | null>(null);
  const [due, setDue] = useState('');
  useEffect(() => {
    if (!match) return;
    clear();
    setState(match.state === 'new' ? 'affected' : match.state);
    setJustification(match.justification);
    setChangeId(match.change?.id ?? null);
    setDue('');
  }, [match, clear]);
  const changes = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/config-changes', {
        params: { query: { limit: 50, ...(match?.item.deviceId ? { deviceId: match.item.deviceId } : {}) } },
        signal,
      }),
    [match?.item.deviceId],
  );
  if (!match) return null;
  const changeOptions = [
    { value: '', label: tx.changeNone },
    ...(changes.state.status === 'ready' ? (changes.state.data ?? []) : []).map((c) => ({
      value: c.id,
      label: `${c.number} ${c.title}`,
    })),
  ];
  if (match.change && !changeOptions.some((o) => o.value === match.change!.id))
    changeOptions.push({ value: match.change.id, label: match.change.number });
  const submit = async () => {
    const r = await run(() =>
      mgmtApi.POST('/api/v1/vulnerabilities/matches/{matchId}/assessments', {
        params: { path: { matchId: match.id } },
        body: { state, justification, changeId: changeId || null, ...(due ? { dueDate: due } : {}) },
      }),
    );
    if (r) onSaved();
  };
  return (
    <Modal opened onClose={onClose} title={tx.assessTitle} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm" fw={500}>
            {tx.assessFor(`${match.item.label} (${match.versionSeen})`, match.advisory.externalId)}
          </Text>
          <SegmentedControl
            value={state}
            onChange={(v) => setState(v)}
            data={ASSESS_STATES.map((s) => ({ value: s, label: tx.states[s] }))}
            data-testid="assess-state"
          />
          <Textarea
            label={tx.justification}
            description={tx.justificationHelp}
            value={justification}
            onChange={(e) => setJustification(e.currentTarget.value)}
            error={fieldError('justification')}
            withAsterisk={state === 'not_affected' || state === 'mitigated'}
            autosize
            minRows={2}
            maxLength={4000}
          />
          <Select
            label={tx.changeId}
            data={changeOptions}
            value={changeId ?? ''}
            onChange={(v) => setChangeId(v || null)}
            searchable
            error={fieldError('changeId')}
          />
          <TextInput
            type="date"
            label={tx.dueOverride}
            value={due}
            onChange={(e) => setDue(e.currentTarget.value)}
            w={220}
            error={fieldError('dueDate')}
          />
          <ProblemAlert problem={problem} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {tx.save}
            </Button>
          </Group>
          <History matchId={match.id} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Who assessed what, when and why (oldest first). */
function History({ matchId }: { matchId: string }) {
  const tx = useVulnText();
  const detail = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/vulnerabilities/matches/{matchId}', { params: { path: { matchId } }, signal }),
    [matchId],
  );
  const history = detail.state.status === 'ready' ? detail.state.data.history : [];
  return (
    <>
      <Text size="sm" fw={600}>
        {tx.history}
      </Text>
      {history.length === 0 ? (
        <Text size="sm" c="dimmed">
          {tx.noHistory}
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {history.map((h, i) => (
            <Timeline.Item key={i} title={`${tx.states[h.state]} — ${h.assessedBy?.name ?? ''}`}>
              <Text size="xs" c="dimmed">
                {formatInstant(h.assessedAt)}
                {h.change ? ` · ${h.change.number}` : ''}
                {h.dueDate ? ` · ${tx.due} ${h.dueDate}` : ''}
              </Text>
              {h.justification && <Text size="sm">{h.justification}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </>
  );
}
