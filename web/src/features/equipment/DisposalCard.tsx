import { Anchor, Badge, Button, Card, FileInput, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { itemUrl, type Disposal } from './api.ts';
import { useEquipmentText } from './i18n.ts';
import { fileBase64 } from './parts.tsx';

type EvidenceKind = 'certificate' | 'wipe_log' | 'other';

/**
 * One disposal or reuse record: what, how, who did it and who verified it, the evidence (each
 * file downloadable; downloads are audited), and while open: attach evidence, complete, cancel.
 */
export function DisposalCard({
  d,
  onChanged,
  withItem = false,
}: {
  d: Disposal;
  onChanged: (message: string) => void;
  withItem?: boolean;
}) {
  const tx = useEquipmentText();
  const { can } = useSession();
  const action = useAction();
  const [kind, setKind] = useState<EvidenceKind>('wipe_log');
  const [file, setFile] = useState<File | null>(null);
  const open = d.status === 'open' && can('network.manage');
  const upload = async () => {
    if (!file) return;
    const contentBase64 = await fileBase64(file);
    const r = await action.run(() =>
      mgmtApi.POST('/api/v1/equipment/disposals/{disposalId}/evidence', {
        params: { path: { disposalId: d.id } },
        body: {
          kind,
          filename: file.name,
          contentType: file.type || 'application/octet-stream',
          contentBase64,
        },
      }),
    );
    if (r) {
      setFile(null);
      onChanged(tx.uploaded);
    }
  };
  const step = async (what: 'complete' | 'cancel') => {
    const path = { params: { path: { disposalId: d.id } } };
    const r = await action.run(() =>
      what === 'complete'
        ? mgmtApi.POST('/api/v1/equipment/disposals/{disposalId}/complete', path)
        : mgmtApi.POST('/api/v1/equipment/disposals/{disposalId}/cancel', path),
    );
    if (r) onChanged(what === 'complete' ? tx.completed : tx.saved);
  };
  const row = (label: string, value: React.ReactNode) => (
    <Table.Tr>
      <Table.Th w={220}>{label}</Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <Card withBorder padding="md" data-testid={`disposal-${d.id}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={600}>
              {tx.outcomes[d.outcome]} · {tx.methods[d.method]}
            </Text>
            <Badge
              color={d.status === 'completed' ? 'green' : d.status === 'open' ? 'blue' : 'gray'}
              data-testid="disposal-status"
            >
              {tx.disposalStatuses[d.status]}
            </Badge>
          </Group>
          {withItem && (
            <Anchor size="sm" {...linkProps(itemUrl(d.item.kind, d.item.id))}>
              {d.item.label}
            </Anchor>
          )}
        </Group>
        <Table withRowBorders={false} verticalSpacing={4}>
          <Table.Tbody>
            {d.supplier && row(tx.contractor, d.supplier.name)}
            {row(tx.performer, d.performer?.name ?? '—')}
            {row(tx.performedOn, d.performedOn ?? '—')}
            {row(tx.verifier, d.verifier?.name ?? '—')}
            {row(tx.completedAt, d.completedAt ? formatInstant(d.completedAt) : '—')}
            {d.item.kind === 'device' &&
              row(tx.covered, d.components.map((c) => c.label).join(', ') || tx.none)}
            {d.notes && row(tx.notes, d.notes)}
          </Table.Tbody>
        </Table>
        <Text fw={600} size="sm">
          {tx.evidence}
        </Text>
        {d.evidence.length === 0 ? (
          <Text size="sm" c="dimmed">
            {tx.noEvidence}
          </Text>
        ) : (
          <Stack gap={2}>
            {d.evidence.map((e) => (
              <Text size="sm" key={e.id}>
                {tx.evidenceKinds[e.kind]}:{' '}
                <Anchor
                  href={`/api/v1/equipment/disposals/${d.id}/evidence/${e.id}`}
                  data-testid="evidence-link"
                >
                  {e.filename}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  ({e.sizeBytes.toLocaleString('en-US')} B · {e.uploadedBy?.name ?? ''} ·{' '}
                  {formatInstant(e.uploadedAt)} · SHA-256 {e.sha256.slice(0, 12)}…)
                </Text>
              </Text>
            ))}
          </Stack>
        )}
        <ProblemAlert problem={action.problem} />
        {open && (
          <>
            <Group align="flex-end">
              <Select
                label={tx.kind}
                data={(['wipe_log', 'certificate', 'other'] as EvidenceKind[]).map((k) => ({
                  value: k,
                  label: tx.evidenceKinds[k],
                }))}
                value={kind}
                onChange={(v) => v && setKind(v)}
                w={220}
                allowDeselect={false}
              />
              <FileInput
                label={tx.file}
                value={file}
                onChange={setFile}
                w={280}
                data-testid="evidence-file"
                clearable
              />
              <Button variant="light" onClick={() => void upload()} disabled={!file} loading={action.busy}>
                {tx.upload}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {tx.completeHelp}
            </Text>
            <Group>
              <Button color="green" onClick={() => void step('complete')} loading={action.busy}>
                {tx.complete}
              </Button>
              <Button variant="subtle" color="gray" onClick={() => void step('cancel')} loading={action.busy}>
                {tx.cancelRecord}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}
