import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { formatInstant } from '../../lib/time.ts';
import { advisoryUrl, deviceUrl, type Match } from './api.ts';
import { AssessModal } from './AssessModal.tsx';
import { useVulnText } from './i18n.ts';
import { ChangeLink, SeverityBadge, StateBadge } from './parts.tsx';

/**
 * Matches with their assessment; staff with vulnerabilities.manage assess from here. `withAdvisory`
 * shows which advisory (lists across advisories), `withItem` which item (lists across items).
 */
export function MatchesTable({
  matches,
  onChanged,
  withAdvisory = true,
  withItem = true,
}: {
  matches: Match[];
  onChanged: (message: string) => void;
  withAdvisory?: boolean;
  withItem?: boolean;
}) {
  const tx = useVulnText();
  const { can } = useSession();
  const manage = can('vulnerabilities.manage');
  const [assessing, setAssessing] = useState<Match | null>(null);
  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table striped verticalSpacing="xs" data-testid="vuln-matches">
          <Table.Thead>
            <Table.Tr>
              {withAdvisory && <Table.Th>{tx.id}</Table.Th>}
              {withItem && <Table.Th>{tx.item}</Table.Th>}
              <Table.Th>{tx.version}</Table.Th>
              <Table.Th>{tx.state}</Table.Th>
              <Table.Th>{tx.due}</Table.Th>
              <Table.Th>{tx.change}</Table.Th>
              <Table.Th>{tx.assessed}</Table.Th>
              {manage && <Table.Th>{tx.actions}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {matches.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={8}>
                  <Text c="dimmed" size="sm" py="sm">
                    {tx.noMatches}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {matches.map((m) => (
              <Table.Tr key={m.id} data-testid={`match-${m.item.label}`} opacity={m.current ? 1 : 0.6}>
                {withAdvisory && (
                  <Table.Td>
                    <Anchor size="sm" {...linkProps(advisoryUrl(m.advisory.id))}>
                      {m.advisory.externalId}
                    </Anchor>
                    <Group gap={4} mt={2}>
                      <SeverityBadge severity={m.advisory.severity} score={m.advisory.cvssScore} tx={tx} />
                    </Group>
                  </Table.Td>
                )}
                {withItem && (
                  <Table.Td>
                    <Anchor size="sm" {...linkProps(deviceUrl(m.item.deviceId ?? m.item.id))}>
                      {m.item.label}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {m.item.vendor} {m.item.product}
                    </Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm">{m.versionSeen}</Text>
                  {m.verdict === 'undetermined' && (
                    <Badge size="xs" color="grape" variant="light">
                      {tx.undeterminedBadge}
                    </Badge>
                  )}
                  {!m.current && (
                    <Text size="xs" c="dimmed">
                      {tx.resolved}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <StateBadge state={m.state} tx={tx} />
                  {m.justification && (
                    <Text size="xs" c="dimmed" lineClamp={2} maw={260}>
                      {m.justification}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" c={m.overdue ? 'red' : undefined} fw={m.overdue ? 700 : undefined}>
                    {m.dueDate ?? '—'}
                  </Text>
                  {m.overdue && (
                    <Badge size="xs" color="red">
                      {tx.overdue}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <ChangeLink change={m.change} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{m.assessedBy?.name ?? '—'}</Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {m.assessedAt ? formatInstant(m.assessedAt) : ''}
                  </Text>
                </Table.Td>
                {manage && (
                  <Table.Td>
                    <Button size="compact-xs" variant="light" onClick={() => setAssessing(m)}>
                      {tx.assess}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <AssessModal
        match={assessing}
        onClose={() => setAssessing(null)}
        onSaved={() => {
          setAssessing(null);
          onChanged(tx.saved);
        }}
      />
    </>
  );
}
