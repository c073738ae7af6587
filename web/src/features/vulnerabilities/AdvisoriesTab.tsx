import { Alert, Anchor, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { advisoryUrl, type Severity } from './api.ts';
import { useVulnText } from './i18n.ts';
import { ImportModal } from './ImportModal.tsx';
import { ManualModal } from './ManualModal.tsx';
import { SeverityBadge } from './parts.tsx';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

/** Advisories, newest first: search, severity filter, import and re-match. */
export function AdvisoriesTab() {
  const tx = useVulnText();
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [importing, setImporting] = useState(false);
  const [entering, setEntering] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const rematch = useAction();
  const list = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/vulnerabilities/advisories', {
        params: { query: { ...(q.trim() ? { q: q.trim() } : {}), ...(severity ? { severity } : {}) } },
        signal,
      }),
    [q, severity],
  );
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group>
          <TextInput
            placeholder={tx.search}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={260}
          />
          <Select
            placeholder={tx.allSeverities}
            data={SEVERITIES.map((s) => ({ value: s, label: tx.severities[s] }))}
            value={severity}
            onChange={(v) => setSeverity(v)}
            clearable
            w={180}
          />
        </Group>
        {can('vulnerabilities.manage') && (
          <Group>
            <Button
              variant="default"
              loading={rematch.busy}
              onClick={() =>
                void rematch
                  .run(() => mgmtApi.POST('/api/v1/vulnerabilities/rematch'))
                  .then((r) => {
                    if (r) {
                      setMessage(tx.rematched(r.data.current));
                      list.reload();
                    }
                  })
              }
            >
              {tx.rematch}
            </Button>
            <Button variant="default" onClick={() => setEntering(true)}>
              {tx.manual.add}
            </Button>
            <Button onClick={() => setImporting(true)}>{tx.import}</Button>
          </Group>
        )}
      </Group>
      {message && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setMessage(null)} role="status">
          {message}
        </Alert>
      )}
      <ProblemAlert problem={rematch.problem} />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped verticalSpacing="xs" data-testid="advisories">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.id}</Table.Th>
                <Table.Th>{tx.advisoryTitle}</Table.Th>
                <Table.Th>{tx.severity}</Table.Th>
                <Table.Th>{tx.matched}</Table.Th>
                <Table.Th>{tx.source}</Table.Th>
                <Table.Th>{tx.importedAt}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" size="sm" py="sm">
                      {tx.noAdvisories}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((a) => (
                <Table.Tr key={a.id} data-testid={`advisory-${a.externalId}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor size="sm" {...linkProps(advisoryUrl(a.id))}>
                      {a.externalId}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {a.cves.join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.title}</Text>
                  </Table.Td>
                  <Table.Td>
                    <SeverityBadge severity={a.severity} score={a.cvssScore} tx={tx} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {a.matched} / {a.open}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{a.source.toUpperCase()}</Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="xs">{formatInstant(a.importedAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ImportModal
        opened={importing}
        onClose={() => setImporting(false)}
        onImported={(r) => {
          setImporting(false);
          setMessage(tx.imported(r.advisory.externalId, r.matched, r.outcome));
          list.reload();
        }}
      />
      <ManualModal
        opened={entering}
        onClose={() => setEntering(false)}
        onSaved={(r) => {
          setEntering(false);
          setMessage(tx.manual.saved(r.advisory.externalId, r.matched));
          list.reload();
        }}
      />
    </Stack>
  );
}
