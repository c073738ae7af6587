import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { ordered, type ClauseAssessment } from './api.ts';
import type { ComplianceText } from './i18n.ts';
import { ComplianceStatus } from './parts.tsx';

type Lang = 'ja' | 'en';

/** Staff edit the provider's statement per clause (and the ten principles); reset goes back to the default. */
export default function StatementsTab({ tx, lang }: { tx: ComplianceText; lang: Lang }) {
  const load = useLoad((signal) => mgmtApi.GET('/api/v1/compliance/assessment', { signal }));
  const [editing, setEditing] = useState<ClauseAssessment | null>(null);
  const [saved, setSaved] = useState(false);
  if (load.state.status === 'loading') return <Loading />;
  if (load.state.status === 'error')
    return <ProblemAlert problem={load.state.problem} onRetry={load.reload} />;
  const { clauses, principles } = ordered(load.state.data.clauses);
  return (
    <Stack gap="md">
      {saved && (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setSaved(false)}>
          {tx.saved}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={820}>
        <Table data-testid="statement-editor">
          <Table.Tbody>
            {[...clauses, ...principles].map((c) => (
              <Table.Tr key={c.clause}>
                <Table.Td w={110}>
                  <Text size="sm" fw={600}>
                    {c.clause}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {c.section}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {c.title[lang]}{' '}
                    {c.edited && (
                      <Badge size="xs" variant="light">
                        {tx.edited}
                      </Badge>
                    )}
                  </Text>
                  <Text size="xs" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
                    {c.statement[lang]}
                  </Text>
                </Table.Td>
                <Table.Td w={110}>
                  <ComplianceStatus status={c.status} tx={tx} />
                </Table.Td>
                <Table.Td w={90}>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setEditing(c)}
                    aria-label={`${tx.edit} ${c.clause}`}
                  >
                    {tx.edit}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? `${editing.clause} ${editing.title[lang]}` : ''}
        size="xl"
      >
        {editing && (
          <StatementForm
            c={editing}
            tx={tx}
            onDone={() => {
              setEditing(null);
              setSaved(true);
              load.reload();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function StatementForm({ c, tx, onDone }: { c: ClauseAssessment; tx: ComplianceText; onDone: () => void }) {
  const [ja, setJa] = useState(c.statement.ja);
  const [en, setEn] = useState(c.statement.en);
  const action = useAction();
  const path = { params: { path: { clause: c.clause } } };
  const save = async () => {
    if (
      await action.run(() =>
        mgmtApi.PUT('/api/v1/compliance/clauses/{clause}/statement', { ...path, body: { ja, en } }),
      )
    )
      onDone();
  };
  const reset = async () => {
    if (await action.run(() => mgmtApi.DELETE('/api/v1/compliance/clauses/{clause}/statement', path)))
      onDone();
  };
  return (
    <Stack gap="sm">
      {action.problem && <ProblemAlert problem={action.problem} />}
      <Textarea
        label={tx.textJa}
        value={ja}
        onChange={(e) => setJa(e.currentTarget.value)}
        autosize
        minRows={4}
        error={action.fieldError('ja')}
      />
      <Textarea
        label={tx.textEn}
        value={en}
        onChange={(e) => setEn(e.currentTarget.value)}
        autosize
        minRows={4}
        error={action.fieldError('en')}
      />
      <Group justify="space-between">
        <Button
          variant="subtle"
          color="gray"
          onClick={() => void reset()}
          disabled={!c.edited || action.busy}
        >
          {tx.resetDefault}
        </Button>
        <Button onClick={() => void save()} loading={action.busy}>
          {tx.save}
        </Button>
      </Group>
    </Stack>
  );
}
