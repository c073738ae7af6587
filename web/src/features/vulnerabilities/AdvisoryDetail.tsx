import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { useVulnText } from './i18n.ts';
import { ManualModal } from './ManualModal.tsx';
import { MatchesTable } from './MatchesTable.tsx';
import { SeverityBadge } from './parts.tsx';

/** One advisory: what it covers, remediations, references and every matched item with its assessment. */
export function AdvisoryDetail({ id }: { id: string }) {
  const tx = useVulnText();
  const { can } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const d = useLoad(
    (signal) =>
      mgmtApi.GET('/api/v1/vulnerabilities/advisories/{advisoryId}', {
        params: { path: { advisoryId: id } },
        signal,
      }),
    [id],
  );
  const back = (
    <Anchor size="sm" {...linkProps('/vulnerabilities?tab=advisories')}>
      ← {tx.back}
    </Anchor>
  );
  if (d.state.status === 'loading') return <Loading />;
  if (d.state.status === 'error')
    return (
      <Stack>
        {back}
        <ProblemAlert problem={d.state.problem} onRetry={d.reload} />
      </Stack>
    );
  const a = d.state.data;
  return (
    <Stack gap="lg">
      {back}
      <div>
        <Group gap="sm">
          <Title order={2} data-testid="advisory-id">
            {a.externalId}
          </Title>
          <SeverityBadge severity={a.severity} score={a.cvssScore} tx={tx} />
          {a.cves.map((c) => (
            <Badge key={c} variant="outline" color="gray">
              {c}
            </Badge>
          ))}
        </Group>
        <Text fw={500}>{a.title}</Text>
        <Text size="xs" c="dimmed">
          {tx.publisher}: {a.publisher || '—'} · {tx.revision}:{' '}
          <span data-testid="advisory-revision">{revisionText(a.revision)}</span> · {a.source.toUpperCase()}
          {a.publishedAt ? ` · ${tx.published}: ${formatInstant(a.publishedAt)}` : ''}
          {a.modifiedAt ? ` · ${tx.modified}: ${formatInstant(a.modifiedAt)}` : ''} · {tx.importedAt}:{' '}
          {formatInstant(a.updatedAt)}
          {a.cvssVector ? ` · ${a.cvssVector}` : ''}
        </Text>
        {a.manual && can('vulnerabilities.manage') && (
          <Button size="xs" variant="light" mt="xs" onClick={() => setEditing(true)}>
            {tx.manual.edit}
          </Button>
        )}
      </div>
      {a.summary && (
        <Card withBorder padding="sm">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {a.summary}
          </Text>
        </Card>
      )}
      <Stack gap="xs">
        <Title order={4}>{tx.products}</Title>
        <Table verticalSpacing={4} data-testid="advisory-products">
          <Table.Tbody>
            {a.products.map((p, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  {p.vendor} {p.product}
                </Table.Td>
                <Table.Td ff="monospace">{p.versions}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={p.effect === 'affected' ? 'red' : 'green'}>
                    {tx.effect[p.effect]}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      {a.remediations.length > 0 && (
        <Stack gap="xs">
          <Title order={4}>{tx.remediations}</Title>
          <List size="sm">
            {a.remediations.map((r, i) => (
              <List.Item key={i}>
                [{r.category}] {r.details}{' '}
                {r.url && (
                  <Anchor href={r.url} target="_blank" rel="noreferrer">
                    {r.url}
                  </Anchor>
                )}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>
            {tx.tabs.exposures} ({a.matched} / {a.open})
          </Title>
          <Button size="xs" variant="subtle" onClick={d.reload}>
            ↻
          </Button>
        </Group>
        {message && (
          <Alert color="green" variant="light" withCloseButton onClose={() => setMessage(null)} role="status">
            {message}
          </Alert>
        )}
        <MatchesTable
          matches={a.matches}
          withAdvisory={false}
          onChanged={(m) => {
            setMessage(m);
            d.reload();
          }}
        />
      </Stack>
      {a.references.length > 0 && (
        <Stack gap="xs">
          <Title order={4}>{tx.references}</Title>
          <List size="sm">
            {a.references.map((r) => (
              <List.Item key={r.url}>
                <Anchor href={r.url} target="_blank" rel="noreferrer">
                  {r.summary || r.url}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
      {a.manual && (
        <ManualModal
          opened={editing}
          editing={{ id: a.id, manual: a.manual }}
          onClose={() => setEditing(false)}
          onSaved={(r) => {
            setEditing(false);
            setMessage(tx.manual.saved(r.advisory.externalId, r.matched));
            d.reload();
          }}
        />
      )}
    </Stack>
  );
}

/** OSV (and manual) revisions are timestamps: shown in JST like every date; CSAF's are version numbers. */
const revisionText = (r: string): string => (/^\d{4}-\d\d-\d\dT/.test(r) ? formatInstant(r) : r);
