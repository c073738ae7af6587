import { Button, FileInput, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import { useVulnText } from './i18n.ts';

type Imported = { outcome: string; matched: number; advisory: { id: string; externalId: string } };

/** Upload a CSAF 2.0 or OSV file (or paste it); the server detects the format and names what is wrong. */
export function ImportModal({
  opened,
  onClose,
  onImported,
}: {
  opened: boolean;
  onClose: () => void;
  onImported: (r: Imported) => void;
}) {
  const tx = useVulnText();
  const { busy, problem, run, clear } = useAction();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    clear();
    setText('');
    setFile(null);
    setParseError(null);
  }, [opened, clear]);
  const submit = async () => {
    setParseError(null);
    let doc: unknown;
    try {
      doc = JSON.parse(file ? await file.text() : text);
    } catch {
      setParseError(tx.notJson);
      return;
    }
    const r = await run(() =>
      mgmtApi.POST('/api/v1/vulnerabilities/advisories/import', {
        body: { document: doc as Record<string, unknown> },
      }),
    );
    if (r) onImported(r.data);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={tx.importTitle} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{tx.importLead}</Text>
          <FileInput
            label={tx.file}
            accept=".json,application/json"
            value={file}
            onChange={setFile}
            clearable
            data-testid="import-file"
          />
          <Textarea
            label={tx.paste}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            disabled={file !== null}
            autosize
            minRows={4}
            maxRows={12}
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          />
          {parseError && (
            <Text c="red" size="sm" role="alert">
              {parseError}
            </Text>
          )}
          <ProblemAlert problem={problem} />
          {problem?.errors && (
            <Stack gap={2}>
              {problem.errors.map((e) => (
                <Text key={e.field} size="xs" c="red" ff="monospace">
                  {e.field}: {e.message}
                </Text>
              ))}
            </Stack>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={busy} disabled={!file && !text.trim()}>
              {tx.import}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
